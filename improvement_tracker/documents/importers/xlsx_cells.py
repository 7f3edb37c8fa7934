"""An Excel workbook opened and its cells read once for both Excel readers: the
example's (xlsx.py) and the grid's (grid_xlsx.py).

files.py checks the zip and streams every part against the import limits first; then
openpyxl reads values, not formulas. A cell's value becomes text as a person sees it
(a date as the plans write dates), and its fill an RGB colour, theme colours and tints
resolved through the workbook's own theme.
"""

import colorsys
import datetime as dt
import io
import warnings

from lxml import etree
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell as ExcelCell
from openpyxl.styles.colors import COLOR_INDEX
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from improvement_tracker.documents.importers.files import open_office_zip
from improvement_tracker.plans.plan_document import ImportProblem

# Office's default theme (dk1, lt1, dk2, lt2, accent1-6), in Excel's theme-index order.
_DEFAULT_THEME = [
    "FFFFFF", "000000", "E7E6E6", "44546A",
    "4472C4", "ED7D31", "A5A5A5", "FFC000", "5B9BD5", "70AD47",
]  # fmt: skip
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def open_workbook(data: bytes, source_name: str) -> Workbook:
    """The workbook's values, once the zip and its parts have passed every check."""
    open_office_zip(data, source_name, "xlsx")  # its size, XML, cells and merges now bounded
    try:
        with warnings.catch_warnings():
            # openpyxl warns about extensions it ignores (data validation, slicers).
            warnings.simplefilter("ignore", UserWarning)
            return load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged workbook
        raise ImportProblem(
            f"{source_name}: the workbook is damaged and cannot be read "
            f"({type(error).__name__}: {error})."
        ) from error


def cells_by_row(worksheet: Worksheet) -> dict[int, dict[int, ExcelCell]]:
    """The cells the sheet holds, by row and column. Not iter_rows(), which makes a cell
    for every place in the rectangle up to the furthest one: a single cell at
    XFD1048576 would make seventeen billion."""
    held: dict[int, dict[int, ExcelCell]] = {}
    for (row, column), cell in worksheet._cells.items():
        held.setdefault(row, {})[column] = cell
    return held


def cell_text(value: object) -> str:
    """A cell's value as the person sees it: a date as 31/03/2021, 12.0 as 12."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y}" if value.time() == dt.time() else f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def cell_fill(cell: ExcelCell, theme: list[str]) -> str | None:
    """A solid fill's colour as RGB (or ARGB) hex; None for no fill or one not read."""
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


def workbook_theme(workbook: Workbook) -> list[str]:
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
