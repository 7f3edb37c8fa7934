"""The Excel workbook: summary with both tables, a sheet per domain, fills, dates, filters."""

import copy
import datetime as dt
import html
import io
import re

from openpyxl import load_workbook

from improvement_tracker.documents.colours import STATUS_FILLS
from improvement_tracker.documents.exporters import TABLE_COLUMNS
from improvement_tracker.documents.exporters.xlsx import write_xlsx
from tests.documents.exporters.conftest import libreoffice_convert, squeezed


def test_summary_sheet_holds_the_heading_key_and_both_tables(board_document):
    workbook = load_workbook(io.BytesIO(write_xlsx(board_document)))
    assert workbook.sheetnames == ["Summary", *(d.label for d in board_document.domains)]
    values = [[c for c in row if c is not None] for row in workbook["Summary"].values]
    assert values[:3] == [
        ["Together for Children"],
        ["Learning and Improvement Plan 2020 – 2021"],
        ["(Updated October 2020)"],
    ]
    assert ["Table 1"] in values
    assert ["Table 2"] in values
    totals = board_document.reported.table1["Totals"]
    assert ["Total", *(c["Total"] for c in board_document.reported.table1.values())] in values
    assert totals["Total"] == 58


def test_domain_sheets_have_fills_real_dates_filters_and_a_frozen_header(board_document):
    workbook = load_workbook(io.BytesIO(write_xlsx(board_document)))
    for domain in board_document.domains:
        sheet = workbook[domain.label]
        assert sheet["A1"].value == domain.title
        assert [c.value for c in sheet[3]] == TABLE_COLUMNS
        assert sheet.freeze_panes == "A4"
        assert sheet.auto_filter.ref == f"A3:H{3 + len(domain.actions)}"
        for row, action in zip(sheet.iter_rows(min_row=4), domain.actions, strict=True):
            status = row[5]
            assert status.value == action.status.label
            fill = status.fill.fgColor.rgb if status.fill.fill_type == "solid" else None
            expected = STATUS_FILLS.get(action.status)
            assert fill == (f"FF{expected}" if expected else None)
    dates = workbook["Help and Protection"]
    assert dates["E4"].value.date() == dt.date(2020, 7, 1)  # "01/07/2020", a real date
    assert dates["E4"].number_format == "dd/mm/yyyy"
    assert dates["E21"].value == "Monthly from 01/04/2020"  # not a date: kept as text


def test_text_that_looks_like_a_formula_stays_text(board_document):
    document = copy.deepcopy(board_document)
    document.domains[0].actions[0].progress = '=HYPERLINK("http://x")'
    workbook = load_workbook(io.BytesIO(write_xlsx(document)))
    cell = workbook["Help and Protection"]["H4"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x")', "s")


def test_libreoffice_opens_the_workbook_and_its_text_has_every_action(board_document, tmp_path):
    path = tmp_path / "board-pack.xlsx"
    path.write_bytes(write_xlsx(board_document))
    page = libreoffice_convert(path, "html", tmp_path).read_text(encoding="utf-8", errors="replace")
    text = squeezed(html.unescape(re.sub(r"<[^>]+>", " ", page)))
    for domain in board_document.domains:
        for action in domain.actions:
            assert squeezed(action.text) in text, action.number
            assert squeezed(action.progress) in text, action.number
