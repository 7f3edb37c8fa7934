"""A round's state on a day: the one reading the pages and `send_reminders` share."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from improvement_tracker.plans.rounds import RoundState, first_reminder_on, round_state

DEADLINE = dt.date(2027, 3, 10)


def state_on(day: dt.date, *, closed: bool = False, days: int = 3) -> RoundState:
    return round_state(deadline=DEADLINE, reminder_days_before=days, today=day, closed=closed)


def test_a_round_is_open_until_its_first_reminder_falls_due() -> None:
    assert state_on(dt.date(2027, 3, 6)) is RoundState.OPEN
    assert state_on(dt.date(2027, 3, 7)) is RoundState.REMINDERS_DUE
    assert state_on(DEADLINE) is RoundState.REMINDERS_DUE
    assert state_on(dt.date(2027, 3, 11)) is RoundState.DEADLINE_PASSED


def test_a_closed_round_is_closed_whatever_the_day() -> None:
    assert state_on(dt.date(2027, 3, 1), closed=True) is RoundState.CLOSED
    assert state_on(dt.date(2027, 4, 1), closed=True) is RoundState.CLOSED


@given(days=st.integers(min_value=0, max_value=60))
def test_the_first_reminder_is_the_plans_number_of_days_before_the_deadline(days: int) -> None:
    first = first_reminder_on(DEADLINE, days)
    assert (DEADLINE - first).days == days
    assert state_on(first, days=days) is RoundState.REMINDERS_DUE
    assert state_on(first - dt.timedelta(days=1), days=days) is RoundState.OPEN
