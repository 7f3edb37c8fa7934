"""Where an update round stands on a day, and when its notices fall due (issue 20; pure).

The round's page, "My actions", the home page and `send_reminders` all read a round's state
from here, so that "reminders due" means the same day everywhere.
"""

import datetime as dt
from enum import StrEnum


class RoundState(StrEnum):
    OPEN = "open"  # updates asked for, the first reminder not yet due
    REMINDERS_DUE = "reminders_due"  # from `reminder_days_before` days before the deadline
    DEADLINE_PASSED = "deadline_passed"  # still open after its deadline: escalated
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    RoundState.OPEN: "Open",
    RoundState.REMINDERS_DUE: "Deadline close",
    RoundState.DEADLINE_PASSED: "Deadline passed",
    RoundState.CLOSED: "Closed",
}


def first_reminder_on(deadline: dt.date, reminder_days_before: int) -> dt.date:
    """The day the first reminder is sent: `reminder_days_before` days before the deadline."""
    return deadline - dt.timedelta(days=reminder_days_before)


def round_state(
    *, deadline: dt.date, reminder_days_before: int, today: dt.date, closed: bool
) -> RoundState:
    """A round's state on `today`: closed, past its deadline, reminders due, or open."""
    if closed:
        return RoundState.CLOSED
    if today > deadline:
        return RoundState.DEADLINE_PASSED
    if today >= first_reminder_on(deadline, reminder_days_before):
        return RoundState.REMINDERS_DUE
    return RoundState.OPEN
