"""CSV trackers in other bodies' shapes (issue 19, ADR 0051): proposed a mapping as Word
and Excel files are, by `import_plan --show-mapping` / `--mapping` and on the upload page.

Each file is built here, as councils save them from Excel: headers in their own words,
title and key rows above the header, section rows, several leads or dates in one quoted
cell, statuses as words, letters and category numbers, dates as people write them.
"""

import html
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from improvement_tracker.documents.importers.apply_mapping import document_from_mapping
from improvement_tracker.documents.importers.grid import read_grid_bytes
from improvement_tracker.documents.importers.proposal import propose_mapping
from improvement_tracker.plans.models import Plan
from tests.documents.builders import csv_tracker
from tests.documents.conftest import stored_files
from tests.documents.test_mapping_page import as_proposed, mapping_url, snapshot

COUNCIL = [
    ["Children's Services Improvement Action Tracker", "", "", "", "", "", ""],
    ["NOS", "What?", "Who?", "When?", "RAG rating", "Progress October 2016", "Success measures"],
    ["Standard 1 - Referrals", "", "", "", "", "", ""],
    ["1", "To establish systems", "Director of Early Help", "", "", "", ""],
    [
        "1.1",
        "Agree the assessment",
        "Head of Early Help\nWorkforce Lead",
        "August 2015\nDec 2016",
        "COMPLETED",
        "Agreed in May",
        "Fewer re-referrals",
    ],
    ["1.2", "Train practitioners", "Jane Smith, Training Manager", "Q3 2016/17", "G", "", ""],
    ["Standard 2 - Assessment", "", "", "", "", "", ""],
    ["2.1", "Audit assessments", "Head of Quality", "End Oct 03", "Off Track", "Late", ""],
    ["2.2", "Review the audit", "Head of Quality", "To be confirmed", "", "", ""],
]
TRUST = [
    ["Northshire NHS Foundation Trust"],
    ["Serious Incident Review Action Plan"],
    ["Key: Red – Off track, Amber – On track, Green – Complete"],
    [
        "Recommendation", "Actions required", "Identified Lead", "Target Date", "RAG status",
        "Current Commentary",
    ],
    [
        "R1 Improve handover", "Introduce SBAR handover", "Dr A Patel, Clinical Director",
        "Oct 2016", "Amber", "Piloted on two wards",
    ],
    ["", "Audit handovers", "Matron", "Dec 2016", "Green", "Complete: reported to the board"],
    ["R2 Revise policy", "Revise the policy", "Head of Nursing", "Jan 2017", "Red", ""],
]  # fmt: skip
BOARD = [
    [
        "Ref", "Specific Actions", "Lead Officer(s)", "Timescale/ Target",
        "Assessment of progress", "Directorate",
    ],
    ["1", "1. To establish systems for early help", "", "", "", ""],
    [
        "1.1", "Agree the early help assessment", "Head of Early Help",
        "Strategy agreed and in place by April 2012", "1 Fully Achieved", "Children's Services",
    ],
    ["1.2", "Train practitioners", "Workforce Lead", "2012/13", "3 Not yet started", ""],
    ["1.2.1", "Book venues", "Business Support Officer", "June 03", "2 On target", ""],
    ["2", "2. To improve quality assurance", "", "", "", ""],
    [
        "2.1", "Audit case files", "Head of Quality", "Phase 1 completed / Phase 2 Mar 2017",
        "4 Not achieved", "Quality",
    ],
]  # fmt: skip


def read(data: bytes, name: str):
    grid = read_grid_bytes(data, name=name)
    return document_from_mapping(grid, propose_mapping(grid))


def actions(document):
    return [
        (
            domain.title,
            action.number,
            action.text,
            action.lead,
            action.timescale,
            action.status.value,
            action.progress,
            action.extra,
            action.objective and (action.objective.number, action.objective.text),
        )
        for domain in document.domains
        for action in domain.actions
    ]


