"""Write a plan as CSV: one row per action, UTF-8, with a byte-order mark for Excel.

Cells that a spreadsheet would run as a formula (starting =, +, -, @) are written
behind an apostrophe; the CSV importer takes exactly one apostrophe off again, so a
round trip keeps every text as it was (docs/decisions/0009).

Records are written as the standard library's `csv.writer` writes them with the Excel
dialect and "\r\n" line endings (`hotpath/csv_lines.py`, which is faster).
"""

from improvement_tracker.documents.exporters import (
    ACTION_ROW,
    ACTIVITY_ROW,
    LAYER_COLUMNS,
    OBJECTIVE_ROW,
    TABLE_COLUMNS,
)
from improvement_tracker.documents.exporters import board as board_words
from improvement_tracker.hotpath.csv_lines import csv_lines
from improvement_tracker.plans.plan_document import BoardSection, ObjectiveEntry, PlanDocument
from improvement_tracker.plans.rag import Status

HEADER = [TABLE_COLUMNS[0], "Domain title", *TABLE_COLUMNS[1:]]


def write_csv(document: PlanDocument) -> bytes:
    # The plan's extra fields, a column each after the others, headed by their names;
    # objectives and activities in columns and rows of their own, when it has any.
    extras = document.extra_fields
    layers = LAYER_COLUMNS if document.layered else []
    rows = [[*HEADER, *layers, *(escape_formula(name) for name in extras)]]
    label = {status: document.status_key.label(status) for status in Status}
    for domain in document.domains:
        for action in domain.actions:
            objective = _objective(action.objective) if layers else ()
            cells = [
                domain.label,
                domain.title,
                str(action.number),
                action.text,
                action.lead,
                action.timescale,
                label[action.status],
                "Yes" if action.high_priority else "No",
                action.progress,
            ]
            if layers:
                cells += (ACTION_ROW, *objective)
            if extras:
                cells += [action.extra.get(name, "") for name in extras]
            rows.append([escape_formula(cell) for cell in cells])
            for activity in action.activities:
                cells = [
                    domain.label,
                    domain.title,
                    activity.number,
                    activity.text,
                    activity.lead,
                    activity.timescale,
                    label[activity.status],
                    "",
                    "",
                    ACTIVITY_ROW,
                    *objective,
                    *("" for _ in extras),
                ]
                rows.append([escape_formula(cell) for cell in cells])
        for unserved in domain.objectives:  # none of its actions serves them yet
            cells = [
                domain.label,
                domain.title,
                *("" for _ in TABLE_COLUMNS[1:]),
                OBJECTIVE_ROW,
                *_objective(unserved),
                *("" for _ in extras),
            ]
            rows.append([escape_formula(cell) for cell in cells])
    if document.board is not None:
        rows += _board_rows(document.board)
    return csv_lines(rows).encode("utf-8-sig")


def _board_rows(board: BoardSection) -> list[list[str]]:
    """A board pack's section (issue 20) after the actions, past an empty row: its heading,
    the boards it compares, then a change a row under its own header. A pack's CSV is for
    reading; the plain export is the one that imports back (ADR 0058)."""
    rows = [[], [board_words.CHANGES_HEADING], [board_words.board_period(board)]]
    if not board.changes:
        return [*rows, [board_words.NO_CHANGES]]
    changes = [
        [escape_formula(cell) for cell in board_words.change_cells(c)] for c in board.changes
    ]
    return [*rows, board_words.CHANGE_HEADER, *changes]


def _objective(objective: ObjectiveEntry | None) -> tuple[str, str, str]:
    if objective is None:
        return ("", "", "")
    return (objective.number, objective.text, objective.lead)


def escape_formula(text: str) -> str:
    """'=SUM(A1)' -> "'=SUM(A1)"; an apostrophe already there gets another."""
    return "'" + text if text.lstrip("'")[:1] in FORMULA_STARTS else text


FORMULA_STARTS = frozenset("=+-@\t\r")
