"""A plan's trends: at each date, the Table 1, overdue and flagged counts the tracker shows
as at that date (issue 20), counted from one reading of the updates."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from improvement_tracker.plans.key_checks import is_overdue
from improvement_tracker.plans.models import BoardPack, Plan
from improvement_tracker.plans.rag import KeyEntry, Status, StatusKey, status_of
from improvement_tracker.plans.selectors.tracker import plan_tracker
from improvement_tracker.plans.selectors.trends import plan_trends
from improvement_tracker.plans.trends import Basis, Trends, month_ends
from tests.custom_key import TRUST_KEY, use_key
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    DomainFactory,
    PlanFactory,
    plan_of_actions,
)

pytestmark = pytest.mark.django_db

TIMESCALES = [
    "01/04/2021",
    "31/12/2020",
    "Quarterly from 01/12/2019",
    "Monthly from 30/09/2020",
    "Complete",
    "31/02/2021",  # an impossible date: flagged
    "When the review ends",  # not understood: flagged
    "Ongoing",
]
STATUSES = [status for status in Status if status is not Status.COMPLETE_ASSURED]


def tracker_figures(plan: Plan, day: dt.date) -> tuple[dict[str, dict[str, int]], int, int]:
    """Table 1, overdue and flagged actions as the tracker shows the plan as at `day`."""
    tracker = plan_tracker(plan=plan, as_of=day)
    overdue = sum(
        is_overdue(
            timescale=a.reading, status=status_of(a.status), update_dates=a.update_dates, as_of=day
        )
        for a in tracker.actions
    )
    flagged = sum(1 for a in tracker.actions if a.flags)
    return tracker.table1, overdue, flagged


def assert_same_as_tracker(plan: Plan, dates: list[dt.date]) -> None:
    trends = plan_trends(plan, dates=dates)
    assert trends.dates == sorted(set(dates))
    for point in trends.points:
        assert (point.table1, point.overdue, point.flagged) == tracker_figures(plan, point.on)


@pytest.fixture
def history() -> Plan:
    """Two domains over a year: statuses moving, a recurring action whose reviews lapse,
    an archived action, two updates on one day, a date that passes."""
    help_ = DomainFactory(position=1, label="Help and Protection")
    plan = help_.plan
    leadership = DomainFactory(plan=plan, position=2, label="Leadership")
    one = ActionFactory(domain=help_, number=1, timescale_text="31/12/2020", first_update=None)
    for made_on, status in [
        (dt.date(2020, 10, 1), Status.ON_TRACK),
        (dt.date(2020, 12, 1), Status.AT_RISK),
        (dt.date(2021, 2, 1), Status.COMPLETE),
    ]:
        ActionUpdateFactory(action=one, made_on=made_on, status=status)
    two = ActionFactory(
        domain=help_, number=2, timescale_text="Quarterly from 01/09/2020", first_update=None
    )
    ActionUpdateFactory(action=two, made_on=dt.date(2020, 10, 15), status=Status.ON_TRACK)
    three = ActionFactory(domain=leadership, number=1, first_update=None, high_priority=True)
    # Two on one day: the later recorded is the one that counts.
    ActionUpdateFactory(action=three, made_on=dt.date(2020, 11, 1), status=Status.OFF_TRACK)
    ActionUpdateFactory(action=three, made_on=dt.date(2020, 11, 1), status=Status.AT_RISK)
    ActionFactory(domain=leadership, number=2, timescale_text="Complete", first_update=None)
    gone = ActionFactory(domain=leadership, number=3, status=Status.OFF_TRACK)
    gone.archived_at = timezone.now()
    gone.save(update_fields=["archived_at"])
    return plan


DATES = [dt.date(2020, 9, 30), dt.date(2020, 11, 1), dt.date(2021, 1, 31), dt.date(2021, 3, 31)]


def test_each_date_counts_as_the_tracker_as_at_that_date(history):
    assert_same_as_tracker(history, DATES)


def test_the_figures_follow_the_history(history):
    trends = plan_trends(history, dates=DATES)
    totals = [point.table1["Totals"] for point in trends.points]
    # 30 Sep 2020: nothing rated yet; all four live actions (not the archived one) counted.
    assert totals[0]["Not rated"] == 4
    assert totals[0]["Total"] == 4
    # 1 Nov: 1 Green (on track), 2 Green, Leadership 1 Amber (the later of its two updates).
    assert (totals[1]["Green"], totals[1]["Amber"], totals[1]["Red"]) == (2, 1, 0)
    assert trends.points[1].table1["Leadership"]["Amber"] == 1
    # 31 Jan 2021: action 1 Amber past its date of 31 Dec: overdue and flagged. Action 2's
    # quarterly cycle from 1 Dec has not ended yet.
    assert totals[2]["Amber"] == 2
    assert trends.points[2].overdue == 1
    # 31 Mar: action 1 complete, no longer overdue; action 2's review, due 1 Mar, is.
    assert totals[3]["Completed"] == 1
    assert trends.points[3].overdue == 1
    # Leadership 2's "Complete" timescale without a complete status is flagged at every date.
    assert [point.flagged for point in trends.points] == [1, 1, 2, 2]


def test_a_plan_with_its_own_key_counts_in_its_own_labels():
    plan = PlanFactory()
    use_key(plan, TRUST_KEY)
    domain = DomainFactory(plan=plan, position=1, label="Safety")
    ActionFactory(domain=domain, number=1, status=Status.ON_TRACK, made_on=dt.date(2021, 1, 5))
    ActionFactory(domain=domain, number=2, status=Status.COMPLETE, made_on=dt.date(2021, 2, 5))
    # Rated in a meaning the key does not use (an older key's), then in one it does.
    three = ActionFactory(domain=domain, number=3, first_update=None)
    ActionUpdateFactory(action=three, made_on=dt.date(2021, 1, 2), status=Status.NOT_STARTED)
    ActionUpdateFactory(action=three, made_on=dt.date(2021, 2, 2), status=Status.OFF_TRACK)
    dates = [dt.date(2021, 1, 31), dt.date(2021, 2, 28)]
    trends = plan_trends(plan, dates=dates)
    assert trends.counts("Amber") == [1, 1]
    assert trends.counts("Blue") == [0, 1]
    assert trends.counts("Not started") == [1, 0]  # under the example's label, after the key's
    assert trends.status_labels() == [
        "Red",
        "Amber",
        "Blue",
        "Complete & CSPI",
        "Not rated",
        "Not started",
    ]
    assert trends.colour("Blue") == "blue"
    assert_same_as_tracker(plan, dates)


def test_a_label_takes_the_colour_the_plans_key_gives_it():
    """Amber here means on track, in green: not the example's Amber (at risk, orange)."""
    key = StatusKey(
        (KeyEntry(Status.ON_TRACK, "Amber", "green"), KeyEntry(Status.OFF_TRACK, "Red", "red"))
    )
    trends = Trends("Plan", key, (), (), Basis.CHOSEN)
    assert trends.colour("Amber") == "green"
    assert trends.colour("Completed") == "blue"  # a status the key dropped: the example's
    assert trends.colour("Nothing like it") == "grey"


