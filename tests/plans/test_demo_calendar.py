"""The demo's year of boards and rounds (plans/demo_calendar.py), on any day."""

import datetime as dt
import itertools

from hypothesis import given
from hypothesis import strategies as st

from improvement_tracker.plans.demo_calendar import board_day, month_end, month_ends, round_dates

days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))


def test_the_board_meets_on_the_third_wednesday():
    assert board_day(2026, 12) == dt.date(2026, 12, 16)
    assert board_day(2027, 1) == dt.date(2027, 1, 20)
    assert board_day(2026, 4) == dt.date(2026, 4, 15)


@given(days)
def test_twelve_monthly_boards_ending_with_the_first_on_or_after_today(today):
    rounds = round_dates(today=today, months=12)
    boards = [r.board_date for r in rounds]
    assert all(b.weekday() == 2 and 15 <= b.day <= 21 for b in boards)
    months = [b.year * 12 + b.month for b in boards]
    assert months == list(range(months[0], months[0] + 12))
    assert boards[-2] < today <= boards[-1]


@given(days)
def test_rounds_tile_the_year_and_the_current_one_has_opened(today):
    rounds = round_dates(today=today, months=12)
    for earlier, later in itertools.pairwise(rounds):
        assert later.opens_on == earlier.board_date + dt.timedelta(days=1)
    for each in rounds:
        assert each.opens_on < each.deadline == each.board_date - dt.timedelta(days=7)
    assert rounds[-1].opens_on <= today


def test_month_ends_run_from_the_given_month():
    assert month_ends(dt.date(2026, 11, 18), 4) == [
        dt.date(2026, 11, 30), dt.date(2026, 12, 31), dt.date(2027, 1, 31), dt.date(2027, 2, 28)
    ]  # fmt: skip


def test_a_month_end_months_away():
    assert month_end(dt.date(2026, 11, 18)) == dt.date(2026, 11, 30)
    assert month_end(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)
    assert month_end(dt.date(2027, 1, 31), -1) == dt.date(2026, 12, 31)
