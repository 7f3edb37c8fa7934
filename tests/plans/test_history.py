"""Dated updates keep their history, and the tracker can be read as at any date."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from improvement_tracker.plans.models import ActionUpdate, StatusChange
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.selectors.actions import action_history
from improvement_tracker.plans.selectors.tracker import plan_tracker
from improvement_tracker.plans.services.rules import StaleAction, UpdateRefused
from tests.factories import ActionFactory, DomainFactory, record_update

pytestmark = pytest.mark.django_db

D = dt.date


def summary(slug, *args):
    out = StringIO()
    call_command("plan_summary", slug, "--json", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def small_plan(django_user_model):
    domain = DomainFactory(label="Leadership")
    first = ActionFactory(domain=domain, number=1, status=Status.ON_TRACK, made_on=D(2020, 9, 1))
    ActionFactory(domain=domain, number=2, status=Status.AT_RISK, made_on=D(2020, 9, 1))
    lead = django_user_model.objects.create_user(username="lead", first_name="Lee", last_name="Ada")
    return domain.plan, first, lead


def lead_records(small_plan, made_on, status, progress, **more):
    """The lead records an update to action 1 of the small plan."""
    _, first, lead = small_plan
    return record_update(first, by=lead, made_on=made_on, status=status, progress=progress, **more)


def test_as_at_view_before_and_after_a_change_gives_old_and_new_table1(small_plan):
    plan, _, _ = small_plan
    reason = "Signed off by the board."
    lead_records(small_plan, D(2020, 11, 15), Status.COMPLETE, "Complete.", reason=reason)
    before = summary(plan.slug, "--as-of", "2020-11-14")["table1"]["Leadership"]
    after = summary(plan.slug, "--as-of", "2020-11-15")["table1"]["Leadership"]
    assert (before["Green"], before["Completed"]) == (1, 0)
    assert (after["Green"], after["Completed"]) == (0, 1)
    # Before any update at all, nothing was rated.
    assert summary(plan.slug, "--as-of", "2020-08-31")["table1"]["Leadership"]["Not rated"] == 2


def test_status_change_records_who_when_from_to_and_why(small_plan):
    _, _, lead = small_plan
    update = lead_records(
        small_plan, D(2020, 11, 15), Status.OFF_TRACK, "Slipped.", reason="Date passed."
    )
    change = StatusChange.objects.get(update=update)
    assert (change.changed_by, change.from_status, change.to_status, change.reason) == (
        lead,
        Status.ON_TRACK,
        Status.OFF_TRACK,
        "Date passed.",
    )
    assert change.changed_at is not None


def test_update_without_a_status_change_records_no_change(small_plan):
    _, first, _ = small_plan
    lead_records(small_plan, D(2020, 11, 15), Status.ON_TRACK, "Still on track.")
    assert StatusChange.objects.filter(action=first).count() == 0
    assert ActionUpdate.objects.filter(action=first).count() == 2


def test_history_is_newest_first_and_tracker_shows_the_latest(small_plan):
    plan, first, _ = small_plan
    for day, words in [(D(2020, 10, 1), "October words"), (D(2020, 12, 1), "December words")]:
        lead_records(small_plan, day, Status.ON_TRACK, words)
    history = action_history(action=first)
    assert [u.made_on for u in history] == [D(2020, 12, 1), D(2020, 10, 1), D(2020, 9, 1)]
    latest = plan_tracker(plan=plan, as_of=D(2021, 1, 1)).domains[0].actions[0]
    assert latest.progress == "December words"
    october = plan_tracker(plan=plan, as_of=D(2020, 11, 30)).domains[0].actions[0]
    assert october.progress == "October words"


def test_a_stale_version_is_refused_and_nothing_is_saved(small_plan):
    _, first, _ = small_plan
    seen = first.version
    lead_records(small_plan, D(2020, 11, 1), Status.AT_RISK, "First save.", expected_version=seen)
    with pytest.raises(StaleAction):
        old_copy = "Second save from an old copy."
        lead_records(small_plan, D(2020, 11, 2), Status.OFF_TRACK, old_copy, expected_version=seen)
    assert action_history(action=first)[0].progress == "First save."


def test_an_update_dated_in_the_future_is_refused(small_plan):
    _, first, _ = small_plan
    with pytest.raises(UpdateRefused):
        lead_records(small_plan, D(2999, 1, 1), Status.AT_RISK, "From the future.")
    assert ActionUpdate.objects.filter(action=first).count() == 1


def test_plan_exceptions_command_lists_one_row_per_flag(example_plan):
    out = StringIO()
    call_command(
        "plan_exceptions", example_plan.slug, "--as-of", "2020-10-31", "--json", stdout=out
    )
    rows = json.loads(out.getvalue())
    assert rows == [
        {
            "domain": "Children in Care & Care Leavers",
            "number": "4",
            "kind": "impossible_date",
            "reason": "31/02/2020 is not a real date: February 2020 has 29 days. "
            "Correct the timescale.",
        },
        {
            "domain": "Leadership",
            "number": "16",
            "kind": "complete_not_completed",
            "reason": "The timescale says 'Complete' but the action is rated Not rated.",
        },
    ]
    flags = summary(example_plan.slug, "--as-of", "2020-10-31")["flags"]
    assert flags == {"complete_not_completed": 1, "impossible_date": 1}
