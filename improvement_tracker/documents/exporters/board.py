"""A board pack's own section as every exporter words it (issue 20; pure): what changed
since the last board, a change a row, and each trend chart's numbers as a table.

A PlanDocument carries the section only when it is a board pack's (`document.board`);
every other export is written exactly as before.
"""

import datetime as dt

from improvement_tracker.plans.changes import Change, ChangeKind
from improvement_tracker.plans.plan_document import BoardSection

CHANGES_HEADING = "What changed since the last board"
TRENDS_HEADING = "Trends"
CHANGE_HEADER = ["Domain", "Action", "What changed", "Before", "After", "In words"]
NO_CHANGES = "Nothing changed between the two boards."

# How each kind of change is named in a pack's table: words, never a code.
KIND_LABELS = {
    ChangeKind.STATUS_BETTER: "Status better",
    ChangeKind.STATUS_WORSE: "Status worse",
    ChangeKind.COMPLETED: "Completed",
    ChangeKind.NEWLY_RED: "Newly off track",
    ChangeKind.NEWLY_OVERDUE: "Newly overdue",
    ChangeKind.TIMESCALE_MOVED: "Timescale moved",
    ChangeKind.ADDED: "Added",
    ChangeKind.ARCHIVED: "Archived",
    ChangeKind.MOVED: "Moved or renumbered",
    ChangeKind.FLAG_NEW: "New flag",
    ChangeKind.FLAG_CLEARED: "Flag cleared",
    ChangeKind.NO_UPDATE: "No update",
}


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def board_period(board: BoardSection) -> str:
    """The two boards the section compares, in a sentence."""
    if board.since is None:
        return (
            f"The board of {long_date(board.board_date)} is the first this plan has a pack "
            "for: there is no earlier board to compare with."
        )
    since, until = long_date(board.since), long_date(board.board_date)
    return f"From the board of {since} to the board of {until}."


def change_cells(change: Change) -> list[str]:
    """A change as a row under CHANGE_HEADER."""
    label = KIND_LABELS[change.kind]
    return [change.domain, change.reference, label, change.before, change.after, change.words]


def chart_caption(title: str) -> str:
    """What a chart's picture says it is, for those who cannot see it: its table follows."""
    return f"{title}. The same figures are in the table below."
