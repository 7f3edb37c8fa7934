"""A Word body as blocks: its paragraphs as text and its tables as grids of cells.

Merged cells (gridSpan, vMerge), content controls, tracked insertions and a cell's
shading or highlight are each read here, once, so that the reader (docx.py) sees every
table as plain rows of cells, one per grid column.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from improvement_tracker.documents.importers.columns import Cell
from improvement_tracker.documents.importers.word_layers import W, WordCell, cell_content, text_of

_SPAN = re.compile(r"[0-9]{1,6}")
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


@dataclass
class WordTable:
    number: int  # 1-based, in document order, as a person would count them
    rows: list[list[Cell]] = field(default_factory=list)

    def texts(self, index: int) -> list[str]:
        return [cell.text.strip() for cell in self.rows[index]]


def body_blocks(body: etree._Element) -> list[str | WordTable]:
    """The body's paragraphs (as text) and tables (as grids of cells), in order."""
    blocks: list[str | WordTable] = []
    count = 0
    for element in _content(body):
        if element.tag == f"{W}p":
            blocks.append(text_of(element))
        elif element.tag == f"{W}tbl":
            count += 1
            blocks.append(_grid(element, count))
    return blocks


def _content(parent: etree._Element) -> Iterator[etree._Element]:
    """Children, looking through content controls (w:sdt) and tracked insertions."""
    for child in parent:
        if child.tag in (f"{W}sdt", f"{W}customXml", f"{W}ins"):
            content = child.find(f"{W}sdtContent")
            yield from _content(content if content is not None else child)
        else:
            yield child


def _grid(table: etree._Element, number: int) -> WordTable:
    """Rows of cells, one per grid column: a merged cell's text is in every column and
    row it covers, so that a lead merged across two actions belongs to both."""
    grid = WordTable(number)
    above: list[Cell] = []
    for row_index, row in enumerate(r for r in _content(table) if r.tag == f"{W}tr"):
        where = f"table {number}, row {row_index + 1}"
        cells: list[Cell] = []
        before = row.find(f"{W}trPr/{W}gridBefore")
        for _ in range(_int(before, 0)):
            cells.append(Cell(where=where))
        for cell in (c for c in _content(row) if c.tag == f"{W}tc"):
            properties = cell.find(f"{W}tcPr")
            span = max(_int(_find(properties, "gridSpan"), 1), 1)
            merge = _find(properties, "vMerge")
            column = len(cells)
            if merge is not None and merge.get(f"{W}val") in (None, "continue"):
                if column < len(above):
                    source = above[column]
                    value = Cell(
                        source.text, source.fill, f"{where}, column {column + 1}", continued=True
                    )
                else:
                    value = Cell(where=f"{where}, column {column + 1}")
            else:
                text, plain, marks = cell_content(cell)
                value = WordCell(
                    text=text,
                    fill=_cell_fill(cell, properties),
                    where=f"{where}, column {column + 1}",
                    plain=plain,
                    marks=marks,
                )
            cells.append(value)
            cells.extend(Cell(where=value.where) for _ in range(span - 1))
        grid.rows.append(cells)
        above = cells
    return grid


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
        return str(colour)  # a solid pattern shows its foreground colour
    if pattern == "nil" or not fill or fill == "auto":
        return None
    return str(fill)


def _find(parent: etree._Element | None, name: str) -> etree._Element | None:
    return None if parent is None else parent.find(f"{W}{name}")


def _int(element: etree._Element | None, default: int) -> int:
    """A span or skip of grid columns; Word's tables have at most 63, so a larger one
    (which would make millions of empty cells) counts as that many."""
    value = None if element is None else element.get(f"{W}val")
    if value is None or not _SPAN.fullmatch(value):
        return default
    return min(int(value), _MOST_COLUMNS)
