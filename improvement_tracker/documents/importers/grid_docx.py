"""A Word (.docx) document as a neutral grid: its paragraphs and its tables, as they look.

Only after files.py has checked the zip and streamed every part against the import
limits (sizes, XML elements, rows, cells, cell text; no DTD, so no entity bombs) is
word/document.xml parsed, by a parser that resolves no entities and reaches no network.
Merged cells (gridSpan across, vMerge down) show their text in every cell they cover,
marked as covered; content controls and tracked insertions are looked through.
"""

import zipfile
from collections.abc import Iterator

from lxml import etree

from improvement_tracker.documents.colours import normalise
from improvement_tracker.documents.importers.files import open_office_zip
from improvement_tracker.documents.importers.grid import Grid, GridCell, GridTable
from improvement_tracker.documents.importers.limits import Tally, over_limit
from improvement_tracker.plans.plan_document import ImportProblem

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True
)
_TEXT_TAGS = (f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen")
_LOOK_THROUGH = (f"{W}sdt", f"{W}customXml", f"{W}ins", f"{W}smartTag")
# Word's tables have at most 63 columns: a larger span (which would make millions of
# cells) counts as that many.
_MOST_COLUMNS = 63
# Word's highlight colours by name, for a status shown by highlighting its word.
_HIGHLIGHTS = {
    "red": "FF0000",
    "darkRed": "800000",
    "yellow": "FFFF00",
    "darkYellow": "808000",
    "green": "00FF00",
    "darkGreen": "008000",
    "blue": "0000FF",
    "cyan": "00FFFF",
    "lightGray": "C0C0C0",
    "darkGray": "808080",
}


def read_docx_grid(data: bytes, *, source_name: str) -> Grid:
    archive = open_office_zip(data, source_name, "docx")  # its size and XML now bounded
    try:
        with archive.open("word/document.xml") as part:
            root = etree.parse(part, _PARSER).getroot()
    except (etree.XMLSyntaxError, KeyError, ValueError, OSError, zipfile.BadZipFile) as error:
        raise ImportProblem(
            f"{source_name}: the document is damaged and cannot be read ({error})."
        ) from error
    body = root.find(f"{W}body")
    if body is None:
        raise ImportProblem(f"{source_name}: the document has no body; it is damaged.")
    grid = Grid(source=source_name, kind="docx")
    tally = Tally(source_name)
    paragraphs: list[str] = []
    for element in _content(body):
        if element.tag == f"{W}p":
            text = " ".join(_text_of(element).split())
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
    for row in (r for r in _content(table) if r.tag == f"{W}tr"):
        cells: list[GridCell] = []
        before = _int(row.find(f"{W}trPr/{W}gridBefore"), 0)
        cells.extend(GridCell() for _ in range(before))
        for cell in (c for c in _content(row) if c.tag == f"{W}tc"):
            properties = cell.find(f"{W}tcPr")
            span = max(_int(_find(properties, "gridSpan"), 1), 1)
            merge = _find(properties, "vMerge")
            column = len(cells)
            if merge is not None and merge.get(f"{W}val") in (None, "continue"):
                shown = above[column] if column < len(above) else GridCell()
                value = GridCell(shown.text, shown.fill, "down")
            else:
                value = GridCell(_cell_text(cell), _cell_fill(cell, properties))
            cells.append(value)
            across = GridCell(value.text, value.fill, "across")
            cells.extend(across for _ in range(min(span, _MOST_COLUMNS) - 1))
            if tally.cells + len(cells) > tally.limits.cells:  # spans multiply cells
                raise over_limit(tally.source, "cells", tally.limits.cells)
        tally.row(len(cells))
        rows.append(cells)
        above = cells
    return rows


def _content(parent: etree._Element) -> Iterator[etree._Element]:
    """Children, looking through content controls (w:sdt) and tracked insertions."""
    for child in parent:
        if child.tag in _LOOK_THROUGH:
            content = child.find(f"{W}sdtContent")
            yield from _content(content if content is not None else child)
        else:
            yield child


def _text_of(element: etree._Element) -> str:
    parts = []
    for child in element.iter(*_TEXT_TAGS):
        if child.tag == f"{W}t":
            parts.append(child.text or "")
        elif child.tag == f"{W}tab":
            parts.append("\t")
        elif child.tag == f"{W}noBreakHyphen":
            parts.append("-")
        else:
            parts.append("\n")
    return "".join(parts)


def _cell_text(cell: etree._Element) -> str:
    """Each paragraph a line, as the person typed them; blank lines at the ends dropped."""
    lines = [_text_of(paragraph) for paragraph in cell.iter(f"{W}p")]
    return "\n".join(lines).strip()


def _cell_fill(cell: etree._Element, properties: etree._Element | None) -> str | None:
    """The cell's shading; failing that, the shading or highlight of its first run."""
    fill = _shading(_find(properties, "shd"))
    if fill:
        return fill
    for run in cell.iter(f"{W}r"):
        if not "".join(t.text or "" for t in run.iter(f"{W}t")).strip():
            continue
        run_properties = run.find(f"{W}rPr")
        highlight = _find(run_properties, "highlight")
        if highlight is not None and highlight.get(f"{W}val") in _HIGHLIGHTS:
            return _HIGHLIGHTS[str(highlight.get(f"{W}val"))]
        return _shading(_find(run_properties, "shd"))
    return None


def _shading(shd: etree._Element | None) -> str | None:
    if shd is None:
        return None
    pattern, colour, fill = (shd.get(f"{W}{name}") for name in ("val", "color", "fill"))
    if pattern == "solid" and colour and colour != "auto":
        return normalise(str(colour))  # a solid pattern shows its foreground colour
    if pattern == "nil" or not fill or fill == "auto":
        return None
    return normalise(str(fill))


def _find(parent: etree._Element | None, name: str) -> etree._Element | None:
    return None if parent is None else parent.find(f"{W}{name}")


def _int(element: etree._Element | None, default: int) -> int:
    value = None if element is None else element.get(f"{W}val")
    if value is None or not value.isascii() or not value.isdigit() or len(value) > 6:
        return default
    return min(int(value), _MOST_COLUMNS)
