"""The PDF board pack: what pdftotext reads from it holds every action and both tables."""

import subprocess

from improvement_tracker.documents.exporters.pdf import write_pdf
from tests.documents.exporters.conftest import squeezed
from tests.tools import require_tool


def test_pdf_text_has_every_action_and_both_tables(board_document, tmp_path):
    pdftotext = require_tool("pdftotext")
    path = tmp_path / "board-pack.pdf"
    path.write_bytes(write_pdf(board_document))
    assert path.read_bytes().startswith(b"%PDF")
    text = subprocess.run(  # noqa: S603 - fixed arguments, our own temporary file
        [pdftotext, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Learning and Improvement Plan 2020 – 2021" in text
    assert "(Updated October 2020)" in text
    squeezed_text = squeezed(text)
    for table in ("Table1:currentstatusofallactionsbydomain", "Table2:highpriorityactionsbystatus"):
        assert table in squeezed_text.replace("Table 1", "Table1")
    for row in ("CurrentStatus", "PriorityActions", "Totals"):
        assert row in squeezed_text
    for domain in board_document.domains:
        assert squeezed(domain.title) in squeezed_text
        for action in domain.actions:
            assert squeezed(action.text) in squeezed_text, action.number
            assert squeezed(action.progress) in squeezed_text, action.number
            assert squeezed(action.lead) in squeezed_text, action.number


def test_pdf_is_landscape_a4(board_document, tmp_path):
    pdfinfo = require_tool("pdfinfo")
    path = tmp_path / "board-pack.pdf"
    path.write_bytes(write_pdf(board_document))
    info = subprocess.run(  # noqa: S603 - fixed arguments, our own temporary file
        [pdfinfo, str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert "841.89 x 595.276 pts (A4)" in info
