"""A Word (.docx) document as a neutral grid: its paragraphs and its tables, as they look.

word_xml.py opens the document (after files.py's checks against the import limits) and
walks its tables, as it does for the example's reader. Here a merged cell (gridSpan
across, vMerge down) shows its text in every cell it covers, marked as covered, and the
cells are counted against the import limits as the spans multiply them.
"""

from lxml import etree

from improvement_tracker.documents.importers.grid import Grid, GridCell, GridTable
from improvement_tracker.documents.importers.limits import Tally, over_limit
from improvement_tracker.documents.importers.word_xml import (
    W,
    content,
    document_body,
    table_rows,
    text_of,
)


def read_docx_grid(data: bytes, *, source_name: str) -> Grid:
    body = document_body(data, source_name)
    grid = Grid(source=source_name, kind="docx")
    tally = Tally(source_name)
    paragraphs: list[str] = []
    for element in content(body):
        if element.tag == f"{W}p":
            text = " ".join(text_of(element).split())
            if text:
                paragraphs.append(text)
        elif element.tag == f"{W}tbl":
            number = len(grid.tables) + 1
            if number == 1:
                grid.title_lines = list(paragraphs)
            table = GridTable(number, f"table {number}", above=paragraphs)
            table.rows = _rows(element, tally)
            grid.tables.append(table)
            paragraphs = []
    if not grid.tables:
        grid.title_lines = paragraphs
    return grid


def _rows(table: etree._Element, tally: Tally) -> list[list[GridCell]]:
    rows: list[list[GridCell]] = []
    above: list[GridCell] = []
    for row in table_rows(table):
        cells = [GridCell() for _ in range(row.before)]
        for cell in row.cells:
            column = len(cells)
            if cell.continues:
                shown = above[column] if column < len(above) else GridCell()
                value = GridCell(shown.text, shown.fill, "down")
            else:
                value = GridCell(_cell_text(cell.element), cell.fill)
            cells.append(value)
            across = GridCell(value.text, value.fill, "across")
            cells.extend(across for _ in range(cell.span - 1))
            if tally.cells + len(cells) > tally.limits.cells:  # spans multiply cells
                raise over_limit(tally.source, "cells", tally.limits.cells)
        tally.row(len(cells))
        rows.append(cells)
        above = cells
    return rows


def _cell_text(cell: etree._Element) -> str:
    """Each paragraph a line, as the person typed them; blank lines at the ends dropped."""
    lines = [text_of(paragraph) for paragraph in cell.iter(f"{W}p")]
    return "\n".join(lines).strip()
