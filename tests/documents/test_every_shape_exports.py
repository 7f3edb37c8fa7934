"""Every export of a plan of every shape (tests/every_shape.py): CSV, Excel, Word and PDF
carry its references in natural order, objectives, activities, several leads and
timescales, extra fields and the plan's own labels; their Table 1 and 2 count actions
alone, as the pages do (tests/plans/test_every_shape.py); a filtered export keeps the
plan's fields; and our own Word and Excel come back as the same plan.
"""

import csv
import io

import docx
import openpyxl
import pytest
from django.urls import reverse

from improvement_tracker.documents.importers import read_plan_bytes
from improvement_tracker.documents.selectors import plan_document_for
from improvement_tracker.plans.services.importing import plan_import
from tests.documents.exporters.test_pdf import pdf_text
from tests.documents.test_whole_round_trip import everything
from tests.every_shape import REFERENCES
from tests.plans.test_every_shape import LABELS, rows_shown, tracker

pytestmark = pytest.mark.django_db


WORDS = [
    "C1.1.1",
    "1.2(a)",
    "CC1",
    "To establish systems for referrals.",  # an objective
    "Draft the thresholds document.",  # an activity
    "Service Manager, MASH",  # its lead
    "Q3 2016/17",  # another's timescale
    "Director of Children's Services",  # the first of two leads
    "Northumbria Police",  # the second
    "August 2098",  # the first of two timescales
    "Q3 2098/99",  # the second
    "Strategy agreed and in place by April 2099",
    "Success measures",
    "Every leaver housed",
    "Directorate",
    "Complete & CSPI",
]


def export(client, shape, file_format):
    response = client.get(reverse("documents:export", args=[shape.plan.slug, file_format]))
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_text(data):
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    return rows, "\n".join("\t".join(row) for row in rows)


def test_the_csv_export_carries_every_shape(shape, shape_manager):
    rows, words = csv_text(export(shape_manager, shape, "csv"))
    for word in WORDS:
        assert word in words, word
    header = rows[0]
    statuses = [row[header.index("Status")] for row in rows[1:]]
    assert set(statuses) <= set(LABELS) and "Green" in statuses and "Amber" in statuses
    numbers = [
        row[header.index("No")] for row in rows[1:] if row[header.index("Row type")] == "action"
    ]
    assert numbers[-6:] == REFERENCES


def test_the_excel_export_carries_every_shape(shape, shape_manager):
    book = openpyxl.load_workbook(io.BytesIO(export(shape_manager, shape, "xlsx")))
    cells = [
        str(c.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for c in row
        if c.value is not None
    ]
    words = "\n".join(cells)
    for word in WORDS:
        assert word in words, word
    assert "Completed" not in cells


def test_the_word_export_carries_every_shape(shape, shape_manager):
    word = docx.Document(io.BytesIO(export(shape_manager, shape, "docx")))
    words = "\n".join(
        [p.text for p in word.paragraphs]
        + [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    )
    for expected in WORDS:
        assert expected in words, expected
    assert "Completed" not in words


def test_the_pdf_export_carries_every_shape(shape, shape_manager, tmp_path):
    words = " ".join(pdf_text(export(shape_manager, shape, "pdf"), tmp_path).split())
    for expected in WORDS:
        assert " ".join(expected.split()) in words, expected
    assert "Completed" not in words


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_filtered_export_keeps_the_extra_fields_of_the_actions_it_shows(
    shape, shape_manager, file_format
):
    """The tracker's filters apply to its exports (ADR 0009): Green (complete) is 1.2(a)
    alone, whose Directorate is Children's Services."""
    url = reverse("documents:export", args=[shape.plan.slug, file_format])
    response = shape_manager.get(url, {"status": "complete"})
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if file_format == "csv":
        rows, _ = csv_text(data)
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(data))["Std 2"]
        rows = [[c.value or "" for c in row] for row in sheet.iter_rows()]
        rows = rows[[row[0] for row in rows].index("Domain") :]
    header, *actions = rows
    assert header[-2:] == ["Success measures", "Directorate"]
    assert [(row[header.index("No")], row[-1]) for row in actions] == [
        ("1.2(a)", "Children's Services")
    ]


def test_the_excel_and_word_tables_count_as_the_page_does(shape, shape_manager):
    """Table 1's rows and Table 2's columns in the plan's labels, in its key's order, and
    actions alone counted (the first domain's Red activity is no Red action)."""
    summary = openpyxl.load_workbook(io.BytesIO(export(shape_manager, shape, "xlsx")))["Summary"]
    rows = [[c.value for c in row] for row in summary.iter_rows()]
    table1 = rows[[row[0] for row in rows].index("Table 1") + 2 :][:6]
    assert [row[:4] for row in table1] == [
        ["Red", 0, 1, 1],
        ["Amber", 1, 2, 3],
        ["Green", 0, 1, 1],
        ["Complete & CSPI", 0, 1, 1],
        ["Not rated", 3, 1, 4],
        ["Total", 4, 6, 10],
    ]
    table2 = rows[[row[0] for row in rows].index("Table 2") + 1 :][:2]
    assert table2 == [["Priority Actions", *LABELS, "Total"], ["High priority", 1, 1, 0, 0, 0, 2]]
    word = docx.Document(io.BytesIO(export(shape_manager, shape, "docx")))
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in word.tables]
    [word_table1] = [table for table in tables if table[0][0] == "Current Status"]
    assert [row[0] for row in word_table1[1:]] == [*LABELS, "Total"]
    assert word_table1[1] == ["Red", "0", "1", "1"]
    [word_table2] = [table for table in tables if table[0][0] == "Priority Actions"]
    assert word_table2[0][1:] == [*LABELS, "Total"]


@pytest.mark.parametrize("file_format", ["docx", "xlsx"])
def test_its_own_word_and_excel_exports_import_as_the_same_plan(shape, shape_manager, file_format):
    """Exported and imported back as a new plan, it reads as it did: references in order,
    statuses, key, objectives, activities, several leads and timescales, extra fields."""
    document = read_plan_bytes(
        export(shape_manager, shape, file_format), name=f"plan.{file_format}"
    )
    imported = plan_import(document=document)
    assert imported.pk != shape.plan.pk
    before, after = (plan_document_for(plan=plan) for plan in (shape.plan, imported))
    assert everything(after) == everything(before)
    html = tracker(shape_manager, shape)
    assert rows_shown(
        shape_manager.get(imported.get_absolute_url()).content.decode()
    ) == rows_shown(html)
