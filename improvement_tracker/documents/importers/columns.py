"""Reading rows of actions, whatever the file: which column is which, and each cell's meaning.

Word, Excel and CSV trackers name their columns in many ways ("NO", "Ref", "Action
number"; "Owner", "Responsible"; "RAG"); the header row is matched generously, and each
row becomes an ActionEntry by the same rules: text kept verbatim, an asterisk before the
action marks high priority, a status read from its word or letter or else its colour,
and never one invented.
"""

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from improvement_tracker.documents.colours import UnknownColour, status_for_fill
from improvement_tracker.plans.numbering import (
    ALLOWED_WORDS,
    LONGEST_REFERENCE,
    clean_reference,
    reference_problem,
)
from improvement_tracker.plans.plan_document import (
    ActionEntry,
    ActivityEntry,
    ImportProblem,
    ObjectiveEntry,
)
from improvement_tracker.plans.rag import EXAMPLE_KEY, Status


class Column(StrEnum):
    NUMBER = "number"
    ACTION = "action"
    LEAD = "lead"
    TIMESCALE = "timescale"
    STATUS = "status"
    PROGRESS = "progress"
    PRIORITY = "priority"
    DOMAIN = "domain"
    DOMAIN_TITLE = "domain title"
    # A layered plan's (ADR 0041): whether a row is an action or an activity under the
    # action above it, and the objective an action serves.
    ROW_TYPE = "row type"
    OBJECTIVE_NUMBER = "objective number"
    OBJECTIVE = "objective"
    OBJECTIVE_LEAD = "objective lead"


# Tried in order: "Action no" is a number column, "Domain title" is not the domain's label.
_HEADER_PATTERNS: list[tuple[Column, re.Pattern[str]]] = [
    (Column.ROW_TYPE, re.compile(r"^row\s+type$")),
    (Column.OBJECTIVE_NUMBER, re.compile(r"^objective\s+(no|number|ref|reference)$")),
    (Column.OBJECTIVE_LEAD, re.compile(r"^objective\s+(lead|owner)")),
    (Column.OBJECTIVE, re.compile(r"^objectives?$")),
    (Column.NUMBER, re.compile(r"^(action\s+)?(no|number|num|ref|reference|#|id)$")),
    (Column.DOMAIN_TITLE, re.compile(r"^(domain|area|theme)\s+(title|name|heading)")),
    (Column.DOMAIN, re.compile(r"^(domain|area|theme)\b")),
    (Column.PRIORITY, re.compile(r"^(high\s+)?priority\b")),
    (Column.STATUS, re.compile(r"^((current|rag)\s+)?(status|rag)\b")),
    (Column.TIMESCALE, re.compile(r"^(timescale|deadline|due|target date|completion date)")),
    (Column.PROGRESS, re.compile(r"^(progress|update|comments?|commentary)\b")),
    (Column.LEAD, re.compile(r"^(lead|owner|responsible|accountable)")),
    (Column.ACTION, re.compile(r"^(actions?|description)\b")),
]
REQUIRED = (Column.NUMBER, Column.ACTION)
HEADER_HELP = (
    "a header row needs at least a number column (No, Ref or Number) and an action "
    "column (Action or Description); Lead, Timescale, Status, Progress, Priority and "
    "Domain columns are read when present"
)


def header_column(text: str) -> Column | None:
    name = " ".join(re.sub(r"[*.:]", " ", text).split()).casefold()
    for column, pattern in _HEADER_PATTERNS:
        if pattern.match(name):
            return column
    return None


def match_header(cells: list[str]) -> dict[Column, int] | None:
    """Each column's index when the cells are a header row of actions, else None."""
    found: dict[Column, int] = {}
    for index, text in enumerate(cells):
        column = header_column(text)
        if column is not None and column not in found:
            found[column] = index
    return found if all(column in found for column in REQUIRED) else None


def repeats_header(cells: Mapping[Column, "Cell"]) -> bool:
    """Whether a row under the header is the header again (a table split over pages).

    Both its number and its action cells must read as headers: a reference that happens
    to be a header's word ("NO", "Ref", "ID") beside an action's words is an action.
    """
    return all(
        column in cells and header_column(cells[column].text) is column for column in REQUIRED
    )


@dataclass
class Cell:
    """One cell as a reader found it: its text (verbatim), its fill and where it is."""

    text: str = ""
    fill: str | None = None
    where: str = ""
    value: object = None  # what a spreadsheet cell held, when not text (a date, a number)
    continued: bool = False  # a copy of the merged cell above (Word's vMerge)


_TRUE = {"yes", "y", "true", "1", "high", "*", "x", "✓", "✔"}
_FALSE = {"", "no", "n", "false", "0", "low", "medium", "normal", "-"}


