"""Write a plan as a PDF board pack: the Word pack's content, laid out by Typst (ADR 0020).

documents/typst/board_pack.typ lays it out on landscape A4: the RAG key, Tables 1 and 2,
then each domain's table with its header row repeated on every page, each status cell
filled with its colour and carrying its word, and "Page N of M" at the foot. The PDF is
tagged (title, language, headings, tables and their header cells).

The plan reaches Typst as JSON (`board_pack_data`), and the template shows every text as
a string: nothing typed into a plan is read as Typst markup or code. Typst may read files
only under the template's own folder, and it fetches nothing over the network.

The layout runs in a process of its own: for a large plan it takes a couple of hundred
megabytes that a long-lived app server would otherwise keep (ADR 0017).
"""

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from improvement_tracker.documents.colours import status_colours
from improvement_tracker.documents.exporters import activity_line, key_labels
from improvement_tracker.documents.exporters import board as board_words
from improvement_tracker.documents.word_marks import objective_heading
from improvement_tracker.plans.plan_document import (
    ActionEntry,
    BoardSection,
    ObjectiveEntry,
    PlanDocument,
)
from improvement_tracker.plans.rag import Status, StatusKey

TEMPLATE = Path(__file__).resolve().parent.parent / "typst" / "board_pack.typ"
# Run by a fresh interpreter: the template and the folder it may read as arguments, the
# plan as JSON on standard input, the PDF on standard output.
# Any further arguments name PDF standards for Typst to check the PDF against.
_LAYOUT = (
    "import sys, typst; sys.stdout.buffer.write(typst.compile("
    "sys.argv[1], root=sys.argv[2], sys_inputs={'plan': sys.stdin.read()},"
    " pdf_standards=sys.argv[3:]))"
)
LAYOUT_SECONDS = 600


def write_pdf(document: PlanDocument) -> bytes:
    return lay_out(board_pack_data(document))


def lay_out(data: dict[str, object], *, standards: Sequence[str] = ()) -> bytes:
    """The board pack as a tagged PDF. Exports ask for no standard: Typst's PDF/UA-1 check
    refuses a whole document for one character its fonts lack, or an untitled domain,
    and a board must still get its pack. The tests check the template against PDF/UA-1.
    """
    laid_out = subprocess.run(  # noqa: S603 - this interpreter, a fixed script, our own JSON
        [sys.executable, "-c", _LAYOUT, str(TEMPLATE), str(TEMPLATE.parent), *standards],
        input=json.dumps(data).encode(),
        capture_output=True,
        timeout=LAYOUT_SECONDS,
        check=False,
    )
    if laid_out.returncode != 0 or not laid_out.stdout.startswith(b"%PDF"):
        problem = laid_out.stderr.decode(errors="replace").strip().splitlines()[-1:]
        raise RuntimeError(f"Typst could not lay out the PDF: {' '.join(problem)}")
    return laid_out.stdout


def board_pack_data(document: PlanDocument) -> dict[str, object]:
    """What the template lays out, as plain JSON values: text stays text."""
    table1 = document.reported.table1 if document.reported else {}
    table2 = document.reported.table2 if document.reported else None
    rows = list(next(iter(table1.values()), {}))
    key = document.status_key
    # Only a board pack's document has the section, so every other PDF is as it was.
    board = {} if document.board is None else {"board": _board(document.board)}
    return {
        **board,
        "title": document.title,
        "organisation": document.organisation,
        "reporting_period": document.reporting_period,
        "key": [
            {
                "status": _status(entry.status, key),
                "description": entry.description,
                "meaning": entry.status.meaning,
                "colour": entry.colour,
            }
            for entry in key.rated
        ],
        "labels": key_labels(key),
        "table1": {
            "columns": list(table1),
            "rows": [
                {
                    "status": row,
                    "counts": [_count(table1[column].get(row)) for column in table1],
                }
                for row in rows
            ],
        },
        "table2": [
            {"status": label, "count": _count(count)} for label, count in (table2 or {}).items()
        ],
        "domains": [
            {
                "title": domain.title,
                "actions": [
                    {
                        "number": str(action.number),
                        "text": ("*" if action.high_priority else "") + action.text,
                        "lead": action.lead,
                        "timescale": action.timescale,
                        "status": _status(action.status, key),
                        "progress": action.progress,
                        # Under the action's text, as the tracker and Word show them.
                        "extra": [
                            {"name": name, "value": action.extra[name]}
                            for name in document.extra_fields
                            if action.extra.get(name)
                        ],
                        # A row spanning the table above the first of an objective's
                        # actions, and the activities as lines under it (ADR 0041).
                        "objective": _objective(action.objective) if first else None,
                        "activities": [activity_line(a, key) for a in action.activities],
                    }
                    for action, first in _firsts(domain.actions)
                ],
                # Objectives none of its actions serves yet, after them (ADR 0048).
                "objectives": [_objective(objective) for objective in domain.objectives],
            }
            for domain in document.domains
        ],
    }


def _board(board: BoardSection) -> dict[str, object]:
    """What changed since the last board, and each chart: its SVG, its words, its numbers."""
    return {
        "heading": board_words.CHANGES_HEADING,
        "period": board_words.board_period(board),
        "changes_header": board_words.CHANGE_HEADER,
        "changes": [board_words.change_cells(change) for change in board.changes],
        "no_changes": board_words.NO_CHANGES,
        "trends_heading": board_words.TRENDS_HEADING,
        "charts": [
            {
                "title": chart.title,
                "svg": chart.svg,
                "caption": board_words.chart_caption(chart.title),
                "headers": list(chart.headers),
                "rows": [list(row) for row in chart.rows],
            }
            for chart in board.charts
        ],
    }


def _firsts(actions: list[ActionEntry]) -> list[tuple[ActionEntry, bool]]:
    """Each action, and whether it is the first of a run serving an objective."""
    found = []
    before: ObjectiveEntry | None = None
    for action in actions:
        found.append((action, action.objective is not None and action.objective != before))
        before = action.objective
    return found


def _objective(objective: ObjectiveEntry | None) -> dict[str, str] | None:
    if objective is None:
        return None
    return {"heading": objective_heading(objective), "lead": objective.lead}


def _status(status: Status, key: StatusKey) -> dict[str, str]:
    """The plan's word, and the colours of its cell: no fill for Not rated."""
    fill, text = status_colours(status, key)
    return {"label": key.label(status), "fill": fill or "", "text": text}


def _count(count: int | None) -> str:
    return "" if count is None else str(count)
