"""Update rounds as time moves (issue 20): their states, which updates belong to them, each
lead's and action's progress, and the plan's reminder setting."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from improvement_tracker.audit.models import AuditEvent
from improvement_tracker.plans.models import UpdateRound
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.rounds import RoundState
from improvement_tracker.plans.selectors.rounds import (
    NO_LEAD,
    open_round,
    open_round_asks,
    plan_rounds,
    round_progress,
)
from improvement_tracker.plans.services.rounds import (
    plan_reminder_days_set,
    round_close,
    round_dates_refusal,
    round_open,
)
from improvement_tracker.plans.services.rules import EditRefused
from tests.factories import (
    ActionFactory,
    DomainFactory,
    LeadFactory,
    plan_of_actions,
    record_update,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
BOARD, DEADLINE = dt.date(2027, 3, 10), dt.date(2027, 3, 3)


def on(day: dt.date) -> time_machine.travel:
    """Midday on `day` in London, the clock standing still."""
    return time_machine.travel(dt.datetime.combine(day, dt.time(12), tzinfo=LONDON), tick=False)


@pytest.fixture
def domain():
    """Help and Protection: actions 1 and 2 led by the Police, 3 by the Director, 4 by no
    lead in the register, 5 complete (so not asked about by default)."""
    domain = DomainFactory(position=1, label="Help and Protection")
    police = LeadFactory(organisation=domain.plan.organisation, name="Northumbria Police")
    director = LeadFactory(organisation=domain.plan.organisation, name="Director")
    for number, lead in (("1", police), ("2", police), ("3", director), ("4", None)):
        action = ActionFactory(domain=domain, number=number, status=Status.ON_TRACK)
        if lead is not None:
            action.leads.add(lead)
    ActionFactory(domain=domain, number="5", status=Status.COMPLETE)
    return domain


def action(domain, number):
    return domain.actions.get(number=number)


def update(domain, number, day):
    found = action(domain, number)
    return record_update(found, made_on=day, status=Status.ON_TRACK, progress=f"On {day}.")


def test_a_round_is_open_then_reminders_due_then_past_its_deadline_then_closed(domain):
    plan = domain.plan
    with on(dt.date(2027, 2, 20)):
        opened = round_open(plan=plan, board_date=BOARD, deadline=DEADLINE, by=None)
        assert round_progress(opened).state is RoundState.OPEN
    with on(dt.date(2027, 2, 27)):  # the plan's default: three days before the deadline
        assert round_progress(opened).state is RoundState.OPEN
    with on(dt.date(2027, 2, 28)):
        assert round_progress(opened).state is RoundState.REMINDERS_DUE
    with on(DEADLINE):
        assert round_progress(opened).state is RoundState.REMINDERS_DUE
    with on(dt.date(2027, 3, 4)):
        assert round_progress(opened).state is RoundState.DEADLINE_PASSED
        assert [summary.state for summary in plan_rounds(plan=plan)] == [RoundState.DEADLINE_PASSED]
        round_close(update_round=opened, by=None)
        assert round_progress(opened).state is RoundState.CLOSED
    with on(dt.date(2027, 2, 1)):  # closed, whatever the day
        assert round_progress(opened).state is RoundState.CLOSED


def test_the_plans_reminder_setting_moves_when_reminders_fall_due(domain):
    plan = domain.plan
    with on(dt.date(2027, 2, 20)):
        opened = round_open(plan=plan, board_date=BOARD, deadline=DEADLINE, by=None)
        plan_reminder_days_set(plan=plan, days=10, by=None)
    with on(dt.date(2027, 2, 21)):
        assert round_progress(opened).state is RoundState.REMINDERS_DUE
    plan_reminder_days_set(plan=plan, days=0, by=None)
    with on(dt.date(2027, 3, 2)):
        assert round_progress(opened).state is RoundState.OPEN


def test_updates_while_a_round_is_open_belong_to_it_and_after_it_closes_do_not(domain):
    plan = domain.plan
    with on(dt.date(2027, 2, 20)):
        opened = round_open(plan=plan, board_date=BOARD, deadline=DEADLINE, by=None)
        before = update(domain, "1", dt.date(2027, 2, 20))
    with on(dt.date(2027, 3, 5)):  # late, but the round is still open
        late = update(domain, "3", dt.date(2027, 3, 5))
        round_close(update_round=opened, by=None)
        after = update(domain, "2", dt.date(2027, 3, 5))
    assert before.round == opened
    assert late.round == opened
    assert after.round is None
    progress = round_progress(opened)
    assert [(item.action.number, item.updated) for item in progress.actions] == [
        ("1", True),
        ("2", False),
        ("3", True),
        ("4", False),
    ]
    assert (progress.updated, progress.total) == (2, 4)


def test_an_action_not_in_the_round_is_not_claimed_by_it(domain):
    plan = domain.plan
    with on(dt.date(2027, 2, 20)):
        opened = round_open(
            plan=plan,
            board_date=BOARD,
            deadline=DEADLINE,
            by=None,
            actions=[action(domain, "1")],
        )
        outside = update(domain, "2", dt.date(2027, 2, 20))
        inside = update(domain, "1", dt.date(2027, 2, 20))
    assert outside.round is None
    assert inside.round == opened
    assert [item.action.number for item in round_progress(opened).actions] == ["1"]


def test_by_default_a_round_asks_about_every_action_not_complete(domain):
    with on(dt.date(2027, 2, 20)):
        opened = round_open(plan=domain.plan, board_date=BOARD, deadline=DEADLINE, by=None)
    assert sorted(opened.actions.values_list("number", flat=True)) == ["1", "2", "3", "4"]


def test_each_leads_part_counts_their_actions_updated_in_the_round(domain):
    with on(dt.date(2027, 2, 20)):
        opened = round_open(plan=domain.plan, board_date=BOARD, deadline=DEADLINE, by=None)
        update(domain, "2", dt.date(2027, 2, 20))
    parts = round_progress(opened).leads
    assert [(part.name, part.updated, part.total) for part in parts] == [
        ("Director", 0, 1),
        ("Northumbria Police", 1, 2),
        (NO_LEAD, 0, 1),
    ]
    police = parts[1]
    assert [(item.action.number, item.updated) for item in police.actions] == [
        ("1", False),
        ("2", True),
    ]


def test_one_round_open_at_a_time_and_open_round_finds_it(domain):
    plan = domain.plan
    assert open_round(plan) is None
    with on(dt.date(2027, 2, 20)):
        opened = round_open(plan=plan, board_date=BOARD, deadline=DEADLINE, by=None)
        with pytest.raises(EditRefused, match="already has an open update round"):
            round_open(plan=plan, board_date=BOARD, deadline=DEADLINE, by=None)
        assert open_round(plan) == opened
        round_close(update_round=opened, by=None)
        assert open_round(plan) is None
        again = round_open(plan=plan, board_date=BOARD, deadline=DEADLINE, by=None)
    assert open_round(plan) == again
    assert [summary.update_round for summary in plan_rounds(plan=plan)] == [again, opened]


def test_a_new_rounds_dates_are_checked_for_the_page_and_the_command_alike():
    with on(dt.date(2027, 2, 20)):
        past = round_dates_refusal(board_date=dt.date(2027, 2, 19), deadline=dt.date(2027, 2, 1))
        late = round_dates_refusal(board_date=BOARD, deadline=dt.date(2027, 3, 11))
        today = round_dates_refusal(board_date=dt.date(2027, 2, 20), deadline=dt.date(2027, 2, 20))
    assert past is not None and past.field == "board_date"
    assert late is not None and late.field == "deadline"
    assert today is None


def test_open_round_asks_say_what_each_action_owes_its_open_round(domain):
    with on(dt.date(2027, 2, 20)):
        opened = round_open(
            plan=domain.plan,
            board_date=BOARD,
            deadline=DEADLINE,
            by=None,
            actions=[action(domain, "1"), action(domain, "2")],
        )
        update(domain, "1", dt.date(2027, 2, 20))
        asks = open_round_asks(domain.actions.values_list("pk", flat=True))
    assert {action_id: ask.updated for action_id, ask in asks.items()} == {
        action(domain, "1").pk: True,
        action(domain, "2").pk: False,
    }
    assert {ask.update_round for ask in asks.values()} == {opened}
    round_close(update_round=opened, by=None)
    assert open_round_asks(domain.actions.values_list("pk", flat=True)) == {}


def test_the_reminder_setting_is_audited_and_refused_outside_0_to_30(domain):
    plan = domain.plan
    plan_reminder_days_set(plan=plan, days=7, by=None)
    plan.refresh_from_db()
    assert plan.reminder_days_before == 7
    event = AuditEvent.objects.filter(plan_id=plan.pk).latest("pk")
    assert (event.before, event.after) == ({"reminder_days_before": 3}, {"reminder_days_before": 7})
    for days in (-1, 31):
        with pytest.raises(EditRefused) as refused:
            plan_reminder_days_set(plan=plan, days=days, by=None)
        assert refused.value.field == "days"
    plan.refresh_from_db()
    assert plan.reminder_days_before == 7


def test_round_progress_reads_a_fixed_number_of_queries(django_assert_max_num_queries):
    small, large = plan_of_actions(3), plan_of_actions(40)
    with on(dt.date(2027, 2, 20)):
        rounds = [
            round_open(plan=plan, board_date=BOARD, deadline=DEADLINE, by=None)
            for plan in (small, large)
        ]
        for update_round in rounds:
            for item in update_round.actions.all()[:2]:
                record_update(
                    item, made_on=dt.date(2027, 2, 20), status=Status.ON_TRACK, progress="."
                )
    for update_round in rounds:
        fresh = UpdateRound.objects.get(pk=update_round.pk)
        with django_assert_max_num_queries(5):
            progress = round_progress(fresh)
            assert progress.updated == 2
            assert all(part.total for part in progress.leads)
    ids = list(large.domains.get().actions.values_list("pk", flat=True))
    with django_assert_max_num_queries(3):
        asks = open_round_asks(ids)
    assert len(asks) == 40 and sum(ask.updated for ask in asks.values()) == 2
