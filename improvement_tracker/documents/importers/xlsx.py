"""Read an Excel (.xlsx) tracker: one row per action, statuses as words, letters or fills.

Real Excel dates become timescales written as the plans write them (31/03/2021);
merged cells give their value to every cell they cover; a fill given as a theme
colour is resolved through the workbook's own theme.
"""

import colorsys
import datetime as dt
import io
import warnings

from lxml import etree
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell as ExcelCell
from openpyxl.styles.colors import COLOR_INDEX
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from improvement_tracker.documents.importers.columns import Cell
from improvement_tracker.documents.importers.files import open_office_zip
from improvement_tracker.documents.importers.limits import Tally
from improvement_tracker.documents.importers.tabular import Sheet, read_sheets
from improvement_tracker.plans.plan_document import ImportProblem, PlanDocument

# Office's default theme (dk1, lt1, dk2, lt2, accent1-6), in Excel's theme-index order.
_DEFAULT_THEME = [
    "FFFFFF", "000000", "E7E6E6", "44546A",
    "4472C4", "ED7D31", "A5A5A5", "FFC000", "5B9BD5", "70AD47",
]  # fmt: skip
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def read_xlsx_plan(data: bytes, *, source_name: str) -> PlanDocument:
    open_office_zip(data, source_name, "xlsx")  # its size, XML, cells and merges now bounded
    try:
        with warnings.catch_warnings():
            # openpyxl warns about extensions it ignores (data validation, slicers).
            warnings.simplefilter("ignore", UserWarning)
            workbook = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged workbook
        raise ImportProblem(
            f"{source_name}: the workbook is damaged and cannot be read "
            f"({type(error).__name__}: {error})."
        ) from error
    theme = _theme(workbook)
    tally = Tally(source_name)
    sheets = [_sheet(worksheet, theme, source_name, tally) for worksheet in workbook.worksheets]
    return read_sheets(sheets, source_name=source_name, kind="sheet")


def _sheet(worksheet: Worksheet, theme: list[str], source: str, tally: Tally) -> Sheet:
    """The sheet's rows from the cells it holds. Not iter_rows(), which makes a cell for
    every place in the rectangle up to the furthest one: a single cell at XFD1048576
    would make seventeen billion."""
    prefix = f"sheet '{worksheet.title}', "
    sheet = Sheet(name=worksheet.title, where_prefix=prefix)
    merged: dict[tuple[int, int], ExcelCell] = {}
    for cells in worksheet.merged_cells.ranges:  # as many as the scan let through
        top_left = worksheet.cell(cells.min_row, cells.min_col)
        for row, column in cells.cells:
            merged[row, column] = top_left
    held: dict[int, dict[int, ExcelCell]] = {}
    for (row, column), cell in worksheet._cells.items():  # not iter_rows(): see above
        held.setdefault(row, {})[column] = cell
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
            text = tally.cell(_text(value), where)
            read.append(Cell(text, _fill(source_cell, theme), where, value))
        sheet.rows.append(read)
    return sheet


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y}" if value.time() == dt.time() else f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _fill(cell: ExcelCell, theme: list[str]) -> str | None:
    fill = cell.fill
    if fill is None or fill.fill_type != "solid":
        return None
    colour = fill.fgColor
    if colour.type == "rgb" and isinstance(colour.rgb, str):
        return None if colour.rgb in ("00000000",) else colour.rgb
    if colour.type == "indexed" and isinstance(colour.indexed, int):
        return COLOR_INDEX[colour.indexed] if colour.indexed < len(COLOR_INDEX) else None
    if colour.type == "theme" and isinstance(colour.theme, int) and colour.theme < len(theme):
        return _tinted(theme[colour.theme], float(colour.tint or 0))
    return None


def _tinted(colour: str, tint: float) -> str:
    """Excel's tint: lighten (positive) or darken (negative) in HLS lightness."""
    if not tint:
        return colour
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue, lightness, saturation = colorsys.rgb_to_hls(r, g, b)
    lightness = lightness * (1 + tint) if tint < 0 else lightness * (1 - tint) + tint
    r, g, b = colorsys.hls_to_rgb(hue, lightness, saturation)
    return "".join(f"{round(channel * 255):02X}" for channel in (r, g, b))


def _theme(workbook: Workbook) -> list[str]:
    """The workbook's theme colours in the order Excel's theme indexes use."""
    if not workbook.loaded_theme:
        return _DEFAULT_THEME
    try:
        root = etree.fromstring(workbook.loaded_theme, _PARSER)
    except etree.XMLSyntaxError:
        return _DEFAULT_THEME
    scheme = root.find(f".//{_A}clrScheme")
    if scheme is None:
        return _DEFAULT_THEME
    colours: dict[str, str] = {}
    for slot in scheme:
        name = etree.QName(slot).localname
        for value in slot:
            colours[name] = str(value.get("lastClr") or value.get("val") or "")
    order = ["lt1", "dk1", "lt2", "dk2", *(f"accent{n}" for n in range(1, 7))]
    found = [colours.get(name, "") for name in order]
    if not all(len(colour) == 6 for colour in found):
        return _DEFAULT_THEME
    return found
