"""The PDF board pack: what pdftotext reads from it holds every action and both tables,
each page of a domain's table starts with its header row, and the HTML it is laid out
from writes every status as a word and escapes the plan's text."""

import copy
import subprocess

from lxml import html as lxml_html

from improvement_tracker.documents.colours import STATUS_FILLS, STATUS_TEXT
from improvement_tracker.documents.exporters.pdf import board_pack_html, write_pdf
from improvement_tracker.plans.rag import Status
from tests.documents.exporters.conftest import squeezed
from tests.tools import require_tool

ACTION_HEADER = squeezed(
    "NO *ACTION LEAD TIMESCALE/ DEADLINE **STATUS PROGRESS UPDATE & ANY EVIDENCE OF IMPACT"
)


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


def test_every_font_in_the_pdf_is_the_board_packs_sans_serif(board_document, tmp_path):
    # The page footer is laid out outside the body: it once came out in DejaVu Serif.
    pdffonts = require_tool("pdffonts")
    path = tmp_path / "board-pack.pdf"
    path.write_bytes(write_pdf(board_document))
    listing = subprocess.run(  # noqa: S603 - fixed arguments, our own temporary file
        [pdffonts, str(path)], capture_output=True, text=True, check=True
    ).stdout
    fonts = [line.split()[0].split("+")[-1] for line in listing.splitlines()[2:]]
    assert fonts
    assert all(font.startswith("Liberation-Sans") for font in fonts), fonts


def test_every_page_of_the_domain_tables_starts_with_the_header_row(board_document, tmp_path):
    pdftotext = require_tool("pdftotext")
    path = tmp_path / "board-pack.pdf"
    path.write_bytes(write_pdf(board_document))
    text = subprocess.run(  # noqa: S603 - fixed arguments, our own temporary file
        [pdftotext, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")[:-1]  # pdftotext ends every page with a form feed
    first_domain = squeezed(board_document.domains[0].title)
    start = next(n for n, page in enumerate(pages) if first_domain in squeezed(page))
    table_pages = pages[start:]
    # The example's first domain alone runs over several pages, so the header must repeat.
    assert len(table_pages) > len(board_document.domains)
    for number, page in enumerate(table_pages, start=start + 1):
        assert ACTION_HEADER in squeezed(page), f"page {number} has no header row"
        assert f"Page {number} of {len(pages)}" in page
    # A page that continues a table starts with the header, before any action.
    for page in table_pages:
        if not any(squeezed(domain.title) in squeezed(page) for domain in board_document.domains):
            assert squeezed(page).startswith(ACTION_HEADER)


def test_board_pack_writes_each_status_as_a_word_with_its_colour(board_document):
    page = lxml_html.fromstring(board_pack_html(board_document))
    rows = page.xpath("//table[contains(@class, 'actions')]/tbody/tr")
    actions = [action for domain in board_document.domains for action in domain.actions]
    assert len(rows) == len(actions)
    for row, action in zip(rows, actions, strict=True):
        cell = row.xpath("td")[4]
        assert cell.text_content() == action.status.label
        assert f"status-{action.status.value}" in cell.get("class").split()
    style = page.xpath("//style")[0].text
    for status in Status:
        fill, text = STATUS_FILLS.get(status, "FFFFFF"), STATUS_TEXT[status]
        rule = f".status-{status.value} {{ background: #{fill}; color: #{text}; }}"
        assert rule in style


def test_board_pack_escapes_the_plans_text(board_document):
    document = copy.deepcopy(board_document)
    hostile = "<script>alert(\"x\")</script> & <b>bold</b> 'quoted'"
    domain = document.domains[0]
    domain.title = f"Domain {hostile}"
    action = domain.actions[0]
    action.text, action.lead, action.timescale = hostile, hostile, hostile
    action.progress = f"{hostile}\nsecond line"
    action.high_priority = False
    written = board_pack_html(document)
    assert "<script>" not in written
    assert "<b>" not in written
    page = lxml_html.fromstring(written)
    assert domain.title in [h2.text_content() for h2 in page.xpath("//h2")]
    cells = [td.text_content() for td in page.xpath("//table[contains(@class, 'actions')]//td")]
    assert cells[1:4] == [hostile, hostile, hostile]
    assert cells[5] == f"{hostile}\nsecond line"
