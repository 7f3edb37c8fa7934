"""Trackers in other bodies' shapes, built by the tests themselves (issue 19's family).

Word documents and Excel workbooks of any tables: title lines, headings above tables,
cells of several lines, fills, and cells merged down or across as Word and Excel store
them. Written with python-docx and openpyxl directly, never by the app's exporters.
"""

import io
from dataclasses import dataclass, field

import docx
from openpyxl import Workbook
from openpyxl.styles import PatternFill

from tests.documents.builders import shade, write_cell

Place = tuple[int, int]  # 0-based row and column


@dataclass
class WordTable:
    rows: list[list[str]]
    above: list[str] = field(default_factory=list)  # paragraphs between it and the table before
    fills: dict[Place, str] = field(default_factory=dict)
    # (first row, first column, last row, last column), 0-based and inclusive; the text is
    # the first cell's, as a person merging cells in Word keeps it.
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)


def word_document(title_lines: list[str], tables: list[WordTable]) -> bytes:
    document = docx.Document()
    for line in title_lines:
        document.add_paragraph(line)
    for spec in tables:
        for line in spec.above:
            document.add_paragraph(line)
        width = max(len(row) for row in spec.rows)
        table = document.add_table(rows=len(spec.rows), cols=width)
        for r, row in enumerate(spec.rows):
            for c, text in enumerate(row):
                write_cell(table.cell(r, c), text)
        for (r, c), fill in spec.fills.items():
            shade(table.cell(r, c), fill)
        for first_row, first_column, last_row, last_column in spec.merges:
            for r in range(first_row, last_row + 1):
                for c in range(first_column, last_column + 1):
                    if (r, c) != (first_row, first_column):
                        table.cell(r, c).text = ""
            merged = table.cell(first_row, first_column).merge(table.cell(last_row, last_column))
            # Word keeps one paragraph per merged cell; the person sees the first's text.
            for paragraph in merged.paragraphs[1:]:
                if not paragraph.text:
                    paragraph._p.getparent().remove(paragraph._p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@dataclass
class Sheet:
    title: str
    rows: list[list[object]]
    fills: dict[Place, str] = field(default_factory=dict)
    merges: list[str] = field(default_factory=list)  # "A3:F3"


def excel_workbook(sheets: list[Sheet]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec in sheets:
        sheet = workbook.create_sheet(spec.title)
        for row in spec.rows:
            sheet.append(row)
        for (r, c), fill in spec.fills.items():
            sheet.cell(r + 1, c + 1).fill = PatternFill(fill_type="solid", fgColor="FF" + fill)
        for cells in spec.merges:
            sheet.merge_cells(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
