"""`import_plan PATH --show-mapping`: the proposed mapping printed as JSON, nothing imported."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from improvement_tracker.documents.importers.mapping_json import mapping_from_json
from improvement_tracker.plans.models import Plan
from tests.documents.family import Sheet, WordTable, excel_workbook, word_document
from tests.documents.hostile import entity_bomb

pytestmark = pytest.mark.django_db


def test_show_mapping_prints_the_proposal_as_json_and_imports_nothing(tmp_path):
    path = tmp_path / "delivery plan.xlsx"
    sheet = Sheet(
        "Plan",
        [
            ["Annual Delivery Plan"],
            ["NOS", "What?", "Who?", "When?", "RAG rating", "Success measures"],
            ["1", "Build homes", "Director of Housing", "August 2015", "G", "100 homes"],
        ],
    )
    path.write_bytes(excel_workbook([sheet]))
    out = io.StringIO()
    call_command("import_plan", str(path), "--show-mapping", stdout=out)
    printed = out.getvalue()
    data = json.loads(printed)
    assert data["version"] == 1
    assert data["title"] == "Annual Delivery Plan"
    [table] = data["tables"]
    assert (table["use"], table["header_row"]) == (True, 2)
    assert [column["meaning"] for column in table["columns"]] == [
        "reference", "action", "lead", "timescale", "status", "extra field",
    ]  # fmt: skip
    assert table["statuses"] == [
        {
            "found": "G",
            "from": "letter",
            "meaning": "on_track",
            "count": 1,
            "reason": "'G' is the letter for green: on track",
        }
    ]
    assert mapping_from_json(printed, source="printed").tables[0].use
    assert Plan.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("plan.txt", b"No,Action\n1,Do it\n", "plan.txt: a mapping can be proposed only for"),
        ("bomb.docx", None, "bomb.docx: the part word/document.xml declares a DTD"),
    ],
)
def test_show_mapping_refuses_what_it_cannot_read_and_says_why(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data if data is not None else entity_bomb())
    with pytest.raises(CommandError) as refused:
        call_command("import_plan", str(path), "--show-mapping", stdout=io.StringIO())
    assert str(refused.value).startswith(message)
    assert Plan.objects.count() == 0


def test_show_mapping_then_mapping_imports_the_tracker_as_proposed_or_as_corrected(tmp_path):
    path = tmp_path / "tracker.docx"
    rows = [
        ["NOS", "What?", "Who?", "When?", "RAG rating", "Success measures"],
        ["1", "To establish systems", "Director of Early Help", "", "", ""],
        ["1.1", "Agree the assessment", "Head of Early Help", "August 2015", "G", "Fewer"],
        ["1.2", "Train practitioners", "Workforce Lead", "Q3 2016/17", "B", ""],
        ["1.2.1", "Book venues", "Business Support Officer", "From Oct 03", "A", ""],
    ]
    path.write_bytes(word_document(["Children's Services Action Tracker"], [WordTable(rows)]))
    out = io.StringIO()
    call_command("import_plan", str(path), "--show-mapping", stdout=out)
    data = json.loads(out.getvalue())
    data["tables"][0]["statuses"][1]["meaning"] = "complete_assured"  # B: corrected by hand
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps(data), encoding="utf-8")

    printed = io.StringIO()
    call_command(
        "import_plan", str(path), "--mapping", str(mapping), "--organisation", "Council",
        stdout=printed,
    )  # fmt: skip
    assert "Imported plan childrens-services-action-tracker: 1 domains, 2 actions" in (
        printed.getvalue()
    )
    plan = Plan.objects.get()
    [domain] = plan.domains.all()
    assert domain.title == "Children's Services Action Tracker"
    first, second = domain.actions.order_by("number_order")
    assert (first.number, first.text, first.objective.number, first.objective.text) == (
        "1.1", "Agree the assessment", "1", "To establish systems",
    )  # fmt: skip
    assert [u.status for u in (first.updates.get(), second.updates.get())] == [
        "on_track", "complete_assured",
    ]  # fmt: skip
    [activity] = second.activities.all()
    assert (activity.number, activity.text, activity.status) == ("1.2.1", "Book venues", "at_risk")
    assert [value.text for value in first.extra_values.all()] == ["Fewer"]


def test_a_mapping_with_mistakes_is_refused_naming_them_and_nothing_is_saved(tmp_path):
    path = tmp_path / "tracker.xlsx"
    sheet = Sheet("Plan", [["Ref", "Action"], ["1", "Do it"]])
    path.write_bytes(excel_workbook([sheet]))
    mapping = tmp_path / "mapping.json"
    mapping.write_text(
        json.dumps(
            {
                "version": 1,
                "tables": [
                    {"table": 1, "use": True, "columns": [{"column": 1, "meaning": "leed"}]}
                ],
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as refused:
        call_command("import_plan", str(path), "--mapping", str(mapping), stdout=io.StringIO())
    assert str(refused.value) == (
        "mapping.json: the mapping cannot be used:\n"
        "- table 1, column 1: 'meaning' is \"leed\"; it must be one of: reference, action, "
        "objective, lead, timescale, status, progress, evidence, priority, section, extra field, "
        "ignore\n"
        "- table 1: is used, but no column's meaning is 'action'"
    )
    assert Plan.objects.count() == 0


def import_as_proposed(path, *, organisation):
    """`--show-mapping`, then `--mapping` with what it printed, unchanged."""
    out = io.StringIO()
    call_command("import_plan", str(path), "--show-mapping", stdout=out)
    mapping = path.with_name("mapping.json")
    mapping.write_text(out.getvalue(), encoding="utf-8")
    call_command(
        "import_plan", str(path), "--mapping", str(mapping), "--organisation", organisation,
        stdout=io.StringIO(),
    )  # fmt: skip


def test_a_trusts_own_key_in_words_becomes_the_plans_key_with_its_labels(tmp_path):
    """Its Amber means on track and its Green complete: the plan says so, in its words."""
    path = tmp_path / "trust.docx"
    lines = [
        "Northshire NHS Foundation Trust",
        "Serious Incident Review Action Plan",
        "Key: Red – Off track, Amber – On track, Green – Complete",
    ]
    rows = [
        ["No", "Action", "Lead", "Target Date", "RAG"],
        ["1", "Introduce SBAR handover", "Clinical Director", "Oct 2016", "Amber"],
        ["2", "Audit handovers", "Matron", "Dec 2016", ""],
        ["3", "Revise the policy", "Head of Nursing", "Jan 2017", "Red"],
    ]
    path.write_bytes(word_document(lines, [WordTable(rows, fills={(2, 4): "00B050"})]))
    import_as_proposed(path, organisation="Trust")
    plan = Plan.objects.get()
    assert [
        (entry.label, entry.status, entry.colour, entry.description)
        for entry in plan.rag_key.order_by("position")
    ][:3] == [
        ("Red", "off_track", "red", "Off track"),
        ("Amber", "on_track", "orange", "On track"),
        ("Green", "complete", "green", "Complete"),
    ]
    actions = plan.domains.get().actions.order_by("number_order")
    assert [action.updates.get().status for action in actions] == [
        "on_track", "complete", "off_track",
    ]  # fmt: skip


def test_a_councils_category_key_becomes_the_plans_key_in_its_own_words(tmp_path):
    """'1 Fully Achieved 2 On target …' typed in one cell: the plan's labels are the
    document's words, each in the example's colour for its meaning."""
    path = tmp_path / "delivery.xlsx"
    rows = [
        ["Annual Delivery Plan 2016/17"],
        ["Key: 1 Fully Achieved 2 On target 3 Some slippage 4 Not achieved"],
        ["NOS", "What?", "Who?", "When?", "RAG rating"],
        ["1.1", "Single front door", "Head of Early Help", "August 2015", "1"],
        ["1.2", "Family hubs", "Hubs Manager", "Mar 2017", "2"],
        ["2.1", "Audit meetings", "Principal Social Worker", "Q3 2016/17", "4"],
    ]
    path.write_bytes(excel_workbook([Sheet("Plan", rows)]))
    import_as_proposed(path, organisation="County")
    plan = Plan.objects.get()
    assert [
        (entry.label, entry.status, entry.colour, entry.description)
        for entry in plan.rag_key.order_by("position")
        if entry.status != "not_rated"
    ] == [
        ("Fully Achieved", "complete", "blue", "1 Fully Achieved"),
        ("On target", "on_track", "green", "2 On target"),
        ("Some slippage", "at_risk", "orange", "3 Some slippage"),
        ("Not achieved", "off_track", "red", "4 Not achieved"),
    ]
    actions = plan.domains.get().actions.order_by("number_order")
    assert [action.updates.get().status for action in actions] == [
        "complete", "on_track", "off_track",
    ]  # fmt: skip


def test_show_mapping_refuses_another_kind_of_file_before_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"x" * (21 * 1024 * 1024))  # over the size limit, but the kind comes first
    with pytest.raises(CommandError) as refused:
        call_command("import_plan", str(path), "--show-mapping", stdout=io.StringIO())
    assert str(refused.value) == (
        "huge.txt: a mapping can be proposed only for .csv, .docx and .xlsx files, not '.txt'."
    )
