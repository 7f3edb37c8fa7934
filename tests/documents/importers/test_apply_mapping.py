"""A mapping applied to its file: the plan document the importing service takes, with every
cell kept or named in a warning, and the mapping a person corrected followed as written."""

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from improvement_tracker.documents.importers import read_plan_bytes
from improvement_tracker.documents.importers.apply_mapping import document_from_mapping
from improvement_tracker.documents.importers.grid import Grid, read_grid_bytes
from improvement_tracker.documents.importers.mapping import Meaning, RowKind
from improvement_tracker.documents.importers.mapping_json import MappingProblem
from improvement_tracker.documents.importers.proposal import propose_mapping
from improvement_tracker.plans.plan_document import ActivityEntry, ImportProblem, ObjectiveEntry
from improvement_tracker.plans.rag import Status
from tests.documents.builders import KEY_SHADES, Domain, Row, word_tracker
from tests.documents.family import Sheet, WordTable, excel_workbook, word_document
from tests.documents.grid_strategies import grid_tables

LAYERED = [
    ["Ref", "Action", "Identified Lead", "Timescale/ Target", "RAG status", "Success measures"],
    ["PRIORITY 1a Early Help and Prevention", "", "", "", "", ""],
    ["1", "To establish systems for early help", "Director of Early Help", "", "", ""],
    ["1.1", "Agree the assessment", "Head of Early Help\nLSCB Manager", "Q3 2016/17\nMarch 2017",
     "On Track", "Fewer referrals"],
    ["1.2", "Train practitioners", "Workforce Lead", "Phase 1 completed / Phase 2 Mar 2017", "",
     "All trained"],
    ["1.2.1", "Book venues", "Business Support Officer", "From Oct 03", "Not started", ""],
    ["2", "To improve referrals", "", "", "", ""],
    ["2.1", "Audit referrals", "Head of MASH", "2012/13", "Complete & CSPI", ""],
    ["Ref", "Action", "Identified Lead", "Timescale/ Target", "RAG status", "Success measures"],
    ["2.2", "Review thresholds", "Head of MASH", "To be confirmed", "COMPLETED", ""],
    ["", "", "Deputy Head of MASH", "June 03", "", ""],
]  # fmt: skip


def layered_grid():
    # The section row merged across; 2.2's reference and action merged over the row below.
    table = WordTable(LAYERED, merges=[(1, 0, 1, 5), (9, 0, 10, 0), (9, 1, 10, 1)])
    data = word_document(["Safeguarding Children Board", "Business Plan 2016-17"], [table])
    return read_grid_bytes(data, name="layered.docx")


def actions(document):
    return [
        (domain.title, action.number, action.text, action.lead, action.timescale, action.status)
        for domain in document.domains
        for action in domain.actions
    ]


def test_a_layered_tracker_comes_in_with_its_sections_objectives_activities_and_merged_rows():
    grid = layered_grid()
    document = document_from_mapping(grid, propose_mapping(grid))
    assert document.title == "Business Plan 2016-17"
    assert [domain.title for domain in document.domains] == [
        "PRIORITY 1a Early Help and Prevention"
    ]
    section = "PRIORITY 1a Early Help and Prevention"
    assert actions(document) == [
        (section, "1.1", "Agree the assessment", "Head of Early Help\nLSCB Manager",
         "Q3 2016/17\nMarch 2017", Status.ON_TRACK),
        (section, "1.2", "Train practitioners", "Workforce Lead",
         "Phase 1 completed / Phase 2 Mar 2017", Status.NOT_RATED),
        (section, "2.1", "Audit referrals", "Head of MASH", "2012/13", Status.COMPLETE_ASSURED),
        # The row below 2.2 shares its merged reference and action: its lead and timescale
        # are 2.2's second sub-action's, a line each.
        (section, "2.2", "Review thresholds", "Head of MASH\nDeputy Head of MASH",
         "To be confirmed\nJune 03", Status.COMPLETE),
    ]  # fmt: skip
    first, second, third, fourth = document.domains[0].actions
    establish = ObjectiveEntry("1", "To establish systems for early help", "Director of Early Help")
    improve = ObjectiveEntry("2", "To improve referrals", "")
    assert [a.objective for a in (first, second, third, fourth)] == [
        establish, establish, improve, improve,
    ]  # fmt: skip
    assert second.activities == [
        ActivityEntry("1.2.1", "Book venues", "Business Support Officer", "From Oct 03",
                      Status.NOT_STARTED)
    ]  # fmt: skip
    assert document.extra_fields == ["Success measures"]
    assert [a.extra for a in (first, second, third)] == [
        {"Success measures": "Fewer referrals"}, {"Success measures": "All trained"}, {},
    ]  # fmt: skip
    assert document.warnings == []


