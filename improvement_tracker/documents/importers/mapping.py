"""A mapping: what each table, column, status and special row of a document means.

The proposer (proposal.py) makes one from a grid, each choice with its reason in words;
a person may change any of it (as JSON, mapping_json.py, ADR 0045) before it is applied.
Plain frozen values, so that a mapping read back can be compared with the one written.
"""

from dataclasses import dataclass
from enum import StrEnum

from improvement_tracker.plans.rag import Status

VERSION = 1


class Meaning(StrEnum):
    """What a column holds."""

    REFERENCE = "reference"
    ACTION = "action"
    OBJECTIVE = "objective"
    LEAD = "lead"
    TIMESCALE = "timescale"
    STATUS = "status"
    PROGRESS = "progress"
    EVIDENCE = "evidence"
    PRIORITY = "priority"
    SECTION = "section"
    EXTRA = "extra field"
    IGNORE = "ignore"


# The meanings a table has at most one column of; a second is kept as an extra field.
SINGLE = frozenset(Meaning) - {Meaning.EXTRA, Meaning.IGNORE}


class RowKind(StrEnum):
    """A row under the header that is not an action."""

    SECTION = "section"  # starts a section: a row spanning the table, or "Standard 2 …"
    OBJECTIVE = "objective"  # the actions below serve it
    ACTIVITY = "activity"  # a sub-action of the action above (a deeper reference)
    HEADER = "header"  # the header row again (a table split over pages): skipped


class StatusSource(StrEnum):
    """Where in the cell a status was found."""

    WORD = "word"  # the cell's words: "Off Track", "COMPLETED"
    LETTER = "letter"  # R, A, G, B, C
    CATEGORY = "category"  # a number of the document's own key: "1" is "Fully achieved"
    FIRST_WORD = "first word"  # of a longer cell: "Complete: Medical Director has …"
    FILL = "fill"  # the cell's colour, written "#0070C0"


@dataclass(frozen=True)
class ColumnMapping:
    column: int  # 1-based, as a person counts them
    header: str  # as the header row writes it ("" for a blank header cell)
    meaning: Meaning
    reason: str = ""
    field: str = ""  # the extra field's name, for Meaning.EXTRA


@dataclass(frozen=True)
class StatusMapping:
    found: str  # as written ("Off Track", "1", "#0070C0" for a fill)
    source: StatusSource
    meaning: Status
    reason: str = ""
    count: int = 0  # how many cells show it


@dataclass(frozen=True)
class RowMapping:
    row: int  # 1-based, in the table
    kind: RowKind
    text: str = ""
    reason: str = ""


@dataclass(frozen=True)
class TableMapping:
    table: int  # 1-based: the grid's table (Word) or sheet (Excel)
    name: str  # "table 3", "sheet 'Actions'"
    use: bool  # whether its rows are actions of the plan
    reason: str
    header_row: int | None = None  # 1-based; None when the table has no header row
    section: str = ""  # the section its actions start in, before any section row
    columns: tuple[ColumnMapping, ...] = ()
    statuses: tuple[StatusMapping, ...] = ()
    rows: tuple[RowMapping, ...] = ()
    # The action's reference is the number its text begins with ("1. To establish …").
    number_in_text: bool = False

    def column_for(self, meaning: Meaning) -> ColumnMapping | None:
        return next((column for column in self.columns if column.meaning is meaning), None)


@dataclass(frozen=True)
class Mapping:
    source: str
    title: str
    tables: tuple[TableMapping, ...]
    # When no table can be the tracker: which came closest, and why (else "").
    closest: str = ""
    version: int = VERSION

    @property
    def used(self) -> list[TableMapping]:
        return [table for table in self.tables if table.use]
