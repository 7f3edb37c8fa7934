"""The PDF board pack: what pdftotext reads from it holds every action and both tables,
each page of a domain's table starts with its header row, every status is a word with its
colour, the PDF is tagged, and a plan's text is printed as typed, never read as markup."""

import copy
import subprocess

from improvement_tracker.documents.colours import STATUS_FILLS, STATUS_TEXT
from improvement_tracker.documents.exporters.pdf import board_pack_data, lay_out, write_pdf
from improvement_tracker.plans.rag import EXAMPLE_KEY
from tests.documents.exporters.conftest import squeezed
from tests.tools import require_tool

# pdftotext -raw reads text in the order the PDF holds it, cell by cell as the tags do;
# without it, pdftotext guesses columns from positions and can interleave two cells' lines.
ACTION_HEADER = squeezed(
    "NO *ACTION LEAD TIMESCALE/ DEADLINE **STATUS PROGRESS UPDATE & ANY EVIDENCE OF IMPACT"
)


def test_pdf_text_has_every_action_and_both_tables(board_document, tmp_path):
    pdf = write_pdf(board_document)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf, tmp_path)
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
    info = poppler("pdfinfo", write_pdf(board_document), tmp_path)
    assert "841.89 x 595.276 pts (A4)" in info


def test_every_font_in_the_pdf_is_the_board_packs_sans_serif(board_document, tmp_path):
    # The page footer is laid out apart from the body: it once came out in a serif face.
    listing = poppler("pdffonts", write_pdf(board_document), tmp_path)
    fonts = [line.split()[0].split("+")[-1] for line in listing.splitlines()[2:]]
    assert fonts
    assert all(font.replace("-", "").startswith("LiberationSans") for font in fonts), fonts


def test_every_page_of_the_domain_tables_starts_with_the_header_row(board_document, tmp_path):
    text = pdf_text(write_pdf(board_document), tmp_path)
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
    data = board_pack_data(board_document)
    rows = [action for domain in data["domains"] for action in domain["actions"]]
    actions = [action for domain in board_document.domains for action in domain.actions]
    assert len(rows) == len(actions)
    for row, action in zip(rows, actions, strict=True):
        assert row["status"] == {
            "label": action.status.label,
            "fill": STATUS_FILLS.get(action.status, ""),
            "text": STATUS_TEXT[action.status],
        }


def test_the_pdf_shows_every_status_word(board_document, tmp_path):
    text = squeezed(pdf_text(write_pdf(board_document), tmp_path))
    for status in EXAMPLE_KEY.statuses:
        assert squeezed(status.label) in text


def test_the_pdf_is_tagged_with_headings_and_table_headers(board_document, tmp_path):
    pdf = write_pdf(board_document)
    info = poppler("pdfinfo", pdf, tmp_path)
    assert "Tagged:          yes" in info
    assert f"Title:           {board_document.title}" in info
    structure = poppler("pdfinfo", pdf, tmp_path, "-struct").split()
    assert "H1" in structure
    assert structure.count("H2") >= len(board_document.domains)
    assert structure.count("TH") >= 6 * len(board_document.domains)


def test_a_plans_text_is_printed_as_typed_never_read_as_markup(board_document, tmp_path):
    document = copy.deepcopy(board_document)
    markup = '#read("/etc/passwd") *not bold* _not italic_ $x^2$ <label> @ref `raw` \\ ] ['
    hostile = f"<script>alert(\"x\")</script> & <b>bold</b> 'quoted' {markup}"
    domain = document.domains[0]
    domain.title = f"= Domain {hostile}"
    action = domain.actions[0]
    action.text, action.lead, action.timescale = hostile, hostile, hostile
    action.progress = f"{hostile}\nsecond line"
    action.high_priority = False
    document.title = f'#set page(paper: "a5") {markup}'
    text = pdf_text(write_pdf(document), tmp_path)
    squeezed_text = squeezed(text)
    assert squeezed(domain.title) in squeezed_text
    assert squeezed(document.title) in squeezed_text
    assert squeezed_text.count(squeezed(hostile)) >= 4
    assert "root:" not in text  # /etc/passwd was not read
    assert "Page 1 of" in text


def test_the_board_pack_passes_typsts_pdf_ua_1_checks(board_document):
    # Typst refuses, with the rule broken, a PDF that fails PDF/UA-1: a missing title or
    # language, an empty heading, a table without header cells, an image without text.
    pdf = lay_out(board_pack_data(board_document), standards=("ua-1",))
    assert pdf.startswith(b"%PDF")


def test_a_pack_is_written_whatever_the_plan_holds(board_document, tmp_path):
    document = copy.deepcopy(board_document)
    document.title = ""
    document.domains[0].title = ""
    document.domains[1].actions = []
    odd = "\u202eright-to-left override\u200b, zero width\ufeff, \u00adsoft hyphen 😀 שלום 中文"
    document.domains[2].actions[0].text = odd
    document.domains[2].actions[1].progress = "long " * 4000
    text = pdf_text(write_pdf(document), tmp_path)
    # The override turns its own cell's words around, as in Word; the rest reads as ever.
    assert "שלום" in text
    assert squeezed(board_document.domains[2].actions[2].text) in squeezed(text)
    assert "Page 1 of" in text


def pdf_text(pdf: bytes, tmp_path) -> str:
    return poppler("pdftotext", pdf, tmp_path, "-raw")


def poppler(tool: str, pdf: bytes, tmp_path, *options: str) -> str:
    """What one of poppler's tools (pdftotext, pdfinfo, pdffonts) reads from the PDF."""
    path = tmp_path / "board-pack.pdf"
    path.write_bytes(pdf)
    to_standard_output = ["-"] if tool == "pdftotext" else []
    return (
        subprocess.run(  # noqa: S603 - a fixed tool and options, our own temporary file
            [require_tool(tool), *options, str(path), *to_standard_output],
            capture_output=True,
            check=True,
        ).stdout.decode(errors="replace")  # pdfinfo -struct writes titles in UTF-16
    )