def test_a_councils_csv_with_a_title_row_sections_and_lines_in_quoted_cells_is_read():
    document = read(csv_tracker(COUNCIL, encoding="utf-8-sig"), "childrens-tracker.csv")
    assert document.title == "Children's Services Improvement Action Tracker"
    assert document.extra_fields == ["Success measures"]
    objective = ("1", "To establish systems")
    assert actions(document) == [
        (
            "Standard 1 - Referrals", "1.1", "Agree the assessment",
            "Head of Early Help\nWorkforce Lead", "August 2015\nDec 2016", "complete",
            "Agreed in May", {"Success measures": "Fewer re-referrals"}, objective,
        ),
        (
            "Standard 1 - Referrals", "1.2", "Train practitioners",
            "Jane Smith, Training Manager", "Q3 2016/17", "on_track", "", {}, objective,
        ),
        (
            "Standard 2 - Assessment", "2.1", "Audit assessments", "Head of Quality",
            "End Oct 03", "off_track", "Late", {}, None,
        ),
        (
            "Standard 2 - Assessment", "2.2", "Review the audit", "Head of Quality",
            "To be confirmed", "not_rated", "", {}, None,
        ),
    ]  # fmt: skip
    assert document.domains[0].actions[0].objective.lead == "Director of Early Help"
    assert document.warnings == []


def test_a_trusts_semicolon_csv_in_windows_1252_keeps_its_own_key_and_says_how_it_was_read():
    document = read(csv_tracker(TRUST, encoding="cp1252", delimiter=";"), "trust.csv")
    assert [(e.label, e.status.value, e.description) for e in document.key.entries] == [
        ("Red", "off_track", "Off track"),
        ("Amber", "on_track", "On track"),  # the trust's Amber, not the example's
        ("Green", "complete", "Complete"),
    ]
    section = "Serious Incident Review Action Plan"  # the row above the header
    first = ("R1", "R1 Improve handover")
    assert actions(document) == [
        (
            section, "1", "Introduce SBAR handover", "Dr A Patel, Clinical Director", "Oct 2016",
            "on_track", "Piloted on two wards", {}, first,
        ),
        (
            section, "2", "Audit handovers", "Matron", "Dec 2016", "complete",
            "Complete: reported to the board", {}, first,  # Excel's merged cell, saved once
        ),
        (
            section, "3", "Revise the policy", "Head of Nursing", "Jan 2017", "off_track", "",
            {}, ("R2", "R2 Revise policy"),
        ),
    ]  # fmt: skip
    assert document.warnings == [
        "trust.csv: the file is not UTF-8; it was read as Windows-1252 (what Excel saves as "
        "plain 'CSV'). Check that accented letters and dashes look right below.",
        "trust.csv, table 1, row 5: the action has no reference: numbered 1.",
        "trust.csv, table 1, row 6: the action has no reference: numbered 2.",
        "trust.csv, table 1, row 7: the action has no reference: numbered 3.",
    ]


def test_a_boards_tab_separated_csv_with_category_numbers_and_layers_is_read():
    document = read(csv_tracker(BOARD, delimiter="\t"), "lscb_business-plan.csv")
    assert document.title == "lscb business plan"  # no row above the header: the name
    assert [domain.title for domain in document.domains] == ["lscb business plan"]
    assert [(a[1], a[3], a[4], a[5], a[7], a[8][0]) for a in actions(document)] == [
        ("1.1", "Head of Early Help", "Strategy agreed and in place by April 2012", "complete",
         {"Directorate": "Children's Services"}, "1"),
        ("1.2", "Workforce Lead", "2012/13", "not_started", {}, "1"),
        ("2.1", "Head of Quality", "Phase 1 completed / Phase 2 Mar 2017", "off_track",
         {"Directorate": "Quality"}, "2"),
    ]  # fmt: skip
    [activity] = document.domains[0].actions[1].activities
    assert (activity.number, activity.text, activity.lead, activity.timescale) == (
        "1.2.1", "Book venues", "Business Support Officer", "June 03",
    )  # fmt: skip
    assert activity.status.value == "on_track"  # category 2, 'On target'
    assert document.warnings == []


