"""A Word body as blocks: its paragraphs as text and its tables as grids of cells.

word_xml.py reads merged cells (gridSpan, vMerge), content controls, tracked insertions
and a cell's shading or highlight, as it does for the grid reader; here they become the
rows the example's reader (docx.py) reads: one cell per grid column, a cell merged down
a copy of the one above marked `continued`, the columns a span covers empty.
"""

from dataclasses import dataclass, field

from lxml import etree

from improvement_tracker.documents.importers.columns import Cell
from improvement_tracker.documents.importers.word_layers import WordCell, cell_content
from improvement_tracker.documents.importers.word_xml import W, content, table_rows, text_of


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
    for element in content(body):
        if element.tag == f"{W}p":
            blocks.append(text_of(element))
        elif element.tag == f"{W}tbl":
            count += 1
            blocks.append(_grid(element, count))
    return blocks


def _grid(table: etree._Element, number: int) -> WordTable:
    """Rows of cells, one per grid column: a cell merged down gives its text to every row
    it covers, so that a lead merged down over two actions belongs to both."""
    grid = WordTable(number)
    above: list[Cell] = []
    for row_index, row in enumerate(table_rows(table)):
        where = f"table {number}, row {row_index + 1}"
        cells = [Cell(where=where) for _ in range(row.before)]
        for cell in row.cells:
            column = len(cells)
            at = f"{where}, column {column + 1}"
            value: Cell
            if cell.continues and column < len(above):
                source = above[column]
                value = Cell(source.text, source.fill, at, continued=True)
            elif cell.continues:
                value = Cell(where=at)
            else:
                text, plain, marks = cell_content(cell.element)
                value = WordCell(text=text, fill=cell.fill, where=at, plain=plain, marks=marks)
            cells.append(value)
            cells.extend(Cell(where=at) for _ in range(cell.span - 1))
        grid.rows.append(cells)
        above = cells
    return grid
