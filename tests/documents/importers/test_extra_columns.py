"""Columns nobody planned for are kept as the plan's extra fields, never dropped (ADR 0040):
in CSV, Excel and Word tables; named by their header, or "Column N" when it is blank; listed
by the preview; stored by the import; refused past the import limit or a field's length.
And a hypothesis round trip: a plan with up to five extra fields exported to CSV, Excel and
Word and imported back has the same fields and values."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from improvement_tracker.documents.exporters.csv import write_csv
from improvement_tracker.documents.exporters.docx import write_docx
from improvement_tracker.documents.exporters.xlsx import write_xlsx
from improvement_tracker.documents.importers import read_plan_bytes
from improvement_tracker.documents.importers.columns import header_column
from improvement_tracker.documents.preview import preview_import
from improvement_tracker.documents.selectors import plan_document_for
from improvement_tracker.plans.models import ExtraField, ExtraValue, Plan
from improvement_tracker.plans.plan_document import (
    ActionEntry,
    DomainEntry,
    ImportProblem,
    PlanDocument,
)
from improvement_tracker.plans.rag import StatusKey
from improvement_tracker.plans.services.importing import plan_import
from tests.documents.builders import (
    Domain,
    Row,
    csv_tracker,
    excel_tracker,
    merge_vertically,
    word_tracker,
)
from tests.documents.test_round_trip import field_text, one_line, plan_documents

HEADER = ["No", "Action", "Lead", "Success measures", "Timescale", "", "Directorate"]
ROWS = [
    ["1", "Review the front door.", "Head of Service", "Fewer re-referrals", "2021", "", "CSC"],
    ["2", "Audit repeat plans.", "Director", "", "2021", "A note", "csc"],
    ["3", "Train social workers.", "Director", "", "2021", "", ""],
]


def extra_of(document):
    return [action.extra for domain in document.domains for action in domain.actions]


def test_csv_keeps_unread_columns_named_by_header_or_position():
    document = read_plan_bytes(csv_tracker([HEADER, *ROWS]), name="plan.csv")

    assert document.extra_fields == ["Success measures", "Column 6", "Directorate"]
    assert extra_of(document) == [
        {"Success measures": "Fewer re-referrals", "Directorate": "CSC"},
        {"Column 6": "A note", "Directorate": "csc"},
        {},
    ]


def test_a_blank_headed_column_without_values_is_no_field():
    rows = [[*row[:5], "", *row[6:]] for row in ROWS]
    document = read_plan_bytes(csv_tracker([HEADER, *rows]), name="plan.csv")
    assert document.extra_fields == ["Success measures", "Directorate"]


def test_a_headed_column_without_values_is_still_a_field():
    rows = [[*row[:3], "", *row[4:]] for row in ROWS]
    document = read_plan_bytes(csv_tracker([HEADER, *rows]), name="plan.csv")
    assert "Success measures" in document.extra_fields


def test_a_second_column_of_a_kind_already_read_is_kept_not_dropped():
    header = ["No", "Action", "Progress October 2003", "Progress presented to Committee Dec 2017"]
    rows = [header, ["1", "Review.", "Started.", "Presented."]]
    document = read_plan_bytes(csv_tracker(rows), name="plan.csv")
    action = document.domains[0].actions[0]
    assert action.progress == "Started."
    assert action.extra == {"Progress presented to Committee Dec 2017": "Presented."}


def test_the_same_header_twice_gets_its_column_number():
    rows = [["No", "Action", "Notes", "notes"], ["1", "Review.", "First", "Second"]]
    document = read_plan_bytes(csv_tracker(rows), name="plan.csv")
    assert document.extra_fields == ["Notes", "notes (column 4)"]
    assert document.domains[0].actions[0].extra == {"Notes": "First", "notes (column 4)": "Second"}


def test_excel_keeps_unread_columns_and_reads_their_values_as_text():
    rows = [
        {"Ref": 1, "Description": "Review.", "KPI target": 95, "Level for Action": "Strategic"},
        {"Ref": 2, "Description": "Audit.", "KPI target": None, "Level for Action": "Operational"},
    ]
    document = read_plan_bytes(excel_tracker(rows), name="plan.xlsx")
    assert document.extra_fields == ["KPI target", "Level for Action"]
    assert extra_of(document) == [
        {"KPI target": "95", "Level for Action": "Strategic"},
        {"Level for Action": "Operational"},
    ]


def test_word_tables_keep_unread_columns_across_a_domains_tables():
    header = ["NO", "ACTION", "LEAD", "TIMESCALE", "Outcome", "PROGRESS"]
    data = word_tracker(
        [
            Domain("HELP AND PROTECTION", [[Row("1", "Review.", status="Better")]]),
            Domain("LEADERSHIP", [[Row("1", "Govern.", status="")]]),
        ],
        header=header,
        tables_1_and_2=False,
    )
    document = read_plan_bytes(data, name="plan.docx")
    assert document.extra_fields == ["Outcome"]
    assert extra_of(document) == [{"Outcome": "Better"}, {}]


def test_word_rows_continuing_an_action_continue_its_values_and_merged_cells_give_theirs():
    header = ["NO", "ACTION", "LEAD", "TIMESCALE", "Outcome", "PROGRESS"]
    rows = [
        Row("1", "Review.", status="Better"),
        Row("", "More of action 1.", lead="", timescale="", status="And more", progress=""),
        Row("2", "Audit.", status="Merged over two"),
        Row("3", "Train.", status=""),
    ]
    data = word_tracker(
        [Domain("HELP AND PROTECTION", [rows])], header=header, tables_1_and_2=False
    )
    # The Outcome cell of actions 2 and 3 is one cell, merged down (table 1: the key's is 0).
    data = merge_vertically(data, 1, 4, 3, 4)
    document = read_plan_bytes(data, name="plan.docx")
    assert extra_of(document) == [
        {"Outcome": "Better\nAnd more"},
        {"Outcome": "Merged over two"},
        {"Outcome": "Merged over two"},
    ]


def test_more_unread_columns_than_the_limit_is_refused_by_name(settings):
    settings.IMPORT_LIMITS = {**settings.IMPORT_LIMITS, "extra_fields": 2}
    with pytest.raises(ImportProblem, match="more than 2 columns that no field reads"):
        read_plan_bytes(csv_tracker([HEADER, *ROWS]), name="plan.csv")


def test_a_header_or_value_longer_than_a_field_holds_is_refused_naming_it():
    long_name = [*HEADER[:3], "x" * 201, *HEADER[4:]]
    with pytest.raises(ImportProblem, match="the extra field's name is 201 characters long"):
        read_plan_bytes(csv_tracker([long_name, *ROWS]), name="plan.csv")
    long_value = [[*ROWS[0][:3], "y" * 10_001, *ROWS[0][4:]]]
    with pytest.raises(
        ImportProblem, match=r"row 2, action 1, Success measures: the extra field's value is"
    ):
        read_plan_bytes(csv_tracker([HEADER, *long_value]), name="plan.csv")


@pytest.mark.django_db
def test_the_preview_lists_the_fields_and_the_import_stores_them():
    document = read_plan_bytes(csv_tracker([["Plan title"], HEADER, *ROWS]), name="plan.csv")

    preview = preview_import(document=document, organisation_name="Council")
    assert preview.extra_fields == (("Success measures", 1), ("Column 6", 1), ("Directorate", 2))
    assert "Kept as extra fields: Success measures (1 with a value)" in "\n".join(preview.lines())

    plan = plan_import(document=document, organisation_name="Council")
    assert list(plan.extra_fields.order_by("position").values_list("name", flat=True)) == [
        "Success measures",
        "Column 6",
        "Directorate",
    ]
    assert ExtraValue.objects.filter(action__domain__plan=plan).count() == 4
    exported = plan_document_for(plan=plan)
    assert extra_of(exported) == extra_of(document)


@pytest.mark.django_db
def test_the_upload_page_lists_the_fields_it_will_keep(member_client):
    client = member_client
    data = csv_tracker([["A <b>plan</b>"], [*HEADER[:3], "<script>x</script>"], ROWS[0][:4]])
    file = SimpleUploadedFile("plan.csv", data, content_type="text/csv")
    response = client.post(reverse("documents:import_new"), {"file": file}, follow=True)
    html = response.content.decode()
    assert 'id="preview-extra-fields"' in html
    assert "&lt;script&gt;x&lt;/script&gt;</th>" in html
    assert "<script>x</script>" not in html


# The round trip ------------------------------------------------------------------------

# A field's name is one line (as the form takes it) that no importer reads as a column of
# its own ("Status", "Theme title"): such a name would be read as that column instead.
field_names = one_line.map(lambda t: t[:200].strip()).filter(
    lambda t: t and header_column(t) is None and not t.casefold().startswith("column ")
)


@st.composite
def plans_with_extra_fields(draw, key: StatusKey | None = None):
    """A plan of `plan_documents` (with `key`, its own key) with up to five extra fields."""
    document = draw(plan_documents(key=key))
    names = draw(st.lists(field_names, max_size=5, unique_by=str.casefold))
    document.extra_fields = names
    for domain in document.domains:
        for action in domain.actions:
            values = {name: draw(field_text) for name in names}
            action.extra = {name: value for name, value in values.items() if value}
    return document


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "docx"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=plans_with_extra_fields())
def test_extra_fields_and_values_survive_a_round_trip(file_format, document):
    write = {"csv": write_csv, "xlsx": write_xlsx, "docx": write_docx}[file_format]
    imported = read_plan_bytes(write(document), name=f"plan.{file_format}")
    assert imported.extra_fields == document.extra_fields
    assert extra_of(imported) == extra_of(document)


def test_word_export_marks_the_values_that_a_word_import_reads_back_as_fields():
    """Word is the board pack: its values are under the action's text (ADR 0040), each in
    our own paragraph style, and the plan's fields listed after the key, so a Word pack
    imported back has the same fields and values, a field without any value too (ADR 0042)."""
    document = PlanDocument(
        title="Plan",
        organisation="Council",
        domains=[DomainEntry("HELP", "Help", [ActionEntry("1", "Review.", "", "2021")])],
        extra_fields=["Outcome", "Directorate"],
    )
    document.domains[0].actions[0].extra = {"Outcome": "Better"}
    word = docx.Document(io.BytesIO(write_docx(document)))
    assert ("Plan extra field", "Outcome: Better") in [
        (p.style.name, p.text) for t in word.tables for c in t._cells for p in c.paragraphs
    ]
    imported = read_plan_bytes(write_docx(document), name="plan.docx")
    assert imported.extra_fields == ["Outcome", "Directorate"]
    action = imported.domains[0].actions[0]
    assert (action.text, action.extra) == ("Review.", {"Outcome": "Better"})


@pytest.mark.django_db
def test_a_plan_with_extra_fields_comes_back_from_its_csv_and_excel_export(tmp_path):
    document = read_plan_bytes(csv_tracker([["Plan title"], HEADER, *ROWS]), name="plan.csv")
    plan = plan_import(document=document, organisation_name="Council")
    exported = plan_document_for(plan=plan)
    for file_format, write in (("csv", write_csv), ("xlsx", write_xlsx)):
        again = read_plan_bytes(write(exported), name=f"again.{file_format}")
        stored = plan_import(document=again, organisation_name="Council", replace=True)
        assert Plan.objects.get(pk=stored.pk).archived_at is None
        assert list(
            ExtraField.objects.filter(plan=stored).order_by("position").values_list("name")
        ) == [("Success measures",), ("Column 6",), ("Directorate",)]
        assert extra_of(plan_document_for(plan=stored)) == extra_of(exported)