@pytest.mark.django_db
def test_show_mapping_then_mapping_imports_a_csv_as_corrected(tmp_path):
    path = tmp_path / "childrens-tracker.csv"
    path.write_bytes(csv_tracker(COUNCIL))
    out = io.StringIO()
    call_command("import_plan", str(path), "--show-mapping", stdout=out)
    data = json.loads(out.getvalue())
    [table] = data["tables"]
    assert (table["name"], table["use"], table["header_row"]) == ("table 1", True, 2)
    assert [row["kind"] for row in table["rows"]] == ["section", "objective", "section"]
    table["columns"][6] |= {"meaning": "ignore", "field": ""}  # corrected by hand
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps(data), encoding="utf-8")
    printed = io.StringIO()
    call_command(
        "import_plan", str(path), "--mapping", str(mapping), "--organisation", "Council",
        stdout=printed,
    )  # fmt: skip
    assert "2 domains, 4 actions" in printed.getvalue()
    assert (
        "childrens-tracker.csv, table 1, column 7 ('Success measures'): the mapping ignores "
        "it: 1 cells with text are not imported."
    ) in printed.getvalue()
    plan = Plan.objects.get()
    assert not plan.extra_fields.exists()
    assert [d.title for d in plan.domains.order_by("position")] == [
        "Standard 1 - Referrals", "Standard 2 - Assessment",
    ]  # fmt: skip
    first = plan.domains.order_by("position")[0].actions.order_by("number_order")[0]
    assert (first.number, first.lead_text, first.timescale_text) == (
        "1.1", "Head of Early Help\nWorkforce Lead", "August 2015\nDec 2016",
    )  # fmt: skip
    assert first.updates.get().status == "complete"


@pytest.mark.django_db
def test_a_csv_the_importer_refuses_is_proposed_a_mapping_on_the_page_and_imported(
    member_client, tmp_path
):
    data = csv_tracker(COUNCIL)
    file = SimpleUploadedFile("tracker.csv", data, content_type="text/csv")
    confirm = member_client.post(reverse("documents:import_new"), {"file": file}).url
    response = member_client.get(confirm)
    assert response.status_code == 302 and response.url == mapping_url(confirm)

    page = member_client.get(mapping_url(confirm))
    text = html.unescape(page.content.decode())
    assert page.status_code == 200
    assert "Check how the file will be read" in text
    assert "Header 'Who?' means lead." in text
    proposed = as_proposed(page)
    assert [proposed[f"t1_c{n}"] for n in range(1, 8)] == [
        "reference", "action", "lead", "timescale", "status", "progress", "extra field",
    ]  # fmt: skip
    assert (proposed["t1_header_row"], proposed["t1_r3"], proposed["t1_r4"]) == (
        "2", "section", "objective",
    )  # fmt: skip
    chosen = proposed | {"t1_s2": "complete_assured"}  # G, as the person says
    assert member_client.post(mapping_url(confirm), chosen).status_code == 302
    preview = html.unescape(member_client.get(confirm).content.decode())
    assert "The file is read as you chose." in preview
    assert Plan.objects.count() == 0

    member_client.post(confirm)
    by_page = Plan.objects.get()
    assert by_page.organisation.name == "Council"
    second = by_page.domains.order_by("position")[0].actions.order_by("number_order")[1]
    assert (second.number, second.updates.get().status) == ("1.2", "complete_assured")
    assert stored_files() == []

    # The command, given the same changed mapping, makes the same plan.
    path = tmp_path / "tracker.csv"
    path.write_bytes(data)
    out = io.StringIO()
    call_command("import_plan", str(path), "--show-mapping", stdout=out)
    mapping = json.loads(out.getvalue())
    mapping["tables"][0]["statuses"][1]["meaning"] = "complete_assured"
    written = tmp_path / "mapping.json"
    written.write_text(json.dumps(mapping), encoding="utf-8")
    call_command(
        "import_plan", str(path), "--mapping", str(written), "--organisation", "Elsewhere",
        stdout=io.StringIO(),
    )  # fmt: skip
    assert snapshot(Plan.objects.exclude(pk=by_page.pk).get()) == snapshot(by_page)
