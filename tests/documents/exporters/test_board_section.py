"""A board pack's own section in every format (issue 20): what changed since the last board,
a change a row, and each trend chart as a picture (SVG in the PDF, PNG in Word) with its
numbers as a table; Excel and CSV get the changes and the numbers. Built from hand-made
values: the section is the exporters' to write, whoever works it out."""

import copy
import csv
import datetime as dt
import io
import struct
import zlib

import docx
from openpyxl import load_workbook

from improvement_tracker.documents.exporters.board import (
    CHANGE_HEADER,
    CHANGES_HEADING,
    NO_CHANGES,
    change_cells,
)
from improvement_tracker.documents.exporters.csv import write_csv
from improvement_tracker.documents.exporters.docx import write_docx
from improvement_tracker.documents.exporters.pdf import board_pack_data, write_pdf
from improvement_tracker.documents.exporters.xlsx import write_xlsx
from improvement_tracker.plans.changes import Change, ChangeKind
from improvement_tracker.plans.plan_document import BoardSection, TrendChart
from tests.documents.exporters.conftest import libreoffice_convert, squeezed
from tests.documents.exporters.test_pdf import pdf_text

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
    '<rect x="0" y="10" width="60" height="20" fill="#d4351c"/>'
    '<rect x="60" y="10" width="40" height="20" fill="#f47738"/></svg>'
)


