"""The Excel and CSV importers: generous headers, real dates, fills, letters, encodings."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook
from openpyxl.styles import Color, PatternFill

from improvement_tracker.documents.importers import read_plan_bytes
from improvement_tracker.plans.plan_document import ImportProblem
from improvement_tracker.plans.rag import Status
from tests.documents.builders import csv_tracker, excel_tracker

ROWS = [
    {
        "Ref": 1,
        "Description": "*Review the front door – with “partners”.",
        "Owner": "Head of Service",
        "Due": dt.date(2021, 3, 31),  # a real Excel date
        "RAG": "G",
        "Comments": "On track.\nSecond line.",
        "Theme": "Help and Protection",
    },
    {
        "Ref": 2,
        "Description": "Audit repeat plans.",
        "Owner": "Director",
        "Due": "Quarterly from 01/12/2019",
        "RAG": None,  # the status is only the fill
        "Comments": "",
        "Theme": "Help and Protection",
    },
    {
        "Ref": 1,
        "Description": "Strengthen governance.",
        "Owner": "CEx",
        "Due": "31/02/2021",
        "RAG": "Completed",
        "Comments": "Done.",
        "Theme": "Leadership",
    },
]


def read(data: bytes, name: str):
    return read_plan_bytes(data, name=name)


def test_an_excel_tracker_with_fills_and_real_dates_is_read():
    data = excel_tracker(ROWS, fills={1: "FF0000"}, above_header=["Council", "Plan 2021"])
    document = read(data, "tracker.xlsx")
    assert (document.organisation, document.title) == ("Council", "Plan 2021")
    assert [(d.label, len(d.actions)) for d in document.domains] == [
        ("Help and Protection", 2),
        ("Leadership", 1),
    ]
    first, second = document.domains[0].actions
    assert first.text == "Review the front door – with “partners”."
    assert first.high_priority is True
    assert first.timescale == "31/03/2021"
    assert first.status is Status.ON_TRACK
    assert first.progress == "On track.\nSecond line."
    assert second.status is Status.OFF_TRACK  # from the fill alone
    assert second.timescale == "Quarterly from 01/12/2019"
    assert any("February 2021 has 28 days" in warning for warning in document.warnings)


def test_status_letters_words_and_a_priority_column_are_read():
    rows = [
        {"No": n, "Action": f"Action {n}", "Status": status, "High priority": priority}
        for n, (status, priority) in enumerate(
            [("R", "Yes"), ("a", "no"), ("Green", ""), ("C", "Y"), ("", "maybe")], start=1
        )
    ]
    document = read(excel_tracker(rows), "letters.xlsx")
    actions = document.domains[0].actions
    assert [a.status for a in actions] == [
        Status.OFF_TRACK,
        Status.AT_RISK,
        Status.ON_TRACK,
        Status.COMPLETE,
        Status.NOT_RATED,
    ]
    assert [a.high_priority for a in actions] == [True, False, False, True, False]
    assert any(
        "letters.xlsx, sheet 'Tracker', cell D6: 'maybe' in the priority column" in warning
        for warning in document.warnings
    )


def test_a_theme_colour_fill_is_resolved_through_the_workbook_theme():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["No", "Action", "Status"])
    sheet.append([1, "Do it", None])
    # Theme colour 6 is accent 3: green (9BBB59) in the theme openpyxl writes, while
    # the same index is grey in Office's newer default: the workbook's theme decides.
    sheet["C2"].fill = PatternFill(fill_type="solid", fgColor=Color(theme=6, tint=0.0))
    out = io.BytesIO()
    workbook.save(out)
    document = read(out.getvalue(), "theme.xlsx")
    assert document.domains[0].actions[0].status is Status.ON_TRACK


def test_merged_domain_cells_cover_every_row_they_span():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Domain", "No", "Action"])
    sheet.append(["Leadership", 1, "One"])
    sheet.append([None, 2, "Two"])
    sheet.merge_cells("A2:A3")
    out = io.BytesIO()
    workbook.save(out)
    document = read(out.getvalue(), "merged.xlsx")
    assert [(d.label, len(d.actions)) for d in document.domains] == [("Leadership", 2)]


def test_an_error_cell_is_warned_as_unreadable():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["No", "Action", "Lead"])
    sheet.append([1, "Do it", "#REF!"])
    sheet["C2"].data_type = "e"
    out = io.BytesIO()
    workbook.save(out)
    document = read(out.getvalue(), "errors.xlsx")
    assert document.domains[0].actions[0].lead == ""
    assert "errors.xlsx, sheet 'Sheet', cell C2: the cell shows the error #REF!" in (
        "\n".join(document.warnings)
    )


CSV_ROWS = [
    ["Area", "Number", "Action", "Responsible", "Deadline", "Status", "Update"],
    ["Help", "1", "Café review – “quoted”", "Director", "31/03/2021", "Amber", "Going, slowly"],
    ["Help", "2", "*Second", "Head", "2021", "", "Line one\nline two"],
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "windows-1252"])
def test_csv_is_read_in_utf8_with_or_without_bom_and_in_windows_1252(encoding):
    document = read(csv_tracker(CSV_ROWS, encoding=encoding), "tracker.csv")
    first, second = document.domains[0].actions
    assert first.text == "Café review – “quoted”"
    assert first.status is Status.AT_RISK
    assert first.progress == "Going, slowly"
    assert (second.text, second.high_priority, second.status) == ("Second", True, Status.NOT_RATED)
    assert second.progress == "Line one\nline two"
    cp1252_warned = any("read as Windows-1252" in warning for warning in document.warnings)
    assert cp1252_warned is (encoding == "windows-1252")


def test_csv_separated_by_semicolons_is_read():
    document = read(csv_tracker(CSV_ROWS, delimiter=";"), "semi.csv")
    assert [a.number for a in document.domains[0].actions] == ["1", "2"]


def test_csv_title_comes_from_the_file_name_with_a_warning():
    document = read(csv_tracker(CSV_ROWS), "improvement-plan_2021.csv")
    assert document.title == "improvement plan 2021"
    assert "the file's name is used" in document.warnings[0]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [["Name", "Thing"], ["1", "x"]],
            "bad.csv: no row has a recognisable header row in its first 30 rows: a header row "
            "needs at least a number column (No, Ref or Number) and an action column",
        ),
        (
            [["No", "Action"], ["one & two", "x"]],
            "bad.csv, row 2, column 1: 'one & two' is not an action number (up to 20 letters, "
            "digits, full stops, hyphens and brackets, such as 12, 1.2 or C1.1.1)",
        ),
        (
            [["No", "Action"], ["1", "x"], ["1", "y"]],
            "bad.csv, row 3: action 1 appears twice in 'bad.csv' (first at row 2).",
        ),
        ([["No", "Action"]], "bad.csv: no row of actions was found under the header."),
    ],
)
def test_bad_csv_names_the_place_and_the_problem(rows, message):
    with pytest.raises(ImportProblem) as raised:
        read(csv_tracker(rows), "bad.csv")
    assert str(raised.value).startswith(message)


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_refused():
    with pytest.raises(ImportProblem, match="line 2: the text is neither UTF-8 nor Windows-1252"):
        read(b"No,Action\n1,\x81\x8d\n", "odd.csv")
