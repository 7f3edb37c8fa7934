"""The proposed mapping for trackers of the family issue 19 lists, each built here in Word
or Excel: headers in their own words, layers, statuses their own way, merged cells."""

import pytest

from improvement_tracker.documents.importers.grid import read_grid_bytes
from improvement_tracker.documents.importers.header_words import header_meaning
from improvement_tracker.documents.importers.mapping import (
    Meaning,
    RowKind,
    RowMapping,
    StatusMapping,
    StatusSource,
)
from improvement_tracker.documents.importers.proposal import propose_mapping
from improvement_tracker.plans.rag import Status
from tests.documents.family import Sheet, WordTable, excel_workbook, word_document

R, W, L, C, F = (
    StatusSource.WORD,
    StatusSource.LETTER,
    StatusSource.CATEGORY,
    StatusSource.FIRST_WORD,
    StatusSource.FILL,
)


def propose(data: bytes, name: str):
    return propose_mapping(read_grid_bytes(data, name=name))


def meanings(table):
    return [(column.header, column.meaning, column.field) for column in table.columns]


def reasons(table):
    return [column.reason for column in table.columns]


def statuses(table):
    return [(s.found, s.source, s.meaning, s.count) for s in table.statuses]


# Header words from the issue, and more of our own, each with the meaning proposed.
HEADERS = [
    ("NOS", Meaning.REFERENCE),
    ("Ref", Meaning.REFERENCE),
    ("Action No.", Meaning.REFERENCE),
    ("What?", Meaning.ACTION),
    ("Who?", Meaning.LEAD),
    ("When?", Meaning.TIMESCALE),
    ("Recommendation", Meaning.OBJECTIVE),
    ("Objectives", Meaning.OBJECTIVE),
    ("Actions required", Meaning.ACTION),
    ("Specific Actions", Meaning.ACTION),
    ("Key tasks", None),
    ("Identified Lead", Meaning.LEAD),
    ("Lead Officer(s)", Meaning.LEAD),
    ("Responsibility", Meaning.LEAD),
    ("Action by", Meaning.LEAD),
    ("Target Date", Meaning.TIMESCALE),
    ("Date", Meaning.TIMESCALE),
    ("Timescale/ Target", Meaning.TIMESCALE),
    ("Milestone", Meaning.TIMESCALE),
    ("TIMESCALE/ DEADLINE", Meaning.TIMESCALE),
    ("RAG rating", Meaning.STATUS),
    ("RAG status", Meaning.STATUS),
    ("Current Status", Meaning.STATUS),
    ("**STATUS", Meaning.STATUS),
    ("Assessment of progress", Meaning.PROGRESS),
    ("Progress October 2003", Meaning.PROGRESS),
    ("Progress presented to Committee Dec 2017", Meaning.PROGRESS),
    ("Current Commentary", Meaning.PROGRESS),
    ("Evidence of impact", Meaning.EVIDENCE),
    ("High priority", Meaning.PRIORITY),
    ("Theme", Meaning.SECTION),
    ("Success measures", None),
    ("Outcome – (report for Q1, Q2, Q3, Q4)", None),
    ("Output/Outcome measurement", None),
    ("Level for Action", None),
    ("Directorate", None),
    ("How?", None),
    ("", None),
]


@pytest.mark.parametrize(("header", "meaning"), HEADERS)
def test_header_words_in_their_own_words_have_a_meaning_or_none(header, meaning):
    assert header_meaning(header) is meaning


