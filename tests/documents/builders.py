"""Trackers the tests build for themselves, as people make them in Word, Excel and CSV.

They are written with python-docx and openpyxl directly, not by the app's exporters,
so that an importer is tested against files it did not make.
"""

import csv
import io
from dataclasses import dataclass, field

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from openpyxl import Workbook
from openpyxl.styles import PatternFill

HEADER = [
    "NO",
    "*ACTION",
    "LEAD",
    "TIMESCALE/ DEADLINE",
    "**STATUS",
    "PROGRESS UPDATE & ANY EVIDENCE OF IMPACT",
]
# The shades a council's Word tracker used for its key (not the app's export shades).
KEY_SHADES = {"RED": "C00000", "AMBER": "FFBF00", "GREEN": "92D050", "COMPLETED": "A6A6A6"}
MEANINGS = {
    "RED": "Agreed date passed - action not complete.",
    "AMBER": "Action not on target for completion by agreed date.",
    "GREEN": "Action on target to be completed by the agreed date.",
    "COMPLETED": "Action complete.",
}


@dataclass
class Row:
    number: str
    action: str
    lead: str = "Director of Early Help"
    timescale: str = "01/07/2021"
    status: str = ""  # the word written in the cell, often nothing
    fill: str | None = None  # the cell's shading
    progress: str = "Underway."


@dataclass
class Domain:
    title: str
    tables: list[list[Row]] = field(default_factory=list)
    header_on_every_table: bool = True


def shade(cell, fill: str) -> None:
    cell._tc.get_or_add_tcPr().append(
        parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>')
    )


def write_cell(cell, text: str) -> None:
    """Each line its own paragraph, as Word stores text typed with Enter."""
    lines = text.split("\n")
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def word_tracker(
    domains: list[Domain],
    *,
    key: bool = True,
    tables_1_and_2: bool = True,
    organisation: str = "Sunderland City Council",
    title: str = "Learning and Improvement Plan 2021 – 2022",
    header: list[str] = HEADER,
) -> bytes:
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    for text in [organisation, title, "(Updated March 2021)", "PROGRESS TRACKER"]:
        document.add_paragraph(text)
    if key:
        document.add_paragraph("A key to the RAG-rating system is below.")
        table = document.add_table(rows=0, cols=2)
        for word, meaning in MEANINGS.items():
            cells = table.add_row().cells
            cells[0].text = word
            shade(cells[0], KEY_SHADES[word])
            cells[1].text = meaning
    if tables_1_and_2:
        document.add_paragraph("Table 1")
        labels = [f"Domain {n}" for n in range(1, len(domains) + 1)]
        table = document.add_table(rows=0, cols=len(labels) + 2)
        for values in [
            ["Current Status", *labels, "Totals"],
            ["Total", *["0"] * (len(labels) + 1)],
        ]:
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = value
        document.add_paragraph("Table 2")
        table = document.add_table(rows=0, cols=6)
        rows = [
            ["Priority Actions", "Red", "Amber", "Green", "Completed", "Total"],
            [""] + ["0"] * 5,
        ]
        for values in rows:
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = value
    for domain in domains:
        document.add_paragraph(domain.title)
        document.add_paragraph("*High Priority Action")
        document.add_paragraph("**Status: Red, Amber, Green, Completed")
        for index, rows in enumerate(domain.tables):
            table = document.add_table(rows=0, cols=6)
            if index == 0 or domain.header_on_every_table:
                for cell, value in zip(table.add_row().cells, header, strict=True):
                    cell.text = value
            for row in rows:
                cells = table.add_row().cells
                values = [row.number, row.action, row.lead, row.timescale, row.status, row.progress]
                for cell, value in zip(cells, values, strict=True):
                    write_cell(cell, value)
                if row.fill:
                    shade(cells[4], row.fill)
            document.add_paragraph("")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def merge_vertically(data: bytes, table_index: int, column: int, first: int, last: int) -> bytes:
    """Merge one column's cells from row `first` to `last` (0-based), as Word does."""
    document = docx.Document(io.BytesIO(data))
    table = document.tables[table_index]
    top = table.cell(first, column)
    for row in range(first + 1, last + 1):
        cell = table.cell(row, column)
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.text = ""
    top.merge(table.cell(last, column))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def add_banner_row(data: bytes, table_index: int, text: str) -> bytes:
    """A row whose one cell spans the whole table, as people add for a sub-heading."""
    document = docx.Document(io.BytesIO(data))
    table = document.tables[table_index]
    cells = table.add_row().cells
    merged = cells[0].merge(cells[-1])
    merged.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def excel_tracker(
    rows: list[dict[str, object]],
    *,
    fills: dict[int, str] | None = None,
    header: list[str] | None = None,
    sheet_title: str = "Tracker",
    above_header: list[str] | None = None,
) -> bytes:
    """One sheet, one row per action; `fills` shades the status cell of a row (0-based)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for line in above_header or []:
        sheet.append([line])
    names = header or list(rows[0])
    sheet.append(names)
    header_row = sheet.max_row
    for index, row in enumerate(rows):
        sheet.append([row.get(name) for name in names])
        if fills and index in fills:
            column = next(
                i
                for i, n in enumerate(names, start=1)
                if "status" in n.lower() or n.lower() == "rag"
            )
            sheet.cell(header_row + 1 + index, column).fill = PatternFill(
                fill_type="solid", fgColor="FF" + fills[index]
            )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_tracker(rows: list[list[str]], *, encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)
