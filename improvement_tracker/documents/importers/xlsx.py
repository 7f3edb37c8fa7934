"""Read an Excel (.xlsx) tracker: one row per action, statuses as words, letters or fills.

Real Excel dates become timescales written as the plans write them (31/03/2021);
merged cells give their value to every cell they cover; a fill given as a theme
colour is resolved through the workbook's own theme (xlsx_cells.py, which the grid
reader shares).
"""

from openpyxl.cell.cell import Cell as ExcelCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from improvement_tracker.documents.importers.columns import Cell
from improvement_tracker.documents.importers.limits import Tally
from improvement_tracker.documents.importers.tabular import Sheet, read_sheets
from improvement_tracker.documents.importers.xlsx_cells import (
    cell_fill,
    cell_text,
    cells_by_row,
    open_workbook,
    workbook_theme,
)
from improvement_tracker.plans.plan_document import PlanDocument


def read_xlsx_plan(data: bytes, *, source_name: str) -> PlanDocument:
    workbook = open_workbook(data, source_name)
    theme = workbook_theme(workbook)
    tally = Tally(source_name)
    sheets = [_sheet(worksheet, theme, source_name, tally) for worksheet in workbook.worksheets]
    return read_sheets(sheets, source_name=source_name, kind="sheet")


def _sheet(worksheet: Worksheet, theme: list[str], source: str, tally: Tally) -> Sheet:
    """The sheet's rows from the cells it holds (cells_by_row), never its rectangle."""
    prefix = f"sheet '{worksheet.title}', "
    sheet = Sheet(name=worksheet.title, where_prefix=prefix)
    merged: dict[tuple[int, int], ExcelCell] = {}
    for cells in worksheet.merged_cells.ranges:  # as many as the scan let through
        top_left = worksheet.cell(cells.min_row, cells.min_col)
        for row, column in cells.cells:
            merged[row, column] = top_left
    held = cells_by_row(worksheet)
    for row in range(1, max(held, default=0) + 1):
        cells = held.get(row, {})
        width = max(cells, default=0)
        tally.row(width)
        read: list[Cell] = []
        for column in range(1, width + 1):
            where = f"{prefix}cell {get_column_letter(column)}{row}"
            found = cells.get(column)
            source_cell = merged.get((row, column), found)
            if source_cell is None:
                read.append(Cell(where=where))
                continue
            if source_cell.data_type == "e":  # #REF!, #VALUE!, #N/A: a formula that failed
                sheet.warnings.append(
                    f"{source}, {where}: the cell shows the error {source_cell.value}; "
                    "it is read as empty."
                )
                read.append(Cell(where=where))
                continue
            value = source_cell.value
            text = tally.cell(cell_text(value), where)
            read.append(Cell(text, cell_fill(source_cell, theme), where, value))
        sheet.rows.append(read)
    return sheet
