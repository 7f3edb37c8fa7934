"""Which notices a round has due on a day (issue 20; pure).

A round's notices follow its state (`plans/rounds.py`), so that "reminders due" means the
same day here as on the pages: the opening email while it is open; a reminder from the
first reminder day until the day before the deadline, and one on the deadline day, to
those with actions still to update; one escalation to its managers after the deadline;
nothing once closed. A reminder is never sent on the day the round opened: the opening
email has just said the same.
"""

import datetime as dt
from enum import StrEnum

from improvement_tracker.plans.rounds import RoundState, round_state


class NoticeKind(StrEnum):
    """What a person may turn off on their "Email notices" page."""

    ROUND_OPENED = "round_opened"
    REMINDER = "reminder"
    ESCALATION = "escalation"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


class DayKind(StrEnum):
    """Which of a round's days a notice is for: each is sent once to each person."""

    OPENED = "opened"
    BEFORE_DEADLINE = "before_deadline"
    DEADLINE_DAY = "deadline_day"
    AFTER_DEADLINE = "after_deadline"

    @property
    def label(self) -> str:
        return _DAY_LABELS[self]

    @property
    def kind(self) -> NoticeKind:
        return _KIND_OF[self]


_KIND_LABELS = {
    NoticeKind.ROUND_OPENED: "When a round of updates opens",
    NoticeKind.REMINDER: "Reminders before and on the deadline",
    NoticeKind.ESCALATION: "Updates still missing after the deadline",
}
_DAY_LABELS = {
    DayKind.OPENED: "When the round opened",
    DayKind.BEFORE_DEADLINE: "Before the deadline",
    DayKind.DEADLINE_DAY: "On the deadline",
    DayKind.AFTER_DEADLINE: "After the deadline",
}
_KIND_OF = {
    DayKind.OPENED: NoticeKind.ROUND_OPENED,
    DayKind.BEFORE_DEADLINE: NoticeKind.REMINDER,
    DayKind.DEADLINE_DAY: NoticeKind.REMINDER,
    DayKind.AFTER_DEADLINE: NoticeKind.ESCALATION,
}


def due_day_kinds(
    *,
    deadline: dt.date,
    reminder_days_before: int,
    opened_on: dt.date,
    today: dt.date,
    closed: bool,
) -> list[DayKind]:
    """The notices a round has due on `today`, the opening email first."""
    state = round_state(
        deadline=deadline, reminder_days_before=reminder_days_before, today=today, closed=closed
    )
    if state is RoundState.CLOSED:
        return []
    due = [DayKind.OPENED]
    if state is RoundState.DEADLINE_PASSED:
        due.append(DayKind.AFTER_DEADLINE)
    elif state is RoundState.REMINDERS_DUE and today > opened_on:
        due.append(DayKind.DEADLINE_DAY if today == deadline else DayKind.BEFORE_DEADLINE)
    return due
