"""Which notices a round has due on a day (notices/schedule.py; pure)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from improvement_tracker.notices.schedule import DayKind, NoticeKind, due_day_kinds

DEADLINE = dt.date(2027, 3, 3)
OPENED_ON = dt.date(2027, 2, 15)


def due(today, *, opened_on=OPENED_ON, days_before=3, closed=False):
    return due_day_kinds(
        deadline=DEADLINE,
        reminder_days_before=days_before,
        opened_on=opened_on,
        today=today,
        closed=closed,
    )


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2027, 2, 15), [DayKind.OPENED]),
        (dt.date(2027, 2, 27), [DayKind.OPENED]),
        (dt.date(2027, 2, 28), [DayKind.OPENED, DayKind.BEFORE_DEADLINE]),
        (dt.date(2027, 3, 2), [DayKind.OPENED, DayKind.BEFORE_DEADLINE]),
        (dt.date(2027, 3, 3), [DayKind.OPENED, DayKind.DEADLINE_DAY]),
        (dt.date(2027, 3, 4), [DayKind.OPENED, DayKind.AFTER_DEADLINE]),
        (dt.date(2027, 6, 1), [DayKind.OPENED, DayKind.AFTER_DEADLINE]),
    ],
)
def test_an_open_rounds_notices_by_day(today, expected):
    assert due(today) == expected


def test_no_reminder_on_the_day_the_round_opened():
    assert due(dt.date(2027, 3, 1), opened_on=dt.date(2027, 3, 1)) == [DayKind.OPENED]
    assert due(DEADLINE, opened_on=DEADLINE) == [DayKind.OPENED]


def test_with_no_days_before_only_the_deadline_day_reminds():
    assert due(dt.date(2027, 3, 2), days_before=0) == [DayKind.OPENED]
    assert due(DEADLINE, days_before=0) == [DayKind.OPENED, DayKind.DEADLINE_DAY]


@given(today=st.dates(), days_before=st.integers(0, 60))
def test_a_closed_round_has_nothing_due(today, days_before):
    assert due(today, days_before=days_before, closed=True) == []


@given(today=st.dates(dt.date(2027, 2, 16), dt.date(2028, 1, 1)), days_before=st.integers(0, 60))
def test_an_open_round_has_the_opening_email_and_at_most_one_other_of_the_right_kind(
    today, days_before
):
    found = due(today, days_before=days_before)
    assert found[0] is DayKind.OPENED
    assert len(found) <= 2
    if today > DEADLINE:
        assert found[1:] == [DayKind.AFTER_DEADLINE]
    elif len(found) == 2:
        assert found[1].kind is NoticeKind.REMINDER
        assert today >= DEADLINE - dt.timedelta(days=days_before)
