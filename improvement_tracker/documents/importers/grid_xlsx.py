"""An Excel (.xlsx) workbook as a neutral grid: each sheet a table, as it looks.

files.py checks the zip and streams every part against the import limits first (merged
ranges counted by the cells they cover); then openpyxl reads values, not formulas. Rows
come from the cells the sheet holds, never from the rectangle up to its furthest cell. A
merged range shows its top-left cell's text in every cell it covers, marked as covered.
Values and fills, theme colours included, are read as the Excel importer reads them
(xlsx_cells.py).
"""

from openpyxl.cell.cell import Cell as ExcelCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from improvement_tracker.documents.colours import normalise
from improvement_tracker.documents.importers.grid import Grid, GridCell, GridTable, Merged
from improvement_tracker.documents.importers.limits import Tally
from improvement_tracker.documents.importers.xlsx_cells import (
    cell_fill,
    cell_text,
    cells_by_row,
    open_workbook,
    workbook_theme,
)


def read_xlsx_grid(data: bytes, *, source_name: str) -> Grid:
    workbook = open_workbook(data, source_name)
    theme = workbook_theme(workbook)
    tally = Tally(source_name)
    grid = Grid(source=source_name, kind="xlsx")
    for number, worksheet in enumerate(workbook.worksheets, start=1):
        table = GridTable(number, f"sheet '{worksheet.title}'", sheet=worksheet.title)
        table.rows = _rows(worksheet, theme, tally, grid)
        grid.tables.append(table)
    return grid


def _rows(worksheet: Worksheet, theme: list[str], tally: Tally, grid: Grid) -> list[list[GridCell]]:
    covering: dict[tuple[int, int], tuple[ExcelCell, Merged]] = {}
    for ranges in worksheet.merged_cells.ranges:  # as many as the scan let through
        top_left = worksheet.cell(ranges.min_row, ranges.min_col)
        for row, column in ranges.cells:
            if (row, column) != (ranges.min_row, ranges.min_col):
                covering[row, column] = (top_left, "across" if row == ranges.min_row else "down")
    held = cells_by_row(worksheet)  # after the merges, whose top-left cells it holds
    widths: dict[int, int] = {}  # how far each row's merged ranges reach
    for row, column in covering:
        held.setdefault(row, {})
        widths[row] = max(widths.get(row, 0), column)
    rows: list[list[GridCell]] = []
    for row in range(1, max(held, default=0) + 1):
        cells = held.get(row, {})
        width = max(max(cells, default=0), widths.get(row, 0))
        tally.row(width)
        read: list[GridCell] = []
        for column in range(1, width + 1):
            where = f"sheet '{worksheet.title}', cell {get_column_letter(column)}{row}"
            merged: Merged = ""
            source = cells.get(column)
            if (row, column) in covering:
                source, merged = covering[row, column]
            if source is None:
                read.append(GridCell())
                continue
            if source.data_type == "e":  # #REF!, #VALUE!, #N/A: a formula that failed
                if not merged:
                    grid.warnings.append(
                        f"{grid.source}, {where}: the cell shows the error {source.value}; "
                        "it is read as empty."
                    )
                read.append(GridCell())
                continue
            text = tally.cell(cell_text(source.value), where).strip()
            read.append(GridCell(text, normalise(cell_fill(source, theme)), merged))
        rows.append(read)
    return rows
