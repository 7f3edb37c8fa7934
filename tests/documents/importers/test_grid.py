"""Any Word or Excel file read as a neutral grid: its title, its tables, and merged cells
read as a person sees them, each covered cell marked so nothing counts twice."""

import datetime as dt
import io
import zipfile

import pytest

from improvement_tracker.documents.importers.grid import GridCell, read_grid_bytes
from improvement_tracker.plans.plan_document import ImportProblem
from tests.documents import hostile
from tests.documents.family import Sheet, WordTable, excel_workbook, word_document


def texts(table):
    return [[cell.text for cell in row] for row in table.rows]


def test_a_word_document_is_its_title_lines_and_its_tables_with_the_headings_above_them():
    data = word_document(
        ["Safeguarding Board", "Business Plan 2016-17"],
        [
            WordTable([["Ref", "Action"], ["1.1", "Audit referrals\nand report"]]),
            WordTable([["Ref", "Action"], ["2.1", "Train staff"]], above=["Standard 2 - Training"]),
        ],
    )
    grid = read_grid_bytes(data, name="plan.docx")
    assert grid.kind == "docx"
    assert grid.title_lines == ["Safeguarding Board", "Business Plan 2016-17"]
    assert [table.name for table in grid.tables] == ["table 1", "table 2"]
    assert grid.tables[0].above == ["Safeguarding Board", "Business Plan 2016-17"]
    assert grid.tables[1].above == ["Standard 2 - Training"]
    assert texts(grid.tables[0]) == [["Ref", "Action"], ["1.1", "Audit referrals\nand report"]]


def test_word_cells_merged_down_and_across_show_their_text_in_every_cell_they_cover():
    rows = [
        ["No", "Action", "Lead", "RAG"],
        ["PRIORITY 1a Early Help and Prevention", "", "", ""],
        ["1", "Set up the panel", "Head of Early Help", "Green"],
        ["2", "Review thresholds", "", "Amber"],
    ]
    table = WordTable(rows, merges=[(1, 0, 1, 3), (2, 2, 3, 2)], fills={(3, 3): "FFC000"})
    grid = read_grid_bytes(word_document(["Plan"], [table]), name="plan.docx")
    read = grid.tables[0]
    assert read.rows[1] == [
        GridCell("PRIORITY 1a Early Help and Prevention"),
        *[GridCell("PRIORITY 1a Early Help and Prevention", merged="across")] * 3,
    ]
    assert read.rows[2][2] == GridCell("Head of Early Help")
    assert read.rows[3][2] == GridCell("Head of Early Help", merged="down")
    assert read.rows[3][2].own_text == ""
    assert read.rows[3][3] == GridCell("Amber", "FFC000")


def test_excel_sheets_are_tables_and_merged_ranges_cover_their_cells():
    sheet = Sheet(
        "Delivery plan",
        [
            ["Annual Delivery Plan 2016/17"],
            ["Ref", "Action", "Lead Officer(s)", "RAG"],
            ["Priority 1 - Housing"],
            ["1.1", "Build homes", "Director of Housing", None],
            ["1.2", "Let homes", None, "Complete"],
        ],
        fills={(3, 3): "0070C0"},
        merges=["A3:D3", "C4:C5"],
    )
    grid = read_grid_bytes(excel_workbook([sheet]), name="plan.xlsx")
    assert grid.kind == "xlsx"
    [table] = grid.tables
    assert (table.name, table.sheet) == ("sheet 'Delivery plan'", "Delivery plan")
    assert table.rows[2] == [
        GridCell("Priority 1 - Housing"),
        *[GridCell("Priority 1 - Housing", merged="across")] * 3,
    ]
    assert table.rows[3][3] == GridCell("", "0070C0")
    assert table.rows[4][2] == GridCell("Director of Housing", merged="down")
    assert table.rows[0] == [GridCell("Annual Delivery Plan 2016/17")]


def test_excel_dates_read_as_the_plans_write_them():
    sheet = Sheet("Plan", [["Ref", "Target Date"], ["1", dt.date(2017, 3, 31)]])
    grid = read_grid_bytes(excel_workbook([sheet]), name="plan.xlsx")
    assert grid.tables[0].rows[1][1].text == "31/03/2017"


def test_a_file_of_another_kind_is_refused_with_the_kinds_a_mapping_can_be_proposed_for():
    with pytest.raises(ImportProblem) as refused:
        read_grid_bytes(b"No,Action\n1,Do it\n", name="plan.txt")
    assert str(refused.value) == (
        "plan.txt: a mapping can be proposed only for .csv, .docx and .xlsx files, not '.txt'."
    )


OFFICE_HOSTILE = [
    (label, entry)
    for label, entry in hostile.HOSTILE.items()
    if entry[0].endswith((".docx", ".xlsx"))
]


@pytest.mark.parametrize(("label", "entry"), OFFICE_HOSTILE, ids=[n for n, _ in OFFICE_HOSTILE])
def test_a_hostile_file_is_refused_by_the_grid_readers_as_by_the_importers(label, entry):
    name, make, message = entry
    with pytest.raises(ImportProblem) as refused:
        read_grid_bytes(make(), name=name)
    assert str(refused.value).startswith(message)


def test_word_cells_spanning_many_columns_are_counted_against_the_cells_limit():
    """2,000 cells each spanning 63 columns would be 126,000 cells: refused, not built."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="63"/></w:tcPr><w:p/></w:tc>'
    rows = ("<w:tr>" + cell * 20 + "</w:tr>") * 100
    xml = f"<w:document {w}><w:body><w:tbl>{rows}</w:tbl></w:body></w:document>"
    source = word_document(["Plan"], [WordTable([["Ref", "Action"]])])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as given, zipfile.ZipFile(out, "w") as made:
        for entry in given.infolist():
            body = xml.encode() if entry.filename == "word/document.xml" else given.read(entry)
            made.writestr(entry, body, zipfile.ZIP_DEFLATED)
    with pytest.raises(ImportProblem) as refused:
        read_grid_bytes(out.getvalue(), name="spans.docx")
    assert str(refused.value).startswith("spans.docx: the file holds more than 100,000 cells")
