"""The statuses proposed for trackers of issue 19's family: words, letters, category numbers
with the document's own key, the first words of the progress, and fills, blue included."""

import pytest

from improvement_tracker.documents.importers.mapping import Meaning, StatusMapping
from improvement_tracker.documents.importers.status_words import DocumentKey
from improvement_tracker.plans.rag import Status
from tests.documents.family import Sheet, WordTable, excel_workbook, word_document
from tests.documents.importers.test_proposal import C, F, L, R, propose, statuses


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


def test_fills_are_read_by_the_colour_words_of_the_documents_own_key():
    """One NHS trust's key: its Amber is on track, its Green complete, its Blue embedded."""
    lines = [
        "Northshire NHS Foundation Trust",
        "Serious Incident Review – Action Plan",
        "RAG key: Red – Not started, Amber – On track, Green – Complete, Blue – Complete and "
        "embedded",
    ]
    rows = [
        ["Action Plan", "", "", "", "", ""],
        ["No", "Recommendation", "Action", "Lead", "Target Date", "RAG"],
        ["1", "Improve handover", "Introduce SBAR", "Dr Ann Lee, Clinical Director", "Oct 03", ""],
        ["2", "", "Audit handovers", "Matron, Ward 3", "Dec 2016", ""],
        ["3", "Improve escalation", "Revise the policy", "Head of Nursing", "To be confirmed", ""],
    ]
    fills = {(2, 5): "00B050", (3, 5): "FFC000", (4, 5): "0070C0"}
    table = WordTable(rows, merges=[(0, 0, 0, 5), (2, 1, 3, 1)], fills=fills)
    mapping = propose(word_document(lines, [table]), "nhs.docx")
    assert mapping.title == "Serious Incident Review – Action Plan"
    [proposed] = mapping.tables
    assert proposed.header_row == 2
    assert statuses(proposed) == [
        ("#00B050", F, Status.COMPLETE, 1),
        ("#FFC000", F, Status.ON_TRACK, 1),
        ("#0070C0", F, Status.COMPLETE_ASSURED, 1),
    ]
    assert proposed.statuses[1].reason == (
        "#FFC000 is amber, which the document's key calls 'On track': on track"
    )


@pytest.mark.parametrize(
    "line",
    [
        "Key: 1 Fully Achieved 2 On target 3 Some slippage 4 Not achieved",
        "Key: 1 Fully Achieved  2 On target  3 Some slippage  4 Not achieved",
        "1 = Fully Achieved; 2 = On target; 3 = Some slippage; 4 = Not achieved",
        "KEY 1. Fully Achieved, 2. On target, 3. Some slippage, 4. Not achieved",
    ],
)
def test_a_category_key_written_on_one_line_gives_each_number_its_own_meaning(line):
    """A key typed in one cell, however its entries are separated: '1' is fully achieved
    (complete), not the whole line, whose 'Not achieved' would make it off track."""
    key = DocumentKey()
    key.learn_lines([line])
    assert {label: meaning for label, (meaning, _) in key.labels.items()} == {
        "1": Status.COMPLETE,
        "2": Status.ON_TRACK,
        "3": Status.AT_RISK,
        "4": Status.OFF_TRACK,
    }
    assert key.labels["1"][1] == "Fully Achieved"


def test_a_colour_key_written_on_one_line_without_separators_is_read_entry_by_entry():
    key = DocumentKey()
    key.learn_lines(["Key: Blue – Complete Green – On track Amber – Some slippage Red – Late"])
    assert {label: meaning for label, (meaning, _) in key.labels.items()} == {
        "blue": Status.COMPLETE,
        "green": Status.ON_TRACK,
        "amber": Status.AT_RISK,
        "red": Status.OFF_TRACK,
    }


def test_an_excel_category_key_in_one_cell_above_the_header_reads_each_category():
    sheet = Sheet(
        "Delivery Plan",
        [
            ["Annual Delivery Plan 2016/17"],
            ["Key: 1 Fully Achieved 2 On target 3 Some slippage 4 Not achieved"],
            ["NOS", "What?", "Who?", "When?", "RAG rating"],
            ["1.1", "Single front door", "Head of Early Help", "August 2015", "1"],
            ["1.2", "Family hubs", "Hubs Manager", "Mar 2017", "2"],
            ["2.1", "Audit meetings", "Principal Social Worker", "Q3 2016/17", "3"],
            ["2.2", "Training", "LSCB Manager", "From Oct 03", "4"],
        ],
    )
    mapping = propose(excel_workbook([sheet]), "plan.xlsx")
    found = {entry.found: entry.meaning for entry in mapping.tables[0].statuses}
    assert found == {
        "1": Status.COMPLETE,
        "2": Status.ON_TRACK,
        "3": Status.AT_RISK,
        "4": Status.OFF_TRACK,
    }
