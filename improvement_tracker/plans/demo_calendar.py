"""The demo plan's year of board meetings and update rounds, as plain dates (issue 20; pure).

The board meets on the third Wednesday of each month. A round asks for updates from the day
after the last board until its deadline, a week before its own board; the first round of
the year opens four weeks before its board. The year ends with the round whose board is the
first on or after today: that one is still open.
"""

import datetime as dt
from dataclasses import dataclass

WEDNESDAY = 2
DEADLINE_BEFORE_BOARD = dt.timedelta(days=7)
FIRST_ROUND_BEFORE_BOARD = dt.timedelta(days=28)


@dataclass(frozen=True)
class RoundDates:
    """One round's dates: when it opens, its deadline for updates and its board meeting."""

    opens_on: dt.date
    deadline: dt.date
    board_date: dt.date


def board_day(year: int, month: int) -> dt.date:
    """The third Wednesday of a month: the demo board's meeting day."""
    first = dt.date(year, month, 1)
    first_wednesday = first + dt.timedelta(days=(WEDNESDAY - first.weekday()) % 7)
    return first_wednesday + dt.timedelta(weeks=2)


def _month_before(year: int, month: int, months: int) -> tuple[int, int]:
    years, index = divmod(year * 12 + month - 1 - months, 12)
    return years, index + 1


def board_dates(*, today: dt.date, months: int) -> list[dt.date]:
    """`months` monthly board dates, oldest first, the last the first board on or after today."""
    year, month = today.year, today.month
    if board_day(year, month) < today:
        year, month = _month_before(year, month, -1)
    return [board_day(*_month_before(year, month, back)) for back in range(months - 1, -1, -1)]


def round_dates(*, today: dt.date, months: int) -> list[RoundDates]:
    """A year's rounds: each opens the day after the board before it, so they tile the year."""
    boards = board_dates(today=today, months=months)
    opens = [boards[0] - FIRST_ROUND_BEFORE_BOARD] + [
        board + dt.timedelta(days=1) for board in boards[:-1]
    ]
    return [
        RoundDates(opens_on=opened, deadline=board - DEADLINE_BEFORE_BOARD, board_date=board)
        for opened, board in zip(opens, boards, strict=True)
    ]


def month_end(day: dt.date, months: int = 0) -> dt.date:
    """The last day of the month `months` after `day`'s (before it, if negative)."""
    year, month = _month_before(day.year, day.month, -months)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def month_ends(start: dt.date, count: int) -> list[dt.date]:
    """The last days of `count` months from `start`'s month on: the demo's dated timescales."""
    return [month_end(start, step) for step in range(count)]