def test_a_corrected_mapping_is_followed_and_what_it_ignores_is_named():
    grid = layered_grid()
    proposed = propose_mapping(grid)
    [table] = proposed.tables
    columns = list(table.columns)
    columns[5] = dataclasses.replace(columns[5], meaning=Meaning.IGNORE, field="")
    statuses = [
        dataclasses.replace(s, meaning=Status.AT_RISK) if s.found == "On Track" else s
        for s in table.statuses
    ]
    rows = [row for row in table.rows if row.kind is not RowKind.SECTION]
    columns = columns[:3] + columns[4:]  # the timescale column left out of the mapping
    corrected = dataclasses.replace(
        proposed,
        tables=(
            dataclasses.replace(
                table,
                columns=tuple(columns),
                statuses=tuple(statuses),
                rows=tuple(rows),
                section="Standard 1 - Referrals",
            ),
        ),
    )
    document = document_from_mapping(grid, corrected)
    assert [domain.title for domain in document.domains] == ["Standard 1 - Referrals"]
    assert document.domains[0].actions[0].status is Status.AT_RISK
    assert {a.timescale for a in document.domains[0].actions} == {""}
    assert document.extra_fields == []
    # The row no longer a section has no action: its words are said not to be imported.
    assert document.warnings == [
        "layered.docx, table 1, row 2: the row has no action, and no action is above it: "
        "'PRIORITY 1a Early Help and Prevention' is not imported.",
        "layered.docx, table 1, column 4: it is not in the mapping: 6 cells with text are not "
        "imported.",
        "layered.docx, table 1, column 6 ('Success measures'): the mapping ignores it: 2 cells "
        "with text are not imported.",
    ]


def test_a_mapping_that_does_not_fit_the_file_is_refused_naming_each_place():
    grid = layered_grid()
    proposed = propose_mapping(grid)
    [table] = proposed.tables
    wider = dataclasses.replace(
        table,
        columns=(*table.columns, dataclasses.replace(table.columns[0], column=9)),
        header_row=40,
    )
    other = dataclasses.replace(table, table=3)
    with pytest.raises(MappingProblem) as refused:
        document_from_mapping(grid, dataclasses.replace(proposed, tables=(wider, other)))
    assert str(refused.value) == (
        "layered.docx: the mapping does not fit the file:\n"
        "- table 1, column 9: table 1 has 6 columns\n"
        "- table 1: 'header_row' is 40; table 1 has 11 rows\n"
        "- table 3: the file has 1 tables"
    )


def test_a_title_and_one_table_without_references_is_one_section_numbered_in_order():
    sheet = Sheet(
        "Plan",
        [
            ["Improvement Plan Progress Report"],
            ["What?", "Who?", "When?", "Progress presented to Committee Dec 2017"],
            ["1. To establish systems for referrals", "Head of MASH", "Dec 2016", "Complete: done"],
            ["2. To improve plans", "Head of Service", "Jan 2017", "On track - booked"],
            ["Hear the child", "Participation Officer", "Feb 2017", "Awaiting funding"],
        ],
    )
    grid = read_grid_bytes(excel_workbook([sheet]), name="report.xlsx")
    mapping = propose_mapping(grid)
    assert mapping.tables[0].number_in_text
    document = document_from_mapping(grid, mapping)
    assert [domain.title for domain in document.domains] == ["Improvement Plan Progress Report"]
    assert [(a.number, a.status) for a in document.domains[0].actions] == [
        ("1", Status.COMPLETE), ("2", Status.ON_TRACK), ("3", Status.NOT_RATED),
    ]  # fmt: skip
    assert document.domains[0].actions[0].progress == "Complete: done"
    assert document.warnings == [
        "report.xlsx, sheet 'Plan', row 5: the action has no reference: numbered 3."
    ]


