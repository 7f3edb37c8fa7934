"""Exports and imports of a plan with its own status key (ADR 0039): every format shows the
plan's labels in its colours, and Word and Excel bring the key back with its meanings."""

import csv
import io
import re
from dataclasses import replace

import docx
import openpyxl
import pytest

from improvement_tracker.documents.exporters.csv import write_csv
from improvement_tracker.documents.exporters.docx import write_docx
from improvement_tracker.documents.exporters.pdf import write_pdf
from improvement_tracker.documents.exporters.xlsx import write_xlsx
from improvement_tracker.documents.importers import read_plan_bytes
from improvement_tracker.documents.selectors import plan_document_for
from improvement_tracker.plans.models import RagKeyEntry
from improvement_tracker.plans.plan_document import ImportProblem
from improvement_tracker.plans.rag import Status, StatusKey
from improvement_tracker.plans.services.importing import plan_import
from tests.custom_key import TRUST_KEY, trust_plan
from tests.documents.exporters.test_pdf import pdf_text

pytestmark = pytest.mark.django_db

STATUSES = ["Amber", "Blue", "Amber", "Not rated", "Complete & CSPI"]


@pytest.fixture
def document():
    return plan_document_for(plan=trust_plan())


def test_csv_status_column_is_the_plans_label(document):
    rows = list(csv.reader(io.StringIO(write_csv(document).decode("utf-8-sig"))))
    column = rows[0].index("Status")
    assert [row[column] for row in rows[1:]] == STATUSES


def test_excel_shows_the_plans_labels_in_its_colours_and_prints_the_key(document):
    book = openpyxl.load_workbook(io.BytesIO(write_xlsx(document)))
    summary, sheet = book.worksheets[0], book.worksheets[1]
    rows = [[c.value for c in row][:4] for row in summary.iter_rows()]
    assert ["Blue", "Complete.", "complete", "blue"] in rows  # the key
    assert ["Blue", 1, 1, None] in rows  # Table 1's row, by the plan's label
    header = next(i for i, row in enumerate(sheet.iter_rows()) if row[5].value == "Status")
    cells = [row[5] for row in list(sheet.iter_rows())[header + 1 :]]
    assert [cell.value for cell in cells] == STATUSES
    assert cells[1].fill.fgColor.rgb == "FF0070C0"  # blue, with its word
    assert cells[4].fill.fgColor.rgb == "FF7030A0"  # purple


def test_word_shows_the_plans_labels_and_prints_the_key_with_meanings(document):
    word = docx.Document(io.BytesIO(write_docx(document)))
    key, *_ = word.tables
    assert [[cell.text for cell in row.cells] for row in key.rows] == [
        ["Status", "What it means in this plan", "Meaning", "Colour"],
        ["Red", "Not on track.", "off track", "red"],
        ["Amber", "On Track.", "on track", "orange"],
        ["Blue", "Complete.", "complete", "blue"],
        ["Complete & CSPI", "Complete and assured.", "complete and assured", "purple"],
    ]
    actions = word.tables[-1]
    assert [row.cells[4].text for row in actions.rows[1:]] == STATUSES
    assert "**Status: Red, Amber, Blue, Complete & CSPI" in [p.text for p in word.paragraphs]


def test_the_pdf_shows_the_plans_labels_and_key(document, tmp_path):
    text = pdf_text(write_pdf(document), tmp_path)
    assert "Blue" in text and "Complete & CSPI" in text
    assert "complete and assured" in text
    assert not re.search(r"^Green\b|\bGreen$", text, re.M)  # no line of the key or tables


@pytest.mark.parametrize("writer", [write_docx, write_xlsx])
def test_an_exported_plan_with_its_own_key_imports_with_that_key(document, writer):
    name = "trust." + ("docx" if writer is write_docx else "xlsx")
    read = read_plan_bytes(writer(document), name=name)
    assert read.status_key == TRUST_KEY
    [domain] = read.domains
    assert [action.status for action in domain.actions] == [
        Status.ON_TRACK,
        Status.COMPLETE,
        Status.ON_TRACK,
        Status.NOT_RATED,
        Status.COMPLETE_ASSURED,
    ]
    plan = plan_import(document=read)
    stored = RagKeyEntry.objects.filter(plan=plan).order_by("position")
    assert [(e.status, e.label, e.colour) for e in stored] == [
        ("off_track", "Red", "red"),
        ("on_track", "Amber", "orange"),
        ("complete", "Blue", "blue"),
        ("complete_assured", "Complete & CSPI", "purple"),
    ]


@pytest.mark.parametrize(
    ("changed", "message"),
    [
        ("Amber", "the key calls both on track and complete 'Amber'; each status needs its own"),
        ("B" * 51, "the key's complete: the status label is 51 characters long; at most 50 fit"),
    ],
)
def test_a_key_the_database_would_refuse_is_refused_before_anything_is_saved(
    document, changed, message
):
    document.key = StatusKey(
        tuple(
            replace(entry, label=changed) if entry.status is Status.COMPLETE else entry
            for entry in document.key.entries
        )
    )
    document.reported = None  # its tables name the label as it was
    with pytest.raises(ImportProblem, match=re.escape(message)):
        read_plan_bytes(write_docx(document), name="trust.docx")


def test_a_meaning_too_long_is_named_by_its_meaning_not_the_examples_label(document):
    """The trust's Amber means on track: its words too long must not be called "the key's
    Green" (the example's label for on track)."""
    document.key = StatusKey(
        tuple(
            replace(entry, description="On track. " * 100)
            if entry.status is Status.ON_TRACK
            else entry
            for entry in document.key.entries
        )
    )
    document.reported = None
    with pytest.raises(ImportProblem) as refused:
        read_plan_bytes(write_docx(document), name="trust.docx")
    assert "the key's on track: the meaning is 999 characters long" in str(refused.value)
    assert "Green" not in str(refused.value)


def test_a_csv_whose_statuses_are_written_as_meanings_reads_them(document):
    """CSV carries no key: the example's words and the meanings themselves ("Off Track",
    "On track", "Not started") are read without a word of warning."""
    document.key = StatusKey(
        tuple(replace(entry, label=entry.status.meaning.title()) for entry in document.key.entries)
    )
    read = read_plan_bytes(write_csv(document), name="trust.csv")
    assert [action.status for action in read.domains[0].actions] == [
        Status.ON_TRACK,
        Status.COMPLETE,
        Status.ON_TRACK,
        Status.NOT_RATED,
        Status.COMPLETE_ASSURED,
    ]
    assert not [warning for warning in read.warnings if "status" in warning]