def test_a_title_and_one_table_is_one_section_named_after_the_title():
    data = word_document(
        ["Children's Services Improvement Action Tracker"],
        [
            WordTable(
                [
                    ["NOS", "What?", "Who?", "How?", "When?", "RAG rating"],
                    ["1", "Set up a panel", "Head of Service", "Monthly meetings", "Aug 2015", "G"],
                    ["2", "Audit referrals", "Jane Smith, Principal", "Audit", "Dec 2016", "A"],
                    ["3", "Train staff", "Workforce Manager", "Sessions", "End Oct 03", "R"],
                    ["4", "Publish thresholds", "Head of Service", "Website", "June 03", "B"],
                ]
            )
        ],
    )
    mapping = propose(data, "tracker.docx")
    assert mapping.title == "Children's Services Improvement Action Tracker"
    assert mapping.closest == ""
    [table] = mapping.tables
    assert (table.use, table.header_row, table.number_in_text) == (True, 1, False)
    assert table.section == "Children's Services Improvement Action Tracker"
    assert table.reason == (
        "header row 1; its columns give reference, action, lead, timescale, status: its 4 rows "
        "with an action are the plan's actions; no heading names its section: it is named "
        "after the document's title"
    )
    assert meanings(table) == [
        ("NOS", Meaning.REFERENCE, ""),
        ("What?", Meaning.ACTION, ""),
        ("Who?", Meaning.LEAD, ""),
        ("How?", Meaning.EXTRA, "How?"),
        ("When?", Meaning.TIMESCALE, ""),
        ("RAG rating", Meaning.STATUS, ""),
    ]
    assert reasons(table)[2:4] == [
        "header 'Who?' means lead",
        "header 'How?' is not one we know: kept as an extra field",
    ]
    assert statuses(table) == [
        ("G", W, Status.ON_TRACK, 1),
        ("A", W, Status.AT_RISK, 1),
        ("R", W, Status.OFF_TRACK, 1),
        ("B", W, Status.COMPLETE, 1),
    ]
    assert table.statuses[3].reason == "'B' is the letter for blue: complete"
    assert table.rows == ()


def test_layered_numbering_spanning_rows_and_the_heading_above_are_told_apart_from_actions():
    rows = [
        ["Ref", "Action", "Identified Lead", "Timescale/ Target", "RAG status"],
        ["PRIORITY 1a Early Help and Prevention", "", "", "", ""],
        ["1", "To establish systems for early help", "", "", ""],
        [
            "1.1",
            "Agree the assessment",
            "Head of Early Help\nLSCB Manager",
            "Q3 2016/17",
            "On Track",
        ],
        [
            "1.2",
            "Train practitioners",
            "Workforce Lead",
            "Phase 1 completed / Phase 2 Mar 2017",
            "",
        ],
        ["1.2.1", "Book venues", "Business Support Officer", "From Oct 03", "Not started"],
        ["2", "To improve referrals", "", "", ""],
        ["2.1", "Audit referrals", "Head of MASH", "2012/13", "Complete & CSPI"],
        ["Ref", "Action", "Identified Lead", "Timescale/ Target", "RAG status"],
        ["2.2", "Review thresholds", "Head of MASH", "To be confirmed", "COMPLETED"],
    ]
    data = word_document(
        ["Safeguarding Children Board", "Business Plan 2016-17", "Standard 1 - Referrals"],
        [WordTable(rows, merges=[(1, 0, 1, 4)])],
    )
    mapping = propose(data, "layered.docx")
    assert mapping.title == "Business Plan 2016-17"
    [table] = mapping.tables
    assert table.section == "Standard 1 - Referrals"
    assert table.reason.endswith(
        "its 4 rows with an action are the plan's actions; the heading above it, "
        "'Standard 1 - Referrals', names its section"
    )
    assert [column.meaning for column in table.columns] == [
        Meaning.REFERENCE, Meaning.ACTION, Meaning.LEAD, Meaning.TIMESCALE, Meaning.STATUS,
    ]  # fmt: skip
    assert table.rows == (
        RowMapping(
            2,
            RowKind.SECTION,
            "PRIORITY 1a Early Help and Prevention",
            "'PRIORITY 1a Early Help and Prevention' spans the row and names a section",
        ),
        RowMapping(
            3,
            RowKind.OBJECTIVE,
            "To establish systems for early help",
            "its reference '1' has fewer levels than the actions' (1.1)",
        ),
        RowMapping(
            6,
            RowKind.ACTIVITY,
            "Book venues",
            "its reference '1.2.1' has more levels than the actions' (1.1): an activity of the "
            "action above",
        ),
        RowMapping(
            7,
            RowKind.OBJECTIVE,
            "To improve referrals",
            "its reference '2' has fewer levels than the actions' (1.1)",
        ),
        RowMapping(9, RowKind.HEADER, "", "the header row again: skipped"),
    )
    assert statuses(table) == [
        ("On Track", R, Status.ON_TRACK, 1),
        ("Not started", R, Status.NOT_STARTED, 1),  # the activity's own
        ("Complete & CSPI", R, Status.COMPLETE_ASSURED, 1),
        ("COMPLETED", R, Status.COMPLETE, 1),
    ]


