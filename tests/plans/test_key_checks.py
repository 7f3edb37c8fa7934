"""The plan's RAG key applied to every kind of timescale, status and as-at date."""

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from improvement_tracker.plans.key_checks import (
    FlagKind,
    add_months,
    check_action,
    review_overdue_since,
    says_complete,
    suggest_status,
)
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.timescales import parse_timescale

D = dt.date
DUE = D(2020, 7, 1)
BEFORE, ON, AFTER = D(2020, 6, 30), DUE, D(2020, 7, 2)


def kinds(timescale, status, as_of, updates=()):
    return [
        flag.kind
        for flag in check_action(
            timescale=parse_timescale(timescale),
            status=status,
            update_dates=list(updates),
            as_of=as_of,
        )
    ]


# Dated actions (a date, or a bare year due on 31 December): every status, before,
# on and after the due date. Only Green, Amber or Not started after the date contradicts
# the key: each says the action will still be done by a date that has passed.
DATED = [
    (timescale, status, as_of, [FlagKind.CONTRADICTS_KEY] if contradicts else [])
    for timescale, (as_of, passed) in [
        ("01/07/2020", (BEFORE, False)),
        ("01/07/2020", (ON, False)),
        ("01/07/2020", (AFTER, True)),
        ("2020", (D(2020, 12, 31), False)),
        ("2020", (D(2021, 1, 1), True)),
        ("2020", (D(2020, 3, 1), False)),
    ]
    for status in Status
    for contradicts in [passed and status in (Status.ON_TRACK, Status.AT_RISK, Status.NOT_STARTED)]
]


@pytest.mark.parametrize(("timescale", "status", "as_of", "expected"), DATED)
def test_dated_actions_follow_the_key(timescale, status, as_of, expected):
    assert kinds(timescale, status, as_of) == expected


def test_contradiction_gives_its_reason_in_words():
    [flag] = check_action(
        timescale=parse_timescale("01/07/2020"),
        status=Status.ON_TRACK,
        update_dates=[],
        as_of=AFTER,
    )
    assert flag.reason == (
        "Rated Green, but the agreed date (1 July 2020) has passed and the action is not "
        "complete: the key says Red."
    )


# Recurring actions: (timescale, update dates, as-at, overdue since or None).
RECURRING = [
    # Monthly from 1 April: the first cycle ends 1 May.
    ("Monthly from 01/04/2020", [], D(2020, 4, 30), None),
    ("Monthly from 01/04/2020", [], D(2020, 5, 1), D(2020, 5, 1)),
    ("Monthly from 01/04/2020", [D(2020, 4, 15)], D(2020, 5, 31), None),
    ("Monthly from 01/04/2020", [D(2020, 4, 15)], D(2020, 6, 1), D(2020, 6, 1)),
    ("Monthly from 01/04/2020", [D(2020, 4, 15), D(2020, 5, 2)], D(2020, 6, 1), None),
    # An update before the start does not count.
    ("Monthly from 01/04/2020", [D(2020, 3, 31)], D(2020, 5, 1), D(2020, 5, 1)),
    # An update after the as-at date is not yet known.
    ("Monthly from 01/04/2020", [D(2020, 7, 1)], D(2020, 5, 1), D(2020, 5, 1)),
    ("Ongoing on a monthly basis from 01/12/2019", [], D(2020, 1, 1), D(2020, 1, 1)),
    ("Ongoing on a monthly basis from 01/12/2019", [D(2019, 12, 31)], D(2020, 1, 31), None),
    # Bi-monthly: every two months.
    ("Bi-monthly from 01/02/2020", [], D(2020, 3, 31), None),
    ("Bi-monthly from 01/02/2020", [], D(2020, 4, 1), D(2020, 4, 1)),
    ("Bi-monthly from 01/02/2020", [D(2020, 3, 31)], D(2020, 5, 31), None),
    ("Bi-monthly from 01/02/2020", [D(2020, 3, 31)], D(2020, 6, 1), D(2020, 6, 1)),
    # Quarterly.
    ("Quarterly from 01/12/2019", [], D(2020, 2, 29), None),
    ("Quarterly from 01/12/2019", [], D(2020, 3, 1), D(2020, 3, 1)),
    ("Quarterly from 10/01/2020", [D(2020, 1, 10)], D(2020, 7, 9), None),
    ("Quarterly from 10/01/2020", [D(2020, 1, 10)], D(2020, 7, 10), D(2020, 7, 10)),
    # Month-end starts stay at month end, in leap and common years.
    ("Monthly from 31/01/2020", [], D(2020, 2, 28), None),
    ("Monthly from 31/01/2020", [], D(2020, 2, 29), D(2020, 2, 29)),
    ("Monthly from 31/01/2021", [], D(2021, 2, 28), D(2021, 2, 28)),
    ("Monthly from 31/01/2020", [D(2020, 2, 1)], D(2020, 3, 30), None),
    ("Monthly from 31/01/2020", [D(2020, 2, 1)], D(2020, 3, 31), D(2020, 3, 31)),
    ("Quarterly from 30/11/2019", [], D(2020, 2, 29), D(2020, 2, 29)),
    ("Bi-monthly from 31/12/2019", [D(2020, 1, 1)], D(2020, 4, 30), D(2020, 4, 30)),
    # Not recurring: never a review.
    ("01/04/2020", [], D(2021, 1, 1), None),
]


