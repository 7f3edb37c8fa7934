"""Write a plan as an Excel workbook: a summary sheet, then a sheet per domain.

The summary holds the heading, the RAG key, Table 1 and Table 2. Each domain's sheet
has the domain's heading, then one row per action under a frozen, filterable header;
status cells are filled with their colour and carry the word. A timescale that is a
date written the usual way (31/03/2021) is a real Excel date; any other is text, so
the text a plan was given is what comes back. Every text is written as text, never
as a formula.
"""

import datetime as dt
import io
import re

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from improvement_tracker.documents.colours import status_colours
from improvement_tracker.documents.exporters import KEY_HEADER, TABLE_COLUMNS, key_texts
from improvement_tracker.plans.plan_document import DomainEntry, PlanDocument
from improvement_tracker.plans.rag import Status, StatusKey
from improvement_tracker.plans.timescales import Kind, parse_timescale

WIDTHS = [22, 6, 60, 30, 18, 12, 10, 70]
EXTRA_WIDTH = 40  # each of the plan's extra fields, after the others
HEADER_FILL = PatternFill(fill_type="solid", fgColor="FFD9E2F3")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_SHEET_NAME_UNSAFE = re.compile(r"[\[\]:*?/\\]")
# Characters that XML (and so Excel) cannot hold; a plan could not have shown them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def write_xlsx(document: PlanDocument) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Summary"
    _summary(summary, document)
    names = {"summary"}
    for domain in document.domains:
        sheet = workbook.create_sheet(_sheet_name(domain, names))
        _domain_sheet(sheet, domain, document.status_key, document.extra_fields)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _summary(sheet: Worksheet, document: PlanDocument) -> None:
    if document.organisation:
        _text_row(sheet, [document.organisation], bold=True)
    _text_row(sheet, [document.title], bold=True)
    if document.reporting_period:
        _text_row(sheet, [f"(Updated {document.reporting_period})"])
    sheet.append([])
    _text_row(sheet, ["PROGRESS TRACKER"], bold=True)
    key = document.status_key
    _text_row(sheet, KEY_HEADER, bold=True)
    for entry in key.rated:
        _text_row(sheet, [entry.label, *key_texts(entry)])
        _status_style(sheet.cell(sheet.max_row, 1), entry.status, key)
    if document.reported is not None:
        table1 = document.reported.table1
        sheet.append([])
        _text_row(sheet, ["Table 1"], bold=True)
        _text_row(sheet, ["Current Status", *table1], bold=True)
        for row in next(iter(table1.values()), {}):
            sheet.append([row, *(table1[column].get(row) for column in table1)])
        if document.reported.table2 is not None:
            table2 = document.reported.table2
            sheet.append([])
            _text_row(sheet, ["Table 2"], bold=True)
            _text_row(sheet, ["Priority Actions", *table2], bold=True)
            sheet.append(["High priority", *table2.values()])
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 60


def _domain_sheet(sheet: Worksheet, domain: DomainEntry, key: StatusKey, extras: list[str]) -> None:
    """The domain's actions, a row each; the plan's extra fields a column each at the end."""
    columns = [*TABLE_COLUMNS, *extras]
    _text_row(sheet, [domain.title], bold=True)
    sheet.append([])
    _text_row(sheet, columns, bold=True)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.fill = HEADER_FILL
    for action in domain.actions:
        sheet.append(
            [
                _clean(domain.label),
                action.number,
                _clean(action.text),
                _clean(action.lead),
                _timescale(action.timescale),
                key.label(action.status),
                "Yes" if action.high_priority else "No",
                _clean(action.progress),
                *(_clean(action.extra.get(name, "")) for name in extras),
            ]
        )
        row = sheet.max_row
        texts = range(len(TABLE_COLUMNS) + 1, len(columns) + 1)
        for column in (1, 3, 4, 5, 8, *texts):
            cell = sheet.cell(row, column)
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula, whatever it starts with
            cell.alignment = _WRAP
        timescale = sheet.cell(row, 5)
        if isinstance(timescale.value, dt.date):
            timescale.number_format = "dd/mm/yyyy"
        _status_style(sheet.cell(row, 6), action.status, key)
    widths = [*WIDTHS, *(EXTRA_WIDTH for _ in extras)]
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A{header_row}:{last}{max(sheet.max_row, header_row)}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4


def _timescale(text: str) -> str | dt.date:
    """A real date where the text is one written the usual way; the text otherwise."""
    timescale = parse_timescale(text)
    day = timescale.date
    if timescale.kind is Kind.DATE and day is not None and f"{day:%d/%m/%Y}" == text:
        return day
    return _clean(text)


def _text_row(sheet: Worksheet, texts: list[str], *, bold: bool = False) -> None:
    sheet.append([_clean(text) for text in texts])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
        if bold:
            cell.font = _BOLD


def _status_style(cell: Cell, status: Status, key: StatusKey) -> None:
    fill, colour = status_colours(status, key)
    if fill is not None:
        cell.fill = PatternFill(fill_type="solid", fgColor="FF" + fill)
    cell.font = Font(bold=True, color="FF" + colour)


def _sheet_name(domain: DomainEntry, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique ignoring case."""
    base = _SHEET_NAME_UNSAFE.sub(" ", _clean(domain.label)).strip(" '")[:31] or "Domain"
    name, number = base, 1
    while name.casefold() in taken:
        number += 1
        suffix = f" ({number})"
        name = base[: 31 - len(suffix)] + suffix
    taken.add(name.casefold())
    return name


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)