def test_a_spanning_row_numbered_above_the_actions_level_is_an_objective():
    rows = [
        ["Ref", "Action", "Lead", "Date"],
        ["1. To establish systems for early help", "", "", ""],
        ["1.1", "Agree the assessment", "Head of Early Help", "March 2017"],
        ["1.2", "Train practitioners", "Workforce Lead", "April 2017"],
    ]
    data = word_document(["Plan"], [WordTable(rows, merges=[(1, 0, 1, 3)])])
    [table] = propose(data, "plan.docx").tables
    assert table.rows == (
        RowMapping(
            2,
            RowKind.OBJECTIVE,
            "1. To establish systems for early help",
            "'1. To establish systems for early help' spans the row, and its number 1 has fewer "
            "levels than the actions' (1.1): an objective",
        ),
    )


def test_statuses_by_category_number_read_with_the_documents_own_key():
    key = WordTable(
        [
            ["1", "Fully Achieved"],
            ["2", "On target"],
            ["3", "Partially achieved"],
            ["4", "Not achieved"],
        ],
        above=["Key to progress"],
    )
    tracker = WordTable(
        [
            [
                "Ref",
                "Recommendation",
                "Actions required",
                "Lead Officer(s)",
                "Date",
                "Current Status",
            ],
            ["R1", "Improve supervision", "Audit files", "Head of Service", "August 2015", "1"],
            ["R2", "Improve planning", "Review plans", "Service Manager", "Dec 2016", "2"],
            [
                "R3",
                "Improve recording",
                "Train staff",
                "Principal Social Worker",
                "Q3 2016/17",
                "3",
            ],
            ["R4", "Improve audit", "Monthly audits", "Head of Quality", "2012/13", "4"],
            ["R5", "Improve voice", "Survey children", "Participation Officer", "June 03", "1"],
            ["R6", "Improve access", "Open a hub", "Head of Service", "2017", "2 On target"],
        ],
        above=["Progress against the plan"],
    )
    mapping = propose(word_document(["Improvement Plan Progress Report"], [key, tracker]), "c.docx")
    assert mapping.title == "Improvement Plan Progress Report"
    first, second = mapping.tables
    assert (first.use, first.reason) == (
        False,
        "a key of the statuses: what it says each status means is used to read them",
    )
    assert second.use
    assert [c.meaning for c in second.columns][:3] == [
        Meaning.REFERENCE, Meaning.OBJECTIVE, Meaning.ACTION,
    ]  # fmt: skip
    assert statuses(second) == [
        ("1", L, Status.COMPLETE, 2),
        ("2", L, Status.ON_TRACK, 1),
        ("3", L, Status.AT_RISK, 1),
        ("4", L, Status.OFF_TRACK, 1),
        ("2 On target", L, Status.ON_TRACK, 1),
    ]
    assert second.statuses[0].reason == "'1' is 'Fully Achieved' in the document's key: complete"
    assert second.statuses[4].reason == "category 2, 'On target', reads as on track"


def test_statuses_by_the_first_word_of_the_progress_and_a_key_of_its_own_in_excel():
    sheet = Sheet(
        "Action plan",
        [
            ["Serious Incident Review Action Plan"],
            ["Key: Red – Off track, Amber – On track, Green – Complete"],
            [
                "No",
                "Recommendation",
                "Specific Actions",
                "Responsibility",
                "Target Date",
                "Assessment of progress",
            ],
            [
                "1",
                "Reminders",
                "Remind doctors",
                "Dr Ann Lee, Medical Director",
                "Oct 2016",
                "Complete: Medical Director has reminded all doctors",
            ],
            [
                "2",
                "Training",
                "Train ward staff",
                "Ward Manager",
                "Nov 2016",
                "On track - sessions booked",
            ],
            [
                "3",
                "Audit",
                "Audit notes",
                "Head of Nursing",
                "Dec 2016",
                "Off Track: awaiting funding",
            ],
            ["4", "Review", "Review policy", "Head of Nursing", "Jan 2017", "We have started work"],
        ],
    )
    rag = Sheet(
        "RAG",
        [
            ["Ref", "Action", "Lead", "Milestone", "RAG"],
            ["1.1", "Do it", "Director of Housing", "Apr 2017", "Amber"],
            ["1.2", "Do more", "Director of Housing", "Apr 2017", None],
            ["1.3", "Do most", "Director of Housing", "Apr 2017", None],
        ],
        fills={(2, 4): "0070C0", (3, 4): "00B0F0"},
    )
    mapping = propose(excel_workbook([sheet, rag]), "sir.xlsx")
    assert mapping.title == "Serious Incident Review Action Plan"
    first, second = mapping.tables
    assert (first.header_row, first.section) == (3, "Action plan")
    assert first.columns[5].meaning is Meaning.PROGRESS
    assert statuses(first) == [
        ("Complete", C, Status.COMPLETE, 1),
        ("On track", C, Status.ON_TRACK, 1),
        ("Off Track", C, Status.OFF_TRACK, 1),
    ]
    assert first.statuses[0].reason == (
        "no status column; the progress cell begins 'Complete': complete"
    )
    # The document's own key: its Amber means on track. Blue fills are complete.
    assert statuses(second) == [
        ("Amber", R, Status.ON_TRACK, 1),
        ("#0070C0", F, Status.COMPLETE, 1),
        ("#00B0F0", F, Status.COMPLETE, 1),
    ]
    assert second.statuses[0].reason == "'Amber' is 'On track' in the document's key: on track"
    assert second.statuses[1].reason == "#0070C0 is a shade trackers use for complete"


