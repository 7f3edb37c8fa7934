"""A CSV file as a neutral grid: one table, its rows as they are (issue 19, ADR 0051).

Councils keep trackers in CSV saved from Excel, in their own columns. The file is opened
as the strict CSV importer opens it (csv.py: empty, binary and NUL refused; UTF-8 with or
without its mark, else Windows-1252; formula apostrophes undone) and counted against the
same limits (ADR 0023). Its separator (comma, semicolon or tab) is the one under which a
row among the first reads most like a header; a CSV has no title lines, fills or merged
cells, so its title and sections are rows above the header, as in an Excel sheet.
"""

from improvement_tracker.documents.importers.column_guess import LONGEST_HEADER
from improvement_tracker.documents.importers.csv import (
    not_utf8,
    open_text,
    read_rows,
    unescape_formula,
)
from improvement_tracker.documents.importers.grid import Grid, GridCell, GridTable
from improvement_tracker.documents.importers.header_words import header_meaning
from improvement_tracker.documents.importers.limits import Tally
from improvement_tracker.documents.importers.proposal import HEADER_SCAN_ROWS

_SEPARATORS = (",", ";", "\t")


def read_csv_grid(data: bytes, *, source_name: str) -> Grid:
    text, encoding = open_text(data, source_name)
    separator = _separator(text, source_name)
    tally = Tally(source_name)
    table = GridTable(1, "table 1")
    for index, record in enumerate(read_rows(text, separator, source_name), start=1):
        tally.row(len(record))
        cells = []
        for column, value in enumerate(record, start=1):
            written = tally.cell(value, f"row {index}, column {column}")
            lines = unescape_formula(written).replace("\r\n", "\n").replace("\r", "\n")
            cells.append(GridCell(lines.strip()))
        table.rows.append(cells)
    grid = Grid(source=source_name, kind="csv", tables=[table])
    if encoding == "windows-1252":
        grid.warnings.append(not_utf8(source_name))
    return grid


def _separator(text: str, source_name: str) -> str:
    """The separator under which a row among those the proposer looks for a header in names
    the most kinds of column; failing any header, the one splitting most of them into cells."""

    def score(separator: str) -> tuple[int, int]:
        rows = list(read_rows(text, separator, source_name, HEADER_SCAN_ROWS))
        named = max((_kinds(row) for row in rows), default=0)
        return (named if named >= 2 else 0), sum(len(row) > 1 for row in rows)

    scores = {separator: score(separator) for separator in _SEPARATORS}
    return max(_SEPARATORS, key=lambda separator: scores[separator])  # first on a tie


def _kinds(row: list[str]) -> int:
    texts = (cell.strip() for cell in row)
    return len(
        {header_meaning(text) for text in texts if text and len(text) <= LONGEST_HEADER} - {None}
    )
