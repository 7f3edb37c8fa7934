"""Check an action's rating against the plan's RAG key, and suggest ratings.

Pure: plain values in, plain values out. The checks reason on meanings (ADR 0039), as
the example's key words them: off track (Red), agreed date passed and not complete; at
risk (Amber), not on target; on track (Green), on target; complete (Completed). Their
words use the plan's own labels. A recurring action has no single agreed date: it is
judged by whether each cycle has an update, and is never off track merely because it has
started.
"""

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from improvement_tracker.plans.rag import EXAMPLE_KEY, Status, StatusKey
from improvement_tracker.plans.timescales import Kind, Timescale

# Meanings that a passed agreed date contradicts: an action not complete by then is off track.
_STILL_ON_COURSE = frozenset({Status.NOT_STARTED, Status.ON_TRACK, Status.AT_RISK})


class FlagKind(StrEnum):
    CONTRADICTS_KEY = "contradicts_key"
    REVIEW_OVERDUE = "review_overdue"
    COMPLETE_NOT_COMPLETED = "complete_not_completed"
    IMPOSSIBLE_DATE = "impossible_date"
    UNREADABLE_TIMESCALE = "unreadable_timescale"

    @property
    def label(self) -> str:
        return {
            "contradicts_key": "Rating contradicts the key",
            "review_overdue": "Review overdue",
            "complete_not_completed": "Timescale says complete",
            "impossible_date": "Impossible date",
            "unreadable_timescale": "Timescale not understood",
        }[self.value]


@dataclass(frozen=True)
class Flag:
    kind: FlagKind
    reason: str


@dataclass(frozen=True)
class Suggestion:
    status: Status
    reason: str


def long_date(day: dt.date) -> str:
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def add_months(start: dt.date, months: int) -> dt.date:
    """The same day `months` later, or that month's last day (31 Jan + 1 month = 28/29 Feb)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def review_overdue_since(
    timescale: Timescale, update_dates: Iterable[dt.date], as_of: dt.date
) -> dt.date | None:
    """When a recurring action's review became overdue, or None if it is not.

    Cycles run from the start date every N months, each counted from the start (so
    month-end starts stay at month end). Each cycle that has ended by `as_of` expects
    an update made within it; the review is overdue from the end of the first cycle
    after the one holding the latest update.
    """
    if timescale.kind is not Kind.RECURRING or timescale.date is None or timescale.cadence is None:
        return None
    start, step = timescale.date, timescale.cadence.months
    made = [day for day in update_dates if start <= day <= as_of]
    cycle = 0
    if made:
        latest = max(made)
        while add_months(start, (cycle + 1) * step) <= latest:
            cycle += 1
        cycle += 1  # the first cycle after the one with the latest update
    cycle_end = add_months(start, (cycle + 1) * step)
    return cycle_end if cycle_end <= as_of else None


def next_review_on(
    timescale: Timescale, update_dates: Iterable[dt.date], as_of: dt.date
) -> dt.date | None:
    """When a recurring action's next update falls due (already past if overdue)."""
    if timescale.kind is not Kind.RECURRING or timescale.date is None or timescale.cadence is None:
        return None
    overdue = review_overdue_since(timescale, update_dates, as_of)
    if overdue is not None:
        return overdue
    cycle = 1
    while add_months(timescale.date, cycle * timescale.cadence.months) <= as_of:
        cycle += 1
    return add_months(timescale.date, cycle * timescale.cadence.months)


def due_on(timescale: Timescale, update_dates: Iterable[dt.date], as_of: dt.date) -> dt.date | None:
    """The agreed date, or for a recurring action when its next review falls due."""
    return timescale.due or next_review_on(timescale, update_dates, as_of)


def is_overdue(
    *, timescale: Timescale, status: Status, update_dates: Iterable[dt.date], as_of: dt.date
) -> bool:
    """Not complete, and its agreed date or its review fell due before `as_of`: what "My
    actions" marks Overdue and the trends count (issue 20)."""
    due = due_on(timescale, update_dates, as_of)
    return not status.is_complete and due is not None and due < as_of


