"""What any document is once read, before anyone says what its columns mean: a neutral grid.

Issue 19: a tracker in another body's shape is first read as it looks (its title lines,
and its tables, a Word table or an Excel sheet each, as rows of cells with their text and
fill), and only then given a meaning (proposal.py, ADR 0045). A merged cell is read as a
person sees it: the cell it covers shows its text too, marked as covered ("down" or
"across") so that nothing is counted twice. Plain values, no file library: the readers
are grid_docx.py, grid_xlsx.py and grid_csv.py (ADR 0051), imported when a file of their
kind arrives.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from django.utils.module_loading import import_string

from improvement_tracker.documents.importers.files import check_size
from improvement_tracker.plans.plan_document import ImportProblem

Merged = Literal["", "down", "across"]


@dataclass(frozen=True)
class GridCell:
    text: str = ""
    fill: str | None = None  # RGB hex ("0070C0"), None when the cell has no colour
    # "" for a cell of its own; "down" or "across" for one a merged cell covers, which
    # shows that cell's text and fill (a lead merged down over three rows leads all three).
    merged: Merged = ""

    @property
    def own_text(self) -> str:
        """The text the cell itself holds: none when it only shows a merged cell's."""
        return "" if self.merged else self.text


@dataclass
class GridTable:
    number: int  # 1-based, in document order, as a person counts them
    name: str  # "table 3", "sheet 'Actions'": how messages name it
    rows: list[list[GridCell]] = field(default_factory=list)
    # The paragraphs between the table before (or the document's start) and this one,
    # in order: a heading directly above a table often names its section.
    above: list[str] = field(default_factory=list)
    sheet: str = ""  # an Excel sheet's name

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)

    def cell(self, row: int, column: int) -> GridCell:
        """The cell at 0-based row and column; an empty one past a short row's end."""
        cells = self.rows[row]
        return cells[column] if column < len(cells) else _EMPTY


_EMPTY = GridCell()


@dataclass
class Grid:
    source: str  # the file's name, for messages
    kind: Literal["docx", "xlsx", "csv"]
    title_lines: list[str] = field(default_factory=list)  # paragraphs before any table
    tables: list[GridTable] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # what the reader read its own way

    @property
    def headed_in_rows(self) -> bool:
        """Whether its title and sections are rows above a table's header (an Excel sheet,
        a CSV file) rather than paragraphs above a table (Word)."""
        return self.kind != "docx"


# Each reader is imported when a file of its kind arrives (lxml and openpyxl are heavy).
GRID_READERS: dict[str, str] = {
    ".docx": "improvement_tracker.documents.importers.grid_docx.read_docx_grid",
    ".xlsx": "improvement_tracker.documents.importers.grid_xlsx.read_xlsx_grid",
    ".csv": "improvement_tracker.documents.importers.grid_csv.read_csv_grid",
}


def read_grid_bytes(data: bytes, *, name: str) -> Grid:
    """A Word, Excel or CSV file as a grid, checked against the import limits as it is read."""
    reader = _reader(name)
    check_size(len(data), name)
    grid: Grid = reader(data, source_name=name)
    return grid


def _reader(name: str) -> Callable[..., Grid]:
    suffix = Path(name).suffix.lower()
    if suffix not in GRID_READERS:
        *others, last = sorted(GRID_READERS)
        known = f"{', '.join(others)} and {last}"
        raise ImportProblem(
            f"{name}: a mapping can be proposed only for {known} files, not '{suffix}'."
        )
    reader: Callable[..., Grid] = import_string(GRID_READERS[suffix])
    return reader


def read_grid_file(path: Path) -> Grid:
    _reader(path.name)  # another kind of file is refused before it is read
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ImportProblem(f"{path}: cannot be read ({error.strerror}).") from error
    check_size(size, path.name)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportProblem(f"{path}: cannot be read ({error.strerror}).") from error
    return read_grid_bytes(data, name=path.name)