def test_not_rated_is_a_row_only_while_some_action_had_no_status(history):
    later = plan_trends(history, dates=[dt.date(2021, 3, 31)])
    assert "Not rated" in later.status_labels()  # Leadership 2 is never rated
    rated = PlanFactory()
    domain = DomainFactory(plan=rated, position=1)
    ActionFactory(domain=domain, status=Status.ON_TRACK, made_on=dt.date(2021, 1, 1))
    assert "Not rated" not in plan_trends(rated, dates=[dt.date(2021, 2, 1)]).status_labels()
    assert "Not rated" in plan_trends(rated, dates=[dt.date(2020, 12, 1)]).status_labels()


def test_default_dates_are_the_live_packs_board_dates(history):
    for board_date, archived in [
        (dt.date(2020, 11, 1), None),
        (dt.date(2021, 1, 31), None),
        (dt.date(2020, 12, 15), timezone.now()),  # archived: not a date of the trend
    ]:
        BoardPack.objects.create(
            plan=history, board_date=board_date, issued_at=timezone.now(), archived_at=archived
        )
    trends = plan_trends(history)
    assert trends.basis is Basis.BOARD_DATES
    assert trends.dates == [dt.date(2020, 11, 1), dt.date(2021, 1, 31)]
    assert plan_trends(history, basis=Basis.MONTH_ENDS).basis is Basis.MONTH_ENDS


@time_machine.travel(dt.datetime(2021, 3, 15, 12, tzinfo=dt.UTC), tick=False)
def test_without_packs_the_dates_are_a_year_of_month_ends_and_today(history):
    trends = plan_trends(history)
    assert trends.basis is Basis.MONTH_ENDS
    assert trends.dates[0] == dt.date(2020, 3, 31)
    assert trends.dates[-2:] == [dt.date(2021, 2, 28), dt.date(2021, 3, 15)]
    assert len(trends.dates) == 13
    assert_same_as_tracker(history, trends.dates)


def test_month_ends_cross_the_year_and_never_repeat_today():
    assert month_ends(dt.date(2021, 1, 31), 2) == [
        dt.date(2020, 11, 30),
        dt.date(2020, 12, 31),
        dt.date(2021, 1, 31),
    ]
    assert month_ends(dt.date(2024, 3, 1), 1) == [dt.date(2024, 2, 29), dt.date(2024, 3, 1)]


def test_the_number_of_queries_does_not_grow_with_dates_or_actions():
    small, large = plan_of_actions(3), plan_of_actions(30)
    counts = []
    for plan, dates in [(small, DATES[:1]), (large, DATES)]:
        with CaptureQueriesContext(connection) as queries:
            plan_trends(plan, dates=dates)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 5
    assert_same_as_tracker(large, DATES)


def test_a_plan_without_actions_counts_nothing():
    plan = PlanFactory()
    DomainFactory(plan=plan, position=1, label="Empty")
    trends = plan_trends(plan, dates=[dt.date(2021, 1, 1)])
    assert trends.points[0].table1["Empty"]["Total"] == 0
    assert (trends.points[0].overdue, trends.points[0].flagged) == (0, 0)


histories = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=2),  # domain
        st.sampled_from(TIMESCALES),
        st.booleans(),  # high priority
        st.lists(
            st.tuples(
                st.dates(min_value=dt.date(2020, 6, 1), max_value=dt.date(2021, 12, 31)),
                st.sampled_from(STATUSES),
            ),
            max_size=4,
        ),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    actions=histories,
    dates=st.lists(
        st.dates(min_value=dt.date(2020, 5, 1), max_value=dt.date(2022, 3, 31)),
        min_size=1,
        max_size=5,
    ),
)
def test_generated_histories_count_as_the_tracker_at_every_date(actions, dates):
    first = DomainFactory(position=1, label="First")
    plan = first.plan
    domains = {1: first, 2: DomainFactory(plan=plan, position=2, label="Second")}
    for number, (domain, timescale, priority, updates) in enumerate(actions, start=1):
        action = ActionFactory(
            domain=domains[domain],
            number=number,
            timescale_text=timescale,
            high_priority=priority,
            first_update=None,
        )
        for made_on, status in updates:
            ActionUpdateFactory(action=action, made_on=made_on, status=status)
    assert_same_as_tracker(plan, dates)