def tiny_png(width: int = 4, height: int = 2) -> bytes:
    """A real PNG, red pixels, written by hand: signature, header, data and end chunks."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = b"".join(b"\x00" + b"\xd4\x35\x1c" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(pixels))
        + chunk(b"IEND", b"")
    )


CHANGES = [
    Change(
        domain="Help and Protection",
        reference="1.2",
        kind=ChangeKind.STATUS_WORSE,
        before="Amber",
        after="Red",
        words="Amber → Red (worse)",
    ),
    Change(
        domain="Children in Care",
        reference="C4",
        kind=ChangeKind.TIMESCALE_MOVED,
        before="31/12/2026",
        after="31/03/2027",
        words="=Timescale moved 90 days later",  # a formula it must never become
    ),
]
CHART = TrendChart(
    title="Status of all actions at each board",
    svg=SVG,
    png=tiny_png(),
    headers=("Board date", "Red", "Amber", "Green"),
    rows=(("21 October 2026", "3", "14", "27"), ("18 November 2026", "5", "12", "29")),
)


def with_board(document, *, changes=CHANGES, charts=(CHART,), since=dt.date(2026, 10, 21)):
    document = copy.deepcopy(document)
    document.board = BoardSection(
        board_date=dt.date(2026, 11, 18), since=since, changes=list(changes), charts=list(charts)
    )
    return document


PERIOD = "From the board of 21 October 2026 to the board of 18 November 2026."


def table_texts(table):
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_word_has_the_changes_a_row_each_and_the_chart_as_a_described_picture_with_its_table(
    board_document,
):
    word = docx.Document(io.BytesIO(write_docx(with_board(board_document))))
    paragraphs = [p.text for p in word.paragraphs]
    start = paragraphs.index(CHANGES_HEADING)
    assert paragraphs[start + 1] == PERIOD
    assert paragraphs.index("Trends") > start
    # Before the domains: a board reads what moved first.
    assert start < paragraphs.index(board_document.domains[0].title)
    tables = [table_texts(table) for table in word.tables]
    changes = next(table for table in tables if table[0] == CHANGE_HEADER)
    assert changes[1:] == [change_cells(change) for change in CHANGES]
    assert changes[2][2] == "Timescale moved"
    numbers = next(table for table in tables if table[0] == list(CHART.headers))
    assert numbers[1:] == [list(row) for row in CHART.rows]
    (picture,) = word.inline_shapes
    assert picture._inline.graphic.graphicData.pic.blipFill is not None
    described = picture._inline.docPr
    assert described.get("descr") == f"{CHART.title}. The same figures are in the table below."
    image_part = word.part.related_parts[
        picture._inline.graphic.graphicData.pic.blipFill.blip.embed
    ]
    assert image_part.blob == CHART.png


def test_libreoffice_reads_the_words_sections_text(board_document, tmp_path):
    path = tmp_path / "board-pack.docx"
    path.write_bytes(write_docx(with_board(board_document)))
    text = squeezed(libreoffice_convert(path, "txt:Text", tmp_path).read_text(encoding="utf-8-sig"))
    for words in [CHANGES_HEADING, PERIOD, "Amber → Red (worse)", CHART.title, "18 November 2026"]:
        assert squeezed(words) in text, words


def test_pdf_has_the_changes_the_chart_and_its_numbers(board_document, tmp_path):
    text = squeezed(pdf_text(write_pdf(with_board(board_document)), tmp_path))
    for words in [
        CHANGES_HEADING,
        PERIOD,
        "Help and Protection",
        "Status worse",
        "Amber → Red (worse)",
        "=Timescale moved 90 days later",
        "Trends",
        CHART.title,
        "18 November 2026 5 12 29",
    ]:
        assert squeezed(words) in text, words
    # The section comes before the domains' tables.
    assert text.index(squeezed(CHANGES_HEADING)) < text.index(
        squeezed(board_document.domains[0].title), text.index(squeezed(CHART.title))
    )
    data = board_pack_data(with_board(board_document))
    assert data["board"]["charts"][0]["svg"] == SVG
    assert data["board"]["charts"][0]["caption"].startswith(CHART.title)


def test_a_first_pack_with_nothing_changed_says_so_in_every_format(board_document, tmp_path):
    document = with_board(board_document, changes=[], charts=[], since=None)
    first = "The board of 18 November 2026 is the first this plan has a pack for"
    word = [p.text for p in docx.Document(io.BytesIO(write_docx(document))).paragraphs]
    assert NO_CHANGES in word
    assert any(p.startswith(first) for p in word)
    assert "Trends" not in word
    pdf = squeezed(pdf_text(write_pdf(document), tmp_path))
    assert squeezed(NO_CHANGES) in pdf
    assert squeezed(first) in pdf
    workbook = load_workbook(io.BytesIO(write_xlsx(document)))
    assert workbook["What changed"]["A5"].value == NO_CHANGES
    assert "Trends" not in workbook.sheetnames
    rows = list(csv.reader(io.StringIO(write_csv(document).decode("utf-8-sig"))))
    assert rows[-3:] == [
        [CHANGES_HEADING],
        [f"{first}: there is no earlier board to compare with."],
        [NO_CHANGES],
    ]


def test_excel_has_a_changes_sheet_and_the_charts_numbers(board_document):
    workbook = load_workbook(io.BytesIO(write_xlsx(with_board(board_document))))
    domains = [d.label for d in board_document.domains]
    assert workbook.sheetnames == ["Summary", *domains, "What changed", "Trends"]
    sheet = workbook["What changed"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == CHANGES_HEADING
    assert values[1][0] == PERIOD
    assert values[3] == CHANGE_HEADER
    assert values[4:] == [change_cells(change) for change in CHANGES]
    assert sheet["F6"].data_type == "s"  # "=Timescale…" stays text
    assert sheet.auto_filter.ref == "A4:F6"
    trends = [[c for c in row if c is not None] for row in workbook["Trends"].values]
    assert trends[:4] == [
        [CHART.title],
        list(CHART.headers),
        ["21 October 2026", 3, 14, 27],
        ["18 November 2026", 5, 12, 29],
    ]


def test_csv_has_the_changes_after_the_actions(board_document):
    plain = write_csv(board_document)
    data = write_csv(with_board(board_document))
    assert data.startswith(plain)  # the actions as ever, then the section
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[-6:] == [
        [],
        [CHANGES_HEADING],
        [PERIOD],
        CHANGE_HEADER,
        change_cells(CHANGES[0]),
        [*change_cells(CHANGES[1])[:5], "'=Timescale moved 90 days later"],
    ]


def test_a_document_without_a_board_has_no_board_section(board_document):
    """Every other export is written as before (ADR 0058 says how that was checked)."""
    assert board_document.board is None
    word = docx.Document(io.BytesIO(write_docx(board_document)))
    assert CHANGES_HEADING not in [p.text for p in word.paragraphs]
    assert not word.inline_shapes
    workbook = load_workbook(io.BytesIO(write_xlsx(board_document)))
    assert workbook.sheetnames == ["Summary", *(d.label for d in board_document.domains)]
    assert CHANGES_HEADING not in write_csv(board_document).decode("utf-8-sig")
    assert "board" not in board_pack_data(board_document)