def test_blank_headers_are_read_by_their_cells_and_a_title_row_sits_above_the_header():
    sheet = Sheet(
        "Plan",
        [
            ["County Council Annual Delivery Plan 2016/17"],
            [],
            ["Ref", "Specific Actions", "Lead Officer(s)", None, None, "Success measures", ""],
            ["1", "Build homes", "Director of Housing", "August 2015", None, "100 homes", ""],
            ["2", "Let homes", "Head of Lettings", "Dec 2016", None, "All let", None],
            ["3", "Repair homes", "Repairs Manager", "End Oct 03", None, "Fewer repairs", None],
            ["4", "Sell homes", "Sales Manager", "From Oct 03", None, "Sold", None],
            ["5", "Count homes", "Director of Housing", "To be confirmed", None, "Counted", None],
        ],
        fills={(3, 4): "00B050", (4, 4): "FFC000", (5, 4): "FF0000", (6, 4): "0070C0"},
    )
    [table] = propose(excel_workbook([sheet]), "plan.xlsx").tables
    assert table.header_row == 3
    assert table.section == "County Council Annual Delivery Plan 2016/17"
    assert meanings(table) == [
        ("Ref", Meaning.REFERENCE, ""),
        ("Specific Actions", Meaning.ACTION, ""),
        ("Lead Officer(s)", Meaning.LEAD, ""),
        ("", Meaning.TIMESCALE, ""),
        ("", Meaning.STATUS, ""),
        ("Success measures", Meaning.EXTRA, "Success measures"),
        ("", Meaning.IGNORE, ""),
    ]
    assert reasons(table)[3:] == [
        "no header; 4 of 5 cells look like dates: timescale",
        "no header; 4 cells are coloured and hold no words: status",
        "header 'Success measures' is not one we know: kept as an extra field",
        "no header; nothing in any row",
    ]
    assert [s.meaning for s in table.statuses] == [
        Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.COMPLETE,
    ]  # fmt: skip


def test_the_number_inside_the_action_text_is_found_without_a_reference_column():
    rows = [
        ["What", "Who", "When"],
        ["1. To establish systems for referrals", "Head of MASH", "Dec 2016"],
        ["2. To improve the quality of plans", "Head of Service", "Jan 2017"],
        ["3. To hear the voice of the child", "Participation Officer", "Feb 2017"],
    ]
    [table] = propose(word_document(["Plan"], [WordTable(rows)]), "plan.docx").tables
    assert (table.use, table.number_in_text) == (True, True)
    assert table.columns[0].reason == (
        "header 'What' means action; no column of references, but 3 of 3 begin with their "
        "number ('1. To establish systems for referrals'): read as the reference"
    )


def test_a_table_split_over_pages_without_its_header_continues_the_one_before():
    header = ["No", "Action", "Lead", "Timescale", "Status"]
    first = WordTable([header, ["1", "Do it", "Director", "2017", "Green"]], above=["Section A"])
    second = WordTable([["2", "Do more", "Director", "2018", "Red"]])
    mapping = propose(word_document(["Council", "Plan"], [first, second]), "plan.docx")
    assert [table.use for table in mapping.tables] == [True, True]
    continued = mapping.tables[1]
    assert continued.header_row is None
    assert continued.reason.startswith("no header row: it continues table 1 (the same 5 columns)")
    assert continued.columns[0].reason == "as in table 1"
    assert continued.section == ""