def test_a_mapping_that_uses_no_table_is_refused_with_the_closest():
    grid = read_grid_bytes(
        word_document(["Contacts"], [WordTable([["Who?", "When?"], ["Director", "Monday"]])]),
        name="x.docx",
    )
    with pytest.raises(ImportProblem) as refused:
        document_from_mapping(grid, propose_mapping(grid))
    assert str(refused.value) == (
        "x.docx: the mapping uses no table with actions (table 1 came closest: header row 1; "
        "its columns give lead, timescale; no column reads as the actions)."
    )


def test_a_tracker_shaped_like_the_example_comes_in_as_the_word_importer_reads_it():
    data = word_tracker(
        [
            Domain(
                "HELP AND PROTECTION",
                [
                    [
                        Row("1", "*First.", fill=KEY_SHADES["RED"]),
                        Row("2", "Second.", status="Green"),
                    ],
                    [Row("3", "Third.", fill=KEY_SHADES["COMPLETED"])],
                ],
            ),
            Domain("CHILDREN IN CARE", [[Row("1", "Care.", status="Amber", timescale="Dec 2016")]]),
        ]
    )

    def read(document):
        return [
            (d.title, a.number, a.text, a.lead, a.timescale, a.status, a.progress, a.high_priority)
            for d in document.domains
            for a in d.actions
        ]

    grid = read_grid_bytes(data, name="example.docx")
    mapped = document_from_mapping(grid, propose_mapping(grid))
    assert read(mapped) == read(read_plan_bytes(data, name="example.docx"))
    assert [(a.status, a.high_priority) for a in mapped.domains[0].actions] == [
        (Status.OFF_TRACK, True), (Status.ON_TRACK, False), (Status.COMPLETE, False),
    ]  # fmt: skip
    # The document's own Table 1 and Table 2 are not read through a mapping: said so.
    assert mapped.warnings[0].startswith("example.docx, table 2: not imported: header row 1;")


@settings(max_examples=100, deadline=None)
@given(st.lists(grid_tables, min_size=1, max_size=3))
def test_applying_the_proposal_to_any_grid_gives_a_plan_or_says_why(found):
    for number, table in enumerate(found, start=1):
        table.number = number
    grid = Grid("any.docx", "docx", ["A plan"], found)
    try:
        document = document_from_mapping(grid, propose_mapping(grid))
    except ImportProblem as problem:
        assert str(problem).startswith("any.docx")
    else:
        assert document.action_count > 0


def test_a_column_of_recommendations_gives_each_action_its_objective_merged_or_not():
    sheet = Sheet(
        "Action plan",
        [
            ["No", "Recommendation", "Specific Actions", "Responsibility", "Target Date"],
            ["1", "Improve record keeping", "Remind doctors", "Medical Director", "Oct 2016"],
            ["2", None, "Audit notes", "Head of Nursing", "Dec 2016"],
            ["3", "Improve training", "Train ward staff", "Ward Manager", "Nov 2016"],
        ],
        merges=["B2:B3"],
    )
    grid = read_grid_bytes(excel_workbook([sheet]), name="sir.xlsx")
    document = document_from_mapping(grid, propose_mapping(grid))
    assert [(a.number, a.objective) for a in document.domains[0].actions] == [
        ("1", ObjectiveEntry("", "Improve record keeping")),
        ("2", ObjectiveEntry("", "Improve record keeping")),
        ("3", ObjectiveEntry("", "Improve training")),
    ]
    assert document.warnings == []