@pytest.mark.parametrize(("timescale", "updates", "as_of", "since"), RECURRING)
def test_recurring_reviews_are_expected_each_cycle(timescale, updates, as_of, since):
    assert review_overdue_since(parse_timescale(timescale), updates, as_of) == since


DAYS = st.dates(min_value=D(2019, 1, 1), max_value=D(2022, 12, 31))


@given(
    st.sampled_from([timescale for timescale, *_ in RECURRING]),
    st.lists(DAYS, max_size=30),
    DAYS,
)
def test_the_latest_update_by_the_as_at_date_is_all_a_review_needs(timescale, updates, as_of):
    # The tracker gives the check only that date (selectors.TrackedAction.update_dates).
    made = [day for day in updates if day <= as_of]
    latest = [max(made)] if made else []
    reading = parse_timescale(timescale)
    assert review_overdue_since(reading, latest, as_of) == review_overdue_since(
        reading, updates, as_of
    )


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize(
    "timescale",
    [
        "Monthly from 01/04/2020",
        "Bi-monthly from 01/02/2020",
        "Quarterly from 01/12/2019",
        "Ongoing on a monthly basis from 01/12/2019",
    ],
)
def test_recurring_action_is_never_red_merely_because_it_started(timescale, status):
    long_after = D(2021, 1, 1)
    fresh_update = [long_after - dt.timedelta(days=1)]
    assert kinds(timescale, status, long_after, fresh_update) == []
    assert kinds(timescale, status, long_after) == [FlagKind.REVIEW_OVERDUE]


def test_overdue_review_says_since_when():
    [flag] = check_action(
        timescale=parse_timescale("Quarterly from 01/12/2019"),
        status=Status.ON_TRACK,
        update_dates=[],
        as_of=D(2020, 10, 31),
    )
    assert flag.reason == (
        "Review overdue since 1 March 2020: a quarterly cycle ended with no update."
    )


@pytest.mark.parametrize("status", list(Status))
def test_timescale_complete_needs_status_completed(status):
    complete = status in (Status.COMPLETE, Status.COMPLETE_ASSURED)
    expected = [] if complete else [FlagKind.COMPLETE_NOT_COMPLETED]
    assert kinds("Complete", status, D(2020, 10, 31)) == expected


@pytest.mark.parametrize(
    ("status", "as_of"), list(itertools.product(list(Status), [D(2019, 1, 1), D(2025, 1, 1)]))
)
def test_impossible_date_is_flagged_whatever_the_status(status, as_of):
    assert kinds("31/02/2020", status, as_of) == [FlagKind.IMPOSSIBLE_DATE]


def test_unreadable_timescale_is_flagged():
    assert kinds("Autumn 2021", Status.ON_TRACK, D(2020, 1, 1)) == [FlagKind.UNREADABLE_TIMESCALE]


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2020, 1, 31), 1, D(2020, 2, 29)),
        (D(2021, 1, 31), 1, D(2021, 2, 28)),
        (D(2020, 1, 31), 2, D(2020, 3, 31)),
        (D(2019, 11, 30), 3, D(2020, 2, 29)),
        (D(2020, 12, 15), 1, D(2021, 1, 15)),
        (D(2020, 2, 29), 12, D(2021, 2, 28)),
    ],
)
def test_add_months_keeps_to_month_end(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("progress", "complete"),
    [
        ("Complete.", True),
        ("Completed.", True),
        ("Complete. Report provided to RH Judge Hudson.", True),
        ("Rolled out and in use. Complete.", True),
        ("Reviews continue. Action complete.", True),
        ("As an action this is complete. A process is in place.", True),
        ("Sufficiency strategy is now complete and in place.", True),
        ("Focus groups underway. To be completed by Autumn 2021.", False),
        ("The work is not complete.", False),
        ("Incomplete returns are being chased.", False),
        ("Underway and due to report back in November.", False),
        ("", False),
    ],
)
def test_says_complete(progress, complete):
    assert says_complete(progress) is complete


SUGGESTIONS = [
    # timescale, progress, as-at, suggested status
    ("01/07/2020", "Complete.", D(2020, 10, 31), Status.COMPLETE),
    ("01/07/2020", "Underway.", D(2020, 10, 31), Status.OFF_TRACK),
    ("01/07/2020", "Underway.", D(2020, 7, 1), Status.ON_TRACK),
    ("01/07/2021", "Delayed due to Covid but still planned.", D(2020, 10, 31), Status.AT_RISK),
    ("2020", "Underway.", D(2020, 10, 31), Status.ON_TRACK),
    ("2020", "Underway.", D(2021, 1, 1), Status.OFF_TRACK),
    ("Complete", "The Council has agreed its policy.", D(2020, 10, 31), Status.COMPLETE),
    ("Quarterly from 01/12/2019", "In place.", D(2020, 10, 31), Status.AT_RISK),
    ("31/02/2020", "Underway.", D(2020, 10, 31), Status.AT_RISK),
    ("31/02/2020", "Complete. New strategy in place.", D(2020, 10, 31), Status.COMPLETE),
    ("", "Underway.", D(2020, 10, 31), Status.AT_RISK),
]


@pytest.mark.parametrize(("timescale", "progress", "as_of", "status"), SUGGESTIONS)
def test_suggestion_follows_key_and_progress_with_a_reason(timescale, progress, as_of, status):
    suggestion = suggest_status(
        timescale=parse_timescale(timescale), progress=progress, update_dates=[], as_of=as_of
    )
    assert suggestion.status is status
    assert len(suggestion.reason) > 20
