"""Word's XML read once for every Word reader: the body, a paragraph's text, a table's
rows with their merged cells, and a cell's shading or highlight.

files.py checks the zip and streams every part against the import limits first; only
then is word/document.xml parsed, by a parser that resolves no entities and reaches no
network. The example's reader (docx.py, through word_blocks.py) and the grid reader
(grid_docx.py) each build their own cells from what this module finds, so that merged
cells, content controls and fills mean one thing to both.
"""

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from improvement_tracker.documents.colours import normalise
from improvement_tracker.documents.importers.files import open_office_zip
from improvement_tracker.plans.plan_document import ImportProblem

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True
)
_TEXT_TAGS = (f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen")
# Looked through to the paragraphs, tables, rows and cells inside them.
_LOOK_THROUGH = (f"{W}sdt", f"{W}customXml", f"{W}ins", f"{W}smartTag")
_SPAN = re.compile(r"[0-9]{1,6}")
# Word's tables have at most 63 columns: a larger span or skip (which would make
# millions of empty cells) counts as that many.
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


def document_body(data: bytes, source_name: str) -> etree._Element:
    """The document's w:body, once the zip and its parts have passed every check."""
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
    return body


def content(parent: etree._Element) -> Iterator[etree._Element]:
    """Children, looking through content controls (w:sdt) and tracked insertions."""
    for child in parent:
        if child.tag in _LOOK_THROUGH:
            inner = child.find(f"{W}sdtContent")
            yield from content(inner if inner is not None else child)
        else:
            yield child


def text_of(element: etree._Element) -> str:
    """The text of a paragraph or run: its text, tabs and line breaks."""
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


@dataclass(frozen=True)
class TableCell:
    """A w:tc as the table's grid places it."""

    element: etree._Element
    span: int  # grid columns it covers (gridSpan), 1 to 63
    # Word's vMerge "continue": the cell shows the one above it in its column.
    continues: bool

    @property
    def fill(self) -> str | None:
        """The cell's shading; failing that, the shading or highlight of its first run
        with text. RGB hex ("0070C0") or None: a value that is no colour is none."""
        fill = _shading(_find(self.element.find(f"{W}tcPr"), "shd"))
        if fill:
            return fill
        for run in self.element.iter(f"{W}r"):
            if not "".join(t.text or "" for t in run.iter(f"{W}t")).strip():
                continue
            run_properties = run.find(f"{W}rPr")
            highlight = _find(run_properties, "highlight")
            if highlight is not None and highlight.get(f"{W}val") in _HIGHLIGHTS:
                return _HIGHLIGHTS[str(highlight.get(f"{W}val"))]
            return _shading(_find(run_properties, "shd"))
        return None


@dataclass(frozen=True)
class TableRow:
    before: int  # grid columns left empty before its first cell (gridBefore), 0 to 63
    cells: list[TableCell]


def table_rows(table: etree._Element) -> Iterator[TableRow]:
    """A w:tbl's rows, each cell with the grid columns it spans and whether it continues
    a vertical merge; what a merged cell shows is for the reader to say."""
    for row in content(table):
        if row.tag != f"{W}tr":
            continue
        cells = []
        for cell in content(row):
            if cell.tag != f"{W}tc":
                continue
            properties = cell.find(f"{W}tcPr")
            merge = _find(properties, "vMerge")
            continues = merge is not None and merge.get(f"{W}val") in (None, "continue")
            cells.append(TableCell(cell, max(_int(_find(properties, "gridSpan"), 1), 1), continues))
        yield TableRow(_int(row.find(f"{W}trPr/{W}gridBefore"), 0), cells)


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
    if value is None or not _SPAN.fullmatch(value):
        return default
    return min(int(value), _MOST_COLUMNS)