def _text(cells: Mapping[Column, Cell], column: Column) -> str:
    if column not in cells:
        return ""
    # Line endings are one kind inside the app, whatever the file used.
    return cells[column].text.replace("\r\n", "\n").replace("\r", "\n").strip()


class ActionRows:
    """Turns rows of cells into ActionEntry objects, collecting the warnings as it goes."""

    def __init__(self, source: str, colour_key: Mapping[str, Status] | None = None) -> None:
        self.source = source
        self.colour_key = dict(colour_key or {})
        # The document key's own labels ("Blue"), casefolded, when it has them (ADR 0039).
        self.labels: dict[str, Status] = {}
        self.key = EXAMPLE_KEY
        self.warnings: list[str] = []

    def warn(self, where: str, message: str) -> None:
        self.warnings.append(f"{self.source}, {where}: {message}")

    def is_blank(self, cells: Mapping[Column, Cell]) -> bool:
        return not any(cell.text.strip() for cell in cells.values())

    def number(self, cell: Cell) -> str:
        """The action's reference as written (12, 1.2, C1.1.1, R3): text (ADR 0038)."""
        value = cell.value
        if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
            # A spreadsheet's number: 12.0 is 12; 1.1 is as the cell shows it.
            reference = str(int(value)) if float(value).is_integer() else cell.text.strip()
        else:
            reference = clean_reference(cell.text)
        if reference_problem(reference) is not None:
            raise ImportProblem(
                f"{self.source}, {cell.where}: '{cell.text.strip()[:60]}' is not an action "
                f"number (up to {LONGEST_REFERENCE} {ALLOWED_WORDS}, such as 12, 1.2 or "
                "C1.1.1). Number every action, then import again."
            )
        return reference

    def action(self, cells: Mapping[Column, Cell], where: str) -> ActionEntry:
        action_text = _text(cells, Column.ACTION)
        asterisk = action_text.startswith("*")
        return ActionEntry(
            number=self.number(cells[Column.NUMBER]),
            text=action_text.lstrip("*").strip() if asterisk else action_text,
            lead=_text(cells, Column.LEAD),
            timescale=self.timescale(cells.get(Column.TIMESCALE)),
            status=self.status(cells.get(Column.STATUS)),
            progress=_text(cells, Column.PROGRESS),
            high_priority=asterisk or self.priority(cells.get(Column.PRIORITY)),
            location=where,
        )

    def activity(self, cells: Mapping[Column, Cell]) -> ActivityEntry:
        """A row under an action that is one of its activities: its reference as written."""
        return ActivityEntry(
            number=clean_reference(_text(cells, Column.NUMBER)),
            text=_text(cells, Column.ACTION),
            lead=_text(cells, Column.LEAD),
            timescale=self.timescale(cells.get(Column.TIMESCALE)),
            status=self.status(cells.get(Column.STATUS)),
        )

    def objective(self, cells: Mapping[Column, Cell]) -> ObjectiveEntry | None:
        """The objective a row's action serves, when it names one."""
        number = clean_reference(_text(cells, Column.OBJECTIVE_NUMBER))
        text = _text(cells, Column.OBJECTIVE)
        if not number and not text:
            return None
        return ObjectiveEntry(number=number, text=text, lead=_text(cells, Column.OBJECTIVE_LEAD))

    def timescale(self, cell: Cell | None) -> str:
        if cell is None:
            return ""
        if isinstance(cell.value, dt.datetime | dt.date):
            # A real spreadsheet date: written as the plans write dates.
            return f"{cell.value:%d/%m/%Y}"
        return cell.text.strip()

    def status(self, cell: Cell | None) -> Status:
        if cell is None:
            return Status.NOT_RATED
        written = cell.text.strip()
        from_text = self.labels.get(written.casefold()) or Status.from_text(written)
        if written and from_text is not None:
            return from_text
        try:
            from_fill = status_for_fill(cell.fill, self.colour_key)
        except UnknownColour as error:
            outcome = "" if written else "; the action is imported as not rated"
            self.warn(cell.where, f"the status cell's fill could not be read: {error}{outcome}.")
            from_fill = None
        if written:
            shown = f"; its colour says {self.key.label(from_fill)}" if from_fill else ""
            labels = ", ".join(entry.label for entry in self.key.rated)
            self.warn(
                cell.where,
                f"'{written}' is not a status of the key ({labels})"
                f"{shown}; the action is imported as "
                f"{self.key.label(from_fill or Status.NOT_RATED).lower()}.",
            )
        return from_fill or Status.NOT_RATED

    def priority(self, cell: Cell | None) -> bool:
        if cell is None:
            return False
        if isinstance(cell.value, bool):
            return cell.value
        word = cell.text.strip().casefold()
        if word in _TRUE:
            return True
        if word not in _FALSE:
            self.warn(
                cell.where,
                f"'{cell.text.strip()}' in the priority column is neither yes nor no; "
                "the action is not marked high priority.",
            )
        return False
