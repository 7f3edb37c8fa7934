"""The Word board pack: the example's structure, on landscape A4, opened by LibreOffice."""

import io

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm

from improvement_tracker.documents.colours import STATUS_FILLS
from improvement_tracker.documents.exporters.docx import ACTION_HEADER, write_docx
from tests.documents.exporters.conftest import libreoffice_convert, squeezed


def test_the_pack_follows_the_example_on_landscape_a4(board_document):
    word = docx.Document(io.BytesIO(write_docx(board_document)))
    section = word.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    # Word keeps sizes in twentieths of a point: within a millimetre of A4.
    assert abs(section.page_width - Mm(297)) < Mm(1)
    assert abs(section.page_height - Mm(210)) < Mm(1)
    paragraphs = [p.text for p in word.paragraphs]
    assert paragraphs[:3] == [
        "Together for Children",
        "Learning and Improvement Plan 2020 – 2021",
        "(Updated October 2020)",
    ]
    for heading in ["Table 1", "Table 2", *(d.title for d in board_document.domains)]:
        assert heading in paragraphs
    key, table1, table2, *domains = word.tables
    assert [[cell.text for cell in row.cells] for row in key.rows] == [
        ["Status", "What it means in this plan", "Meaning", "Colour"],
        ["Red", "Agreed date passed - action not complete.", "off track", "red"],
        ["Amber", "Action not on target for completion by agreed date.", "at risk", "orange"],
        ["Green", "Action on target to be completed by the agreed date.", "on track", "green"],
        ["Completed", "Action complete.", "complete", "blue"],
    ]
    assert table1.rows[0].cells[0].text == "Current Status"
    assert table2.rows[0].cells[0].text == "Priority Actions"
    assert len(domains) == len(board_document.domains)


def test_each_domain_header_repeats_and_status_cells_carry_colour_and_word(board_document):
    word = docx.Document(io.BytesIO(write_docx(board_document)))
    domain_tables = word.tables[3:]
    for table, domain in zip(domain_tables, board_document.domains, strict=True):
        header = table.rows[0]
        assert [cell.text for cell in header.cells] == ACTION_HEADER
        assert header._tr.trPr.find(qn("w:tblHeader")) is not None
        for row, action in zip(table.rows[1:], domain.actions, strict=True):
            status_cell = row.cells[4]
            assert status_cell.text == action.status.label
            shading = status_cell._tc.tcPr.find(qn("w:shd"))
            fill = None if shading is None else shading.get(qn("w:fill"))
            assert fill == STATUS_FILLS.get(action.status)
            expected = f"*{action.text}" if action.high_priority else action.text
            assert row.cells[1].text == expected


def test_libreoffice_opens_the_pack_and_its_text_has_every_action(board_document, tmp_path):
    path = tmp_path / "board-pack.docx"
    path.write_bytes(write_docx(board_document))
    text = squeezed(libreoffice_convert(path, "txt:Text", tmp_path).read_text(encoding="utf-8-sig"))
    for domain in board_document.domains:
        assert squeezed(domain.title) in text
        for action in domain.actions:
            assert squeezed(action.text) in text, action.number
            assert squeezed(action.progress) in text, action.number
