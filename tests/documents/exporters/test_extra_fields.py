"""A plan's extra fields in every export (ADR 0040): CSV and Excel a column each after the
others, headed by the field's name; Word and PDF under the action's text, as the tracker."""

import copy
import csv
import io

import docx
import pytest
from openpyxl import load_workbook

from improvement_tracker.documents.exporters import TABLE_COLUMNS
from improvement_tracker.documents.exporters.csv import HEADER, write_csv
from improvement_tracker.documents.exporters.docx import write_docx
from improvement_tracker.documents.exporters.pdf import board_pack_data, lay_out, write_pdf
from improvement_tracker.documents.exporters.xlsx import write_xlsx
from improvement_tracker.documents.selectors import plan_document_for
from improvement_tracker.plans.models import ExtraField, ExtraValue
from improvement_tracker.plans.rag import Status
from tests.documents.exporters.conftest import squeezed
from tests.documents.exporters.test_pdf import pdf_text
from tests.factories import ActionFactory, DomainFactory


@pytest.fixture
def document(board_document):
    """The example with two extra fields: a value on the first action under each, one on
    the second that would run as a formula, and none on the third."""
    document = copy.deepcopy(board_document)
    document.extra_fields = ["Success measures", "Directorate"]
    first, second = document.domains[0].actions[:2]
    first.extra = {"Success measures": "Fewer re-referrals\nwithin a year", "Directorate": "CSC"}
    second.extra = {"Directorate": '=HYPERLINK("http://x")'}
    return document


def test_csv_has_a_column_per_field_after_the_others_formulas_escaped(document):
    rows = list(csv.reader(io.StringIO(write_csv(document).decode("utf-8-sig"), newline="")))
    assert rows[0] == [*HEADER, "Success measures", "Directorate"]
    assert rows[1][-2:] == ["Fewer re-referrals\nwithin a year", "CSC"]
    assert rows[2][-2:] == ["", '\'=HYPERLINK("http://x")']
    assert rows[3][-2:] == ["", ""]
    assert {len(row) for row in rows} == {len(HEADER) + 2}


def test_a_field_named_like_a_formula_is_escaped_in_the_header_too(document):
    document.extra_fields = ["=1+1", "Directorate"]
    rows = list(csv.reader(io.StringIO(write_csv(document).decode("utf-8-sig"), newline="")))
    assert rows[0][-2:] == ["'=1+1", "Directorate"]


def test_excel_has_a_column_per_field_written_as_text(document):
    workbook = load_workbook(io.BytesIO(write_xlsx(document)))
    sheet = workbook.worksheets[1]
    header = [cell.value for cell in sheet[3]]
    assert header == [*TABLE_COLUMNS, "Success measures", "Directorate"]
    first, second = list(sheet[4]), list(sheet[5])
    assert [c.value for c in first[-2:]] == ["Fewer re-referrals\nwithin a year", "CSC"]
    assert second[-1].value == '=HYPERLINK("http://x")'
    assert second[-1].data_type == "s"  # text, never a formula
    assert sheet.auto_filter.ref.startswith("A3:J")


def test_word_shows_the_values_under_the_action_text_with_their_names(document):
    word = docx.Document(io.BytesIO(write_docx(document)))
    table = next(t for t in word.tables if t.rows[0].cells[0].text == "NO")
    assert len(table.columns) == 6  # no columns added: landscape A4 has no room
    first = table.rows[1].cells[1]
    paragraphs = [p.text for p in first.paragraphs]
    assert paragraphs[1:] == [
        "Success measures: Fewer re-referrals\nwithin a year",
        "Directorate: CSC",
    ]
    assert first.paragraphs[1].runs[0].bold
    assert [p.text for p in table.rows[3].cells[1].paragraphs] == [
        table.rows[3].cells[1].paragraphs[0].text
    ]  # no value, no line


def test_pdf_shows_the_values_under_the_action_text(document, tmp_path):
    text = squeezed(pdf_text(write_pdf(document), tmp_path))
    action = squeezed(document.domains[0].actions[0].text)
    measures = squeezed("Success measures: Fewer re-referrals within a year")
    assert action + measures + squeezed("Directorate: CSC") in text


@pytest.mark.django_db
def test_the_exported_document_holds_the_live_fields_and_values_in_order():
    domain = DomainFactory(position=1, label="Help")
    plan = domain.plan
    action = ActionFactory(domain=domain, number=1, status=Status.ON_TRACK)
    ActionFactory(domain=domain, number=2)
    outcome = ExtraField.objects.create(plan=plan, position=2, name="Outcome")
    directorate = ExtraField.objects.create(plan=plan, position=1, name="Directorate")
    gone = ExtraField.objects.create(
        plan=plan, position=3, name="Gone", archived_at=action.created_at
    )
    for field, text in [(outcome, "<script>x</script>"), (directorate, "CSC"), (gone, "Kept")]:
        ExtraValue.objects.create(action=action, field=field, text=text)

    document = plan_document_for(plan=plan)

    assert document.extra_fields == ["Directorate", "Outcome"]
    first, second = document.domains[0].actions
    assert first.extra == {"Directorate": "CSC", "Outcome": "<script>x</script>"}
    assert second.extra == {}


def test_extra_values_are_printed_as_typed_and_the_pack_passes_pdf_ua_1(document, tmp_path):
    markup = '#read("/etc/passwd") *not bold* $x^2$ <b>'
    document.extra_fields[0] = f"Measures {markup}"
    document.domains[0].actions[0].extra = {f"Measures {markup}": markup}
    text = pdf_text(write_pdf(document), tmp_path)
    assert squeezed(f"Measures {markup}: {markup}") in squeezed(text)
    assert "root:" not in text
    pdf = lay_out(board_pack_data(document), standards=("ua-1",))
    assert pdf.startswith(b"%PDF")
