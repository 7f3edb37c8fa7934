"""A board pack's own section as every exporter words it (issue 20; pure): what changed
since the last board, a change a row, and each trend chart's numbers as a table.

A PlanDocument carries the section only when it is a board pack's (`document.board`);
every other export is written exactly as before.
"""

from improvement_tracker.plans.changes import Change
from improvement_tracker.plans.key_checks import long_date
from improvement_tracker.plans.plan_document import BoardSection

CHANGES_HEADING = "What changed since the last board"
TRENDS_HEADING = "Trends"
CHANGE_HEADER = ["Domain", "Action", "What changed", "Before", "After", "In words"]
NO_CHANGES = "Nothing changed between the two boards."


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
    heading = change.kind.heading  # as the "What changed" page heads the kind
    return [change.domain, change.reference, heading, change.before, change.after, change.words]


def chart_caption(title: str) -> str:
    """What a chart's picture says it is, for those who cannot see it: its table follows."""
    return f"{title}. The same figures are in the table below."