def test_when_no_table_can_be_the_tracker_the_closest_is_named_with_why():
    people = WordTable([["Who?", "When?"], ["Director", "Monday"]])
    contacts = WordTable([["Name", "Telephone"], ["Ann", "0191 000 0000"]])
    mapping = propose(word_document(["Contacts"], [contacts, people]), "x.docx")
    assert not mapping.used
    assert mapping.closest == (
        "table 2 came closest: header row 1; its columns give lead, timescale; no column "
        "reads as the actions"
    )
    assert propose(word_document(["Only words"], []), "y.docx").closest == (
        "the document has no tables: a tracker's actions are rows of a table"
    )


def test_two_columns_of_one_meaning_keep_the_second_as_an_extra_field():
    rows = [
        ["No", "Action", "Progress October 2003", "Progress presented to Committee Dec 2017"],
        ["1", "Do it", "Started in the autumn", "Finished in the spring"],
    ]
    [table] = propose(word_document(["Plan"], [WordTable(rows)]), "plan.docx").tables
    assert meanings(table)[2:] == [
        ("Progress October 2003", Meaning.PROGRESS, ""),
        (
            "Progress presented to Committee Dec 2017",
            Meaning.EXTRA,
            "Progress presented to Committee Dec 2017",
        ),
    ]
    assert table.columns[3].reason == (
        "header 'Progress presented to Committee Dec 2017' means progress, but column 3 is "
        "already the progress: kept as an extra field 'Progress presented to Committee Dec 2017'"
    )


def test_a_merged_status_is_counted_once_and_a_merged_lead_is_not_read_twice():
    rows = [
        ["Ref", "Action", "Lead", "RAG"],
        ["1", "Do it", "Director of Housing", "Green"],
        ["2", "Do more", "", ""],
    ]
    data = word_document(["Plan"], [WordTable(rows, merges=[(1, 2, 2, 2), (1, 3, 2, 3)])])
    [table] = propose(data, "plan.docx").tables
    assert statuses(table) == [("Green", R, Status.ON_TRACK, 1)]
    assert table.columns[2].meaning is Meaning.LEAD


def test_an_unknown_status_and_an_unknown_colour_are_proposed_as_not_rated_with_why():
    rows = [["Ref", "Action", "Status"], ["1", "Do it", "Purple"], ["2", "Do more", ""]]
    data = word_document(["Plan"], [WordTable(rows, fills={(2, 2): "7030A0"})])
    [table] = propose(data, "plan.docx").tables
    assert table.statuses == (
        StatusMapping(
            "Purple",
            R,
            Status.NOT_RATED,
            "'Purple' is not a status we know: proposed as not rated",
            1,
        ),
        StatusMapping(
            "#7030A0",
            F,
            Status.NOT_RATED,
            "the colour #7030A0 is not one the key or the standard RAG shades use: proposed as "
            "not rated",
            1,
        ),
    )


def test_a_progress_column_whose_cells_begin_with_a_status_stays_progress():
    rows = [
        ["No", "Action", "Progress October 2003"],
        ["1", "Do it", "Complete: the panel met in May"],
        ["2", "Do more", "On track - sessions booked"],
    ]
    [table] = propose(word_document(["Plan"], [WordTable(rows)]), "plan.docx").tables
    assert table.columns[2].meaning is Meaning.PROGRESS
    assert statuses(table) == [
        ("Complete", C, Status.COMPLETE, 1),
        ("On track", C, Status.ON_TRACK, 1),
    ]


@pytest.mark.parametrize(
    ("lines", "title"),
    [
        (
            ["Children's Services Improvement Action Tracker"],
            "Children's Services Improvement Action Tracker",
        ),
        (
            ["Sunderland City Council", "Learning and Improvement Plan", "(Updated March 2021)"],
            "Learning and Improvement Plan",
        ),
        (
            ["Action Tracker", "This tracker records the actions agreed after the inspection."],
            "Action Tracker",
        ),
        (["Council", "Business Plan", "Standard 1 - Referrals"], "Business Plan"),
        ([], "trust action plan"),
    ],
)
def test_the_title_is_read_from_the_lines_above_the_table_else_the_files_name(lines, title):
    table = WordTable([["Ref", "Action"], ["1", "Do it"]])
    assert propose(word_document(lines, [table]), "trust_action-plan.docx").title == title


def test_a_sheet_without_title_rows_is_named_by_its_file_not_by_a_section_row():
    rows = [["Ref", "Action", "Lead"], ["Priority 1 - Housing"], ["1", "Do it", "Director"]]
    sheet = Sheet("Plan", rows)
    mapping = propose(excel_workbook([sheet]), "housing plan.xlsx")
    assert mapping.title == "housing plan"
    assert mapping.tables[0].rows[0].kind is RowKind.SECTION
