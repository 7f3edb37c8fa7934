"""Table 1, overdue and flagged actions at each of several dates, counted from one reading
of a plan's updates (issue 20; pure).

Each date is counted as the tracker would count it as at that date: each live action's
latest update on or before the date gives its status, Table 1 is `tables.table1`, the
flags are `key_checks.check_action` and overdue is `key_checks.is_overdue`. Reading the
updates once and sweeping the dates in order saves building a tracker per date.
"""

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from improvement_tracker.plans.key_checks import check_action, is_overdue
from improvement_tracker.plans.rag import Status, StatusKey, status_of
from improvement_tracker.plans.tables import TOTALS, Counted, has_unrated, table1
from improvement_tracker.plans.timescales import Timescale


class Basis(StrEnum):
    """Which dates a trend is counted at."""

    BOARD_DATES = "board"  # each live issued board pack's board date
    MONTH_ENDS = "months"  # each month end of the last year, and today
    CHOSEN = "chosen"  # dates the caller gave

    @property
    def label(self) -> str:
        return {
            "board": "Board dates",
            "months": "Month ends",
            "chosen": "Chosen dates",
        }[self.value]


@dataclass(frozen=True)
class TrendAction:
    """What counting needs of one live action: its updates as (made on, status), in the
    order the tracker reads them (made on, then recorded)."""

    domain_label: str
    high_priority: bool
    timescale: Timescale
    updates: tuple[tuple[dt.date, str], ...]


@dataclass(frozen=True)
class TrendPoint:
    """The plan at one date: its Table 1 as the tracker shows it, and its exceptions."""

    on: dt.date
    table1: dict[str, dict[str, int]]  # domain label (and "Totals") -> status label -> n
    overdue: int  # actions not complete whose agreed date or review has passed
    flagged: int  # actions with at least one key-check flag


@dataclass(frozen=True)
class Trends:
    """A plan's Table 1 and exceptions over time, in date order."""

    plan_title: str
    key: StatusKey
    domains: tuple[str, ...]  # the live domains' labels, in order
    points: tuple[TrendPoint, ...]
    basis: Basis

    @property
    def dates(self) -> list[dt.date]:
        return [point.on for point in self.points]

    def status_labels(self, domain: str | None = None) -> list[str]:
        """The status rows shown at any date, in Table 1's order, without "Total": "Not
        rated" only while some action had no status (tables.row_labels, over time)."""
        row = domain or TOTALS
        labels: dict[str, None] = {}
        for point in self.points:
            labels.update(dict.fromkeys(point.table1[row]))
        unrated = self.key.label(Status.NOT_RATED)
        ever_unrated = any(has_unrated(point.table1, self.key) for point in self.points)
        return [
            label for label in labels if label != "Total" and (label != unrated or ever_unrated)
        ]

    def counts(self, label: str, domain: str | None = None) -> list[int]:
        """How many actions had the status `label` at each date (0 where it had none)."""
        row = domain or TOTALS
        return [point.table1[row].get(label, 0) for point in self.points]

    def colour(self, label: str) -> str:
        """The GOV.UK tag colour the plan's key gives a label (a dropped status: the example's)."""
        # The plan's own statuses first: a dropped one may share its example label.
        for status in [*self.key.statuses, *Status]:
            if self.key.label(status) == label:
                return self.key.colour(status)
        return "grey"


def count_trends(
    actions: Sequence[TrendAction],
    *,
    domain_labels: list[str],
    dates: Iterable[dt.date],
    key: StatusKey,
) -> tuple[TrendPoint, ...]:
    """Table 1, overdue and flagged actions at each date, earliest first, each date once."""
    ordered = sorted(set(dates))
    # Each action's position in its updates, moved forward as the dates go forward.
    seen = [0] * len(actions)
    # Actions of one timescale, status and latest update are judged alike on a day: a plan
    # repeats a few dozen timescales, and a round's updates share their dates.
    judged: dict[tuple[str, Status, dt.date | None, dt.date], tuple[bool, bool]] = {}
    counted_as: dict[tuple[str, Status, bool], Counted] = {}
    points = []
    for day in ordered:
        counted = []
        overdue = flagged = 0
        for index, action in enumerate(actions):
            updates, at = action.updates, seen[index]
            while at < len(updates) and updates[at][0] <= day:
                at += 1
            seen[index] = at
            made_on, status = (
                (updates[at - 1][0], status_of(updates[at - 1][1]))
                if at
                else (None, Status.NOT_RATED)
            )
            place = (action.domain_label, status, action.high_priority)
            counted.append(counted_as.get(place) or counted_as.setdefault(place, Counted(*place)))
            case = (action.timescale.raw, status, made_on, day)
            if case not in judged:
                judged[case] = _judge(action.timescale, status, made_on, day, key)
            is_flagged, is_late = judged[case]
            flagged += is_flagged
            overdue += is_late
        points.append(TrendPoint(day, table1(domain_labels, counted, key), overdue, flagged))
    return tuple(points)


def _judge(
    timescale: Timescale, status: Status, made_on: dt.date | None, day: dt.date, key: StatusKey
) -> tuple[bool, bool]:
    """Whether the tracker flags such an action as at `day`, and whether it is overdue."""
    update_dates = [made_on] if made_on else []
    flags = check_action(
        timescale=timescale, status=status, update_dates=update_dates, as_of=day, key=key
    )
    late = is_overdue(timescale=timescale, status=status, update_dates=update_dates, as_of=day)
    return bool(flags), late


def month_ends(today: dt.date, months: int = 12) -> list[dt.date]:
    """The last day of each of the `months` months before today's, then today."""
    ends = []
    year, month = today.year, today.month
    for _ in range(months):
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        ends.append(dt.date(year, month, calendar.monthrange(year, month)[1]))
    return [*reversed(ends), today]