def check_action(
    *,
    timescale: Timescale,
    status: Status,
    update_dates: Iterable[dt.date],
    as_of: dt.date,
    key: StatusKey = EXAMPLE_KEY,
) -> list[Flag]:
    """What contradicts the key. It reasons on meanings; its words use the plan's labels,
    with the meaning beside a label that alone could mislead ("Amber (on track)")."""
    flags: list[Flag] = []
    due = timescale.due
    if due is not None and due < as_of and status in _STILL_ON_COURSE:
        flags.append(
            Flag(
                FlagKind.CONTRADICTS_KEY,
                f"Rated {key.describe(status)}, but the agreed date ({long_date(due)}) has "
                f"passed and the action is not complete: the key says "
                f"{key.describe(Status.OFF_TRACK)}.",
            )
        )
    overdue = review_overdue_since(timescale, update_dates, as_of)
    if overdue is not None:
        assert timescale.cadence is not None  # noqa: S101 - set for every recurring timescale
        flags.append(
            Flag(
                FlagKind.REVIEW_OVERDUE,
                f"Review overdue since {long_date(overdue)}: a {timescale.cadence.value} "
                "cycle ended with no update.",
            )
        )
    if timescale.kind is Kind.COMPLETE and not status.is_complete:
        flags.append(
            Flag(
                FlagKind.COMPLETE_NOT_COMPLETED,
                f"The timescale says 'Complete' but the action is rated {key.describe(status)}.",
            )
        )
    if timescale.kind is Kind.INVALID_DATE:
        flags.append(Flag(FlagKind.IMPOSSIBLE_DATE, f"{timescale.problem}. Correct the timescale."))
    if timescale.kind is Kind.UNRECOGNISED:
        flags.append(Flag(FlagKind.UNREADABLE_TIMESCALE, f"{timescale.problem}."))
    return flags


_NOT_COMPLETE = re.compile(
    r"\b(not|in|yet to be|to be|will be|until)\s+complete|\bincomplete\b|\bcomplete by\b",
    re.IGNORECASE,
)
_COMPLETE = re.compile(
    r"^\s*complete(d)?\b"  # "Complete." / "Completed and testing has been successful."
    r"|\baction (is )?complete(d)?\b"  # "Action complete as this is firmly core business."
    r"|\b(this|it) is complete\b"  # "As an action this is complete."
    r"|\bnow complete\b"
    r"|\bcomplete(d)?\.\s*$",  # "... Rolled out and in use. Complete."
    re.IGNORECASE,
)
_DELAYED = re.compile(r"\bdelay(ed|s)?\b|\bbehind\b|\bslipp", re.IGNORECASE)


# What a suggestion becomes when the plan's key does not use its meaning: the nearest
# meaning it does use, never a more hopeful one than the evidence allows.
_NEAREST: dict[Status, tuple[Status, ...]] = {
    Status.OFF_TRACK: (Status.AT_RISK,),
    Status.AT_RISK: (Status.OFF_TRACK,),
    Status.ON_TRACK: (Status.AT_RISK, Status.NOT_STARTED),
    Status.COMPLETE: (Status.COMPLETE_ASSURED,),
}


def within_key(suggestion: Suggestion, key: StatusKey) -> Suggestion:
    """The suggestion in a meaning the plan's key uses, when it has a near one."""
    if key.uses(suggestion.status):
        return suggestion
    for nearest in _NEAREST.get(suggestion.status, ()):
        if key.uses(nearest):
            return Suggestion(nearest, suggestion.reason)
    return suggestion


def says_complete(progress: str) -> bool:
    return bool(_COMPLETE.search(progress)) and not _NOT_COMPLETE.search(progress)


def suggest_status(
    *,
    timescale: Timescale,
    progress: str,
    update_dates: Iterable[dt.date],
    as_of: dt.date,
    key: StatusKey = EXAMPLE_KEY,
) -> Suggestion:
    """What the key would rate this action, with the reason in words. Never applied by itself."""
    if says_complete(progress):
        return Suggestion(Status.COMPLETE, "The progress update says the action is complete.")
    if timescale.kind is Kind.COMPLETE:
        return Suggestion(Status.COMPLETE, "The timescale says 'Complete'.")
    due = timescale.due
    if due is not None and due < as_of:
        return Suggestion(
            Status.OFF_TRACK,
            f"The agreed date ({long_date(due)}) has passed and the progress update does "
            "not say the action is complete.",
        )
    if due is not None:
        if _DELAYED.search(progress):
            return Suggestion(
                Status.AT_RISK,
                f"The agreed date ({long_date(due)}) is still to come, but the progress "
                "update says the work is delayed.",
            )
        return Suggestion(
            Status.ON_TRACK,
            f"The agreed date ({long_date(due)}) is still to come and the progress update "
            "reports no delay.",
        )
    if timescale.kind is Kind.RECURRING:
        overdue = review_overdue_since(timescale, update_dates, as_of)
        if overdue is not None:
            return Suggestion(
                Status.AT_RISK, f"A recurring review is overdue since {long_date(overdue)}."
            )
        return Suggestion(
            Status.ON_TRACK, "A recurring action whose reviews are up to date in every cycle."
        )
    if timescale.kind is Kind.INVALID_DATE:
        return Suggestion(
            Status.AT_RISK,
            f"{timescale.problem}, so whether it has passed cannot be said; "
            f"{key.label(Status.AT_RISK)} until the date is corrected.",
        )
    return Suggestion(
        Status.AT_RISK,
        "There is no agreed date to judge by and the progress update does not say the "
        "action is complete.",
    )
