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
from improvement_tracker.documents.exporters import (
    ACTION_ROW,
    ACTIVITY_ROW,
    KEY_HEADER,
    LAYER_COLUMNS,
    OBJECTIVE_ROW,
    TABLE_COLUMNS,
    key_texts,
)
from improvement_tracker.documents.exporters import board as board_words
from improvement_tracker.plans.plan_document import (
    BoardSection,
    DomainEntry,
    ObjectiveEntry,
    PlanDocument,
)
from improvement_tracker.plans.rag import Status, StatusKey
from improvement_tracker.plans.timescales import Kind, parse_timescale

CHANGES_SHEET = "What changed"
WIDTHS = [22, 6, 60, 30, 18, 12, 10, 70]
LAYER_WIDTHS = [10, 8, 40, 30]  # Row type and the objective's reference, words and lead
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
        _domain_sheet(
            sheet, domain, document.status_key, document.extra_fields, layered=document.layered
        )
    if document.board is not None:
        _board_sheets(workbook, document.board, names)
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


def _board_sheets(workbook: Workbook, board: BoardSection, names: set[str]) -> None:
    """A board pack's section (issue 20), after the domains: what changed since the last
    board, a change a row under a filterable header; then each trend chart's numbers."""
    sheet = workbook.create_sheet(_unique_name(CHANGES_SHEET, names))
    _text_row(sheet, [board_words.CHANGES_HEADING], bold=True)
    _text_row(sheet, [board_words.board_period(board)])
    sheet.append([])
    _text_row(sheet, board_words.CHANGE_HEADER, bold=True)
    header_row = sheet.max_row
    for change in board.changes:
        _text_row(sheet, board_words.change_cells(change))
    if not board.changes:
        _text_row(sheet, [board_words.NO_CHANGES])
    else:
        sheet.auto_filter.ref = f"A{header_row}:F{sheet.max_row}"
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    for column, width in enumerate([22, 8, 20, 30, 30, 60], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    if not board.charts:
        return
    trends = workbook.create_sheet(_unique_name(board_words.TRENDS_HEADING, names))
    for chart in board.charts:
        _text_row(trends, [chart.title], bold=True)
        _text_row(trends, list(chart.headers), bold=True)
        for row in chart.rows:
            trends.append([_number_or_text(cell) for cell in row])
            for cell in trends[trends.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, never a formula
        trends.append([])
    trends.column_dimensions["A"].width = 24


def _number_or_text(cell: str) -> int | str:
    """A chart's count as a number Excel can sum; any other cell (a date, a label) as text."""
    return int(cell) if cell.isdigit() else _clean(cell)


def _domain_sheet(
    sheet: Worksheet,
    domain: DomainEntry,
    key: StatusKey,
    extras: list[str],
    *,
    layered: bool = False,
) -> None:
    """The domain's actions, a row each; the plan's extra fields a column each at the end.
    A layered plan's actions name their objective, and each activity is a row below its
    action, "activity" in its Row type, so that a filter on that column shows either."""
    layers = LAYER_COLUMNS if layered else []
    columns = [*TABLE_COLUMNS, *layers, *extras]
    _text_row(sheet, [domain.title], bold=True)
    sheet.append([])
    _text_row(sheet, columns, bold=True)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.fill = HEADER_FILL
    texts = [1, 3, 4, 5, 8, *range(len(TABLE_COLUMNS) + 1, len(columns) + 1)]
    for action in domain.actions:
        objective = _objective(action.objective) if layers else []
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
                *([ACTION_ROW, *objective] if layers else []),
                *(_clean(action.extra.get(name, "")) for name in extras),
            ]
        )
        _row_style(sheet, texts, action.status, key)
        for activity in action.activities:
            sheet.append(
                [
                    _clean(domain.label),
                    _clean(activity.number),
                    _clean(activity.text),
                    _clean(activity.lead),
                    _timescale(activity.timescale),
                    key.label(activity.status),
                    None,
                    None,
                    ACTIVITY_ROW,
                    *objective,
                ]
            )
            _row_style(sheet, [2, *texts], activity.status, key)
    for unserved in domain.objectives:  # none of its actions serves them yet (ADR 0048)
        blank = [None for _ in TABLE_COLUMNS[1:]]
        sheet.append([_clean(domain.label), *blank, OBJECTIVE_ROW, *_objective(unserved)])
        for column in [1, *range(len(TABLE_COLUMNS) + 1, len(columns) + 1)]:
            cell = sheet.cell(sheet.max_row, column)
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula
            cell.alignment = _WRAP
    widths = [*WIDTHS, *(LAYER_WIDTHS if layers else []), *(EXTRA_WIDTH for _ in extras)]
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A{header_row}:{last}{max(sheet.max_row, header_row)}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4


def _row_style(sheet: Worksheet, texts: list[int], status: Status, key: StatusKey) -> None:
    """The last row's text cells as text, wrapped; its timescale a date; its status filled."""
    row = sheet.max_row
    for column in texts:
        cell = sheet.cell(row, column)
        if isinstance(cell.value, str):
            cell.data_type = "s"  # text, never a formula, whatever it starts with
        cell.alignment = _WRAP
    timescale = sheet.cell(row, 5)
    if isinstance(timescale.value, dt.date):
        timescale.number_format = "dd/mm/yyyy"
    _status_style(sheet.cell(row, 6), status, key)


def _objective(objective: ObjectiveEntry | None) -> list[str]:
    if objective is None:
        return ["", "", ""]
    return [_clean(objective.number), _clean(objective.text), _clean(objective.lead)]


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
    return _unique_name(domain.label, taken)


def _unique_name(label: str, taken: set[str]) -> str:
    base = _SHEET_NAME_UNSAFE.sub(" ", _clean(label)).strip(" '")[:31] or "Domain"
    name, number = base, 1
    while name.casefold() in taken:
        number += 1
        suffix = f" ({number})"
        name = base[: 31 - len(suffix)] + suffix
    taken.add(name.casefold())
    return name


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)
