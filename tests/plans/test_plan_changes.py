"""What changed in a plan between two dates, over histories built through the services,
with the clock moved by time-machine: the as-at reading of updates and of the audit trail."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from improvement_tracker.plans.changes import Change, ChangeKind
from improvement_tracker.plans.models import Action, BoardPack, Plan
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.selectors.changes import (
    default_since,
    last_board_date,
    plan_changes,
)
from improvement_tracker.plans.services import actions as action_services
from improvement_tracker.plans.services import archiving, domains
from tests.factories import ActionFactory, DomainFactory, PlanFactory, record_update

pytestmark = pytest.mark.django_db

SINCE, UNTIL = dt.date(2027, 1, 31), dt.date(2027, 2, 28)


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC)


@pytest.fixture
def clock():
    """A January 2027 plan: two domains, an action each, rated Amber in January."""
    with time_machine.travel(at(dt.date(2027, 1, 10)), tick=False) as traveller:
        yield traveller


@pytest.fixture
def plan(clock):
    plan = PlanFactory()
    governance = DomainFactory(plan=plan, label="Governance", position=1)
    DomainFactory(plan=plan, label="Finance", position=2)
    action = ActionFactory(domain=governance, number="3", timescale_text="March 2028")
    record_update(action, made_on=dt.date(2027, 1, 10), status=Status.AT_RISK, progress="Begun.")
    clock.move_to(at(dt.date(2027, 2, 10)))
    return plan


def the_action(plan) -> Action:
    return Action.objects.get(domain__plan=plan, text__isnull=False, number__in=["3", "7", "9"])


def updated(action: Action, status: Status = Status.AT_RISK, day=dt.date(2027, 2, 10)):
    record_update(action, made_on=day, status=status, progress="Going on.")
    action.refresh_from_db()
    return action


def changes(plan, since=SINCE, until=UNTIL) -> list[Change]:
    return plan_changes(plan, since=since, until=until)


def kinds(plan, **dates) -> list[ChangeKind]:
    return [change.kind for change in changes(plan, **dates)]


def edit(action: Action, **values) -> Action:
    fields = {
        "text": action.text,
        "lead_text": action.lead_text,
        "leads": list(action.leads.all()),
        "timescale_text": action.timescale_text,
        "high_priority": action.high_priority,
    } | values
    return action_services.action_edit(
        action=action, expected_version=action.version, by=None, **fields
    )


def test_an_updated_action_otherwise_unchanged_is_no_change(plan):
    updated(the_action(plan))
    assert changes(plan) == []


def test_an_action_with_no_update_between_the_dates_is_listed(plan):
    assert changes(plan) == [
        Change(
            "Governance",
            "3",
            ChangeKind.NO_UPDATE,
            "last update 10 January 2027",
            "",
            "No update between 31 January 2027 and 28 February 2027 (last update 10 January 2027)",
        )
    ]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Status.ON_TRACK, [ChangeKind.STATUS_BETTER]),
        (Status.OFF_TRACK, [ChangeKind.STATUS_WORSE, ChangeKind.NEWLY_RED]),
        (Status.COMPLETE, [ChangeKind.STATUS_BETTER, ChangeKind.COMPLETED]),
        (Status.NOT_STARTED, [ChangeKind.STATUS_MOVED]),
    ],
)
def test_a_status_recorded_between_the_dates_is_compared_with_the_last_before(
    plan, status, expected
):
    updated(the_action(plan), status)
    assert kinds(plan) == expected


def test_a_change_after_until_is_not_counted(plan, clock):
    clock.move_to(at(dt.date(2027, 3, 5)))
    action = updated(the_action(plan), Status.OFF_TRACK, day=dt.date(2027, 3, 5))
    edit(action, timescale_text="June 2028")
    action_services.action_move(
        action=action,
        domain=action.domain.plan.domains.get(label="Finance"),
        number="9",
        expected_version=action.version,
        by=None,
    )
    assert kinds(plan) == [ChangeKind.NO_UPDATE]
    # …and is counted when the dates reach it.
    later = kinds(plan, until=dt.date(2027, 3, 31))
    assert ChangeKind.STATUS_WORSE in later and ChangeKind.MOVED in later


def test_an_update_made_on_a_day_in_the_window_counts_however_late_it_was_recorded(plan, clock):
    clock.move_to(at(dt.date(2027, 4, 2)))
    updated(the_action(plan), Status.ON_TRACK, day=dt.date(2027, 2, 20))
    assert kinds(plan) == [ChangeKind.STATUS_BETTER]


def test_a_timescale_moved_says_by_how_much(plan):
    edit(updated(the_action(plan)), timescale_text="June 2028")
    (change,) = changes(plan)
    assert (change.kind, change.before, change.after) == (
        ChangeKind.TIMESCALE_MOVED,
        "March 2028",
        "June 2028",
    )
    assert change.words == "Moved from March 2028 to June 2028 (3 months later)"


def test_a_timescale_passed_between_the_dates_is_newly_overdue(plan, clock):
    action = the_action(plan)
    clock.move_to(at(dt.date(2027, 1, 12)))
    edit(action, timescale_text="15/02/2027")
    clock.move_to(at(dt.date(2027, 2, 20)))
    updated(action, day=dt.date(2027, 2, 20))
    assert kinds(plan) == [ChangeKind.NEWLY_OVERDUE, ChangeKind.FLAG_NEW]
    flag = changes(plan)[1]
    assert flag.after == "Rating contradicts the key"


def test_a_flag_cleared_by_completing(plan, clock):
    action = the_action(plan)
    clock.move_to(at(dt.date(2027, 1, 12)))
    edit(action, timescale_text="Complete")
    clock.move_to(at(dt.date(2027, 2, 20)))
    updated(action, Status.COMPLETE, day=dt.date(2027, 2, 20))
    assert ChangeKind.FLAG_CLEARED in kinds(plan)
    assert ChangeKind.FLAG_CLEARED not in kinds(plan, since=dt.date(2027, 1, 5))


def test_an_action_added_between_the_dates(plan):
    updated(the_action(plan))
    finance = plan.domains.get(label="Finance")
    action_services.action_add(
        domain=finance,
        number="1",
        text="Balance the books.",
        lead_text="",
        leads=[],
        timescale_text="March 2028",
        high_priority=False,
        by=None,
    )
    assert [(c.domain, c.reference, c.kind) for c in changes(plan)] == [
        ("Finance", "1", ChangeKind.ADDED),
        ("Finance", "1", ChangeKind.NO_UPDATE),
    ]
    assert changes(plan)[0].words == "Added: Balance the books."


def test_an_action_archived_between_the_dates(plan):
    action = the_action(plan)
    archiving.action_archive(action=action, by=None, expected_version=action.version)
    (change,) = changes(plan)
    assert (change.kind, change.before, change.after) == (ChangeKind.ARCHIVED, "Amber", "Archived")
    assert change.words == "Archived on 10 February 2027; it was Amber"


def test_an_action_archived_after_until_is_still_in_the_plan_as_at_until(plan, clock):
    clock.move_to(at(dt.date(2027, 3, 3)))
    action = updated(the_action(plan), Status.ON_TRACK, day=dt.date(2027, 2, 27))
    archiving.action_archive(action=action, by=None, expected_version=action.version)
    assert kinds(plan) == [ChangeKind.STATUS_BETTER]


def test_a_domain_archived_takes_its_actions_out(plan):
    domains.domain_rename  # noqa: B018 - the domain services are the ones used
    governance = plan.domains.get(label="Governance")
    archiving.domain_archive(domain=governance, by=None)
    assert kinds(plan) == [ChangeKind.ARCHIVED]


def test_an_action_moved_to_another_domain(plan):
    action = updated(the_action(plan))
    action_services.action_move(
        action=action,
        domain=plan.domains.get(label="Finance"),
        number="7",
        expected_version=action.version,
        by=None,
    )
    (change,) = changes(plan)
    assert (change.domain, change.reference, change.kind) == ("Finance", "7", ChangeKind.MOVED)
    assert (change.before, change.after) == ("Governance 3", "Finance 7")


def test_an_action_renumbered_with_its_domain(plan):
    action = updated(the_action(plan))
    action_services.domain_renumber(
        domain=action.domain,
        numbers={action.pk: "9"},
        expected_versions={action.pk: action.version},
        by=None,
    )
    assert [(c.reference, c.kind, c.before) for c in changes(plan)] == [
        ("9", ChangeKind.MOVED, "Governance 3")
    ]


def test_a_renamed_domain_moves_no_action_and_is_named_as_at_each_date(plan):
    action = updated(the_action(plan))
    governance = plan.domains.get(label="Governance")
    domains.domain_rename(domain=governance, title="Leadership", label="Leadership", by=None)
    # An edit after the rename carries the new label in its values before.
    edit(action, timescale_text="June 2028")
    (change,) = changes(plan)
    assert (change.domain, change.kind) == ("Leadership", ChangeKind.TIMESCALE_MOVED)
    # As at January it was still Governance.
    (january,) = changes(plan, since=dt.date(2027, 1, 5), until=dt.date(2027, 1, 31))
    assert january.domain == "Governance"


def test_a_mixed_history_in_the_domains_and_numbers_order(plan, clock):
    first = the_action(plan)
    finance = plan.domains.get(label="Finance")
    second = ActionFactory(domain=finance, number="2", timescale_text="March 2028")
    clock.move_to(at(dt.date(2027, 1, 20)))
    record_update(second, made_on=dt.date(2027, 1, 20), status=Status.ON_TRACK, progress="Ok.")
    clock.move_to(at(dt.date(2027, 2, 15)))
    updated(second, Status.OFF_TRACK, day=dt.date(2027, 2, 15))
    edit(first, timescale_text="December 2027")
    got = [(c.domain, c.reference, c.kind) for c in changes(plan)]
    assert got == [
        ("Governance", "3", ChangeKind.TIMESCALE_MOVED),
        ("Governance", "3", ChangeKind.NO_UPDATE),
        ("Finance", "2", ChangeKind.STATUS_WORSE),
        ("Finance", "2", ChangeKind.NEWLY_RED),
    ]
    assert "3 months earlier" in changes(plan)[0].words


def test_another_plans_changes_are_not_this_ones(plan):
    other = ActionFactory(timescale_text="March 2028")
    updated(other, Status.OFF_TRACK)
    updated(the_action(plan))
    assert changes(plan) == []


def test_the_reading_makes_the_same_few_queries_for_any_number_of_actions(plan):
    governance = plan.domains.get(label="Governance")
    with CaptureQueriesContext(connection) as few:
        changes(Plan.objects.get(pk=plan.pk))
    for number in range(10, 30):
        ActionFactory(domain=governance, number=number, timescale_text="March 2028")
    with CaptureQueriesContext(connection) as many:
        changes(Plan.objects.get(pk=plan.pk))
    assert len(many) == len(few) <= 7


def test_last_board_date_is_the_latest_live_packs(plan):
    assert last_board_date(plan) is None
    assert default_since(plan, until=dt.date(2027, 3, 31)) == dt.date(2027, 2, 28)
    now = timezone.now()
    BoardPack.objects.create(plan=plan, board_date=dt.date(2027, 1, 15), issued_at=now)
    BoardPack.objects.create(
        plan=plan, board_date=dt.date(2027, 2, 15), issued_at=now, archived_at=now
    )
    assert last_board_date(plan) == dt.date(2027, 1, 15)
    assert default_since(plan, until=UNTIL) == dt.date(2027, 1, 15)


def test_a_start_after_the_end_is_refused(plan):
    with pytest.raises(ValueError, match="since"):
        changes(plan, since=UNTIL, until=SINCE)


@pytest.mark.parametrize(
    ("until", "since"),
    [
        (dt.date(2027, 3, 31), dt.date(2027, 2, 28)),
        (dt.date(2027, 1, 15), dt.date(2026, 12, 15)),
        (dt.date(2028, 3, 30), dt.date(2028, 2, 29)),
    ],
)
def test_without_a_board_it_starts_a_month_before_the_end(plan, until, since):
    assert default_since(plan, until=until) == since
