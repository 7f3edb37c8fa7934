"""Write a plan as a Word board pack laid out like the example tracker.

Title, "(Updated …)", the RAG key, Table 1 and Table 2, then each domain's heading and
table on landscape A4. The table's header row repeats on every page; each status cell
is filled with its colour and carries its word; an asterisk marks high priority.
Extra values, objectives and activities are paragraphs in styles of our own, and the
plan's extra fields are listed after the key (ADR 0042): the Word importer reads this
layout back to the same document.
"""

import io
import re
from xml.sax.saxutils import escape

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell, _Row

from improvement_tracker.documents import word_marks
from improvement_tracker.documents.colours import status_colours
from improvement_tracker.documents.exporters import KEY_HEADER, key_labels, key_texts
from improvement_tracker.documents.exporters import board as board_words
from improvement_tracker.documents.word_marks import (
    Part,
    activity_parts,
    extra_field_parts,
    objective_heading,
)
from improvement_tracker.plans.plan_document import (
    BoardSection,
    DomainEntry,
    ObjectiveEntry,
    PlanDocument,
    TrendChart,
)
from improvement_tracker.plans.rag import Status, StatusKey

ACTION_HEADER = [
    "NO",
    "*ACTION",
    "LEAD",
    "TIMESCALE/ DEADLINE",
    "**STATUS",
    "PROGRESS UPDATE & ANY EVIDENCE OF IMPACT",
]
COLUMN_WIDTHS_MM = [12, 80, 40, 28, 24, 83]  # 267 mm: landscape A4 less 15 mm margins
# XML 1.0 cannot hold these control characters; Word could never have shown them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def write_docx(document: PlanDocument) -> bytes:
    word = docx.Document()
    _landscape_a4(word)
    normal = word.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    _our_styles(word)

    if document.organisation:
        _paragraph(word, document.organisation, size=14, bold=True)
    _paragraph(word, document.title, size=16, bold=True)
    if document.reporting_period:
        _paragraph(word, f"(Updated {document.reporting_period})", size=12)
    _paragraph(word, "PROGRESS TRACKER", bold=True)
    _paragraph(
        word, "All actions in the plan are RAG-rated. A key to the RAG-rating system is below."
    )
    status_key = document.status_key
    key = word.add_table(rows=0, cols=len(KEY_HEADER))
    key.style = "Table Grid"
    _header_row(key, KEY_HEADER)
    for entry in status_key.rated:
        cells = key.add_row().cells
        _status_cell(cells[0], entry.status, entry.label, status_key)
        for cell, text in zip(cells[1:], key_texts(entry), strict=True):
            _text(cell, text)
    _widths(key, [40, 167, 35, 25])
    if document.extra_fields:
        _extra_fields_table(word, document.extra_fields)

    if document.reported is not None:
        _paragraph(word, "Table 1", bold=True)
        table1 = document.reported.table1
        columns = list(table1)
        rows = list(next(iter(table1.values()), {}))
        table = word.add_table(rows=0, cols=len(columns) + 1)
        table.style = "Table Grid"
        _header_row(table, ["Current Status", *columns])
        for row in rows:
            _fill_row(table, [row, *(str(table1[column].get(row, "")) for column in columns)])
        if document.reported.table2 is not None:
            _paragraph(word, "Table 2", bold=True)
            table2 = document.reported.table2
            table = word.add_table(rows=0, cols=len(table2) + 1)
            table.style = "Table Grid"
            _header_row(table, ["Priority Actions", *table2])
            _fill_row(table, ["High priority", *(str(n) for n in table2.values())])
    if document.board is not None:
        _board_section(word, document.board)

    for domain in document.domains:
        _paragraph(word, domain.title, size=12, bold=True, keep_with_next=True)
        _paragraph(word, "*High Priority Action", size=8, keep_with_next=True)
        _paragraph(word, f"**Status: {key_labels(status_key)}", size=8, keep_with_next=True)
        table = word.add_table(rows=0, cols=len(ACTION_HEADER))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        header = _header_row(table, ACTION_HEADER)
        _repeat_on_every_page(header)
        _widths(table, COLUMN_WIDTHS_MM)
        for action_row in _action_rows(domain, status_key, document.extra_fields):
            table._tbl.append(action_row)

    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _board_section(word: Document, board: BoardSection) -> None:
    """A board pack's section (issue 20): what changed since the last board, a change a
    row, then each trend chart as a picture with its numbers as a table below it."""
    _paragraph(word, board_words.CHANGES_HEADING, size=12, bold=True, keep_with_next=True)
    _paragraph(word, board_words.board_period(board), keep_with_next=bool(board.changes))
    if board.changes:
        table = word.add_table(rows=0, cols=len(board_words.CHANGE_HEADER))
        table.style = "Table Grid"
        _repeat_on_every_page(_header_row(table, board_words.CHANGE_HEADER))
        for change in board.changes:
            _fill_row(table, board_words.change_cells(change))
        _widths(table, [40, 18, 32, 40, 40, 97])
    else:
        _paragraph(word, board_words.NO_CHANGES)
    if board.charts:
        _paragraph(word, board_words.TRENDS_HEADING, size=12, bold=True, keep_with_next=True)
    for chart in board.charts:
        _chart(word, chart)


def _chart(word: Document, chart: TrendChart) -> None:
    """The chart's picture, described for a screen reader, and its numbers as a table."""
    _paragraph(word, chart.title, bold=True, keep_with_next=True)
    word.add_picture(io.BytesIO(chart.png), width=Mm(180))
    picture = word.inline_shapes[-1]._inline.docPr
    picture.set("descr", board_words.chart_caption(chart.title))
    picture.set("title", chart.title)
    word.paragraphs[-1].paragraph_format.keep_with_next = True
    table = word.add_table(rows=0, cols=len(chart.headers))
    table.style = "Table Grid"
    _header_row(table, list(chart.headers))
    for row in chart.rows:
        _fill_row(table, list(row))


def _action_rows(domain: DomainEntry, key: StatusKey, extras: list[str]) -> list[object]:
    """The domain's rows as WordprocessingML, built as one string and parsed once.

    python-docx's row and cell objects cost about 4 ms a row; a 1,000-action plan
    would take seconds. The markup is the same python-docx would write.
    """
    widths = [int(Mm(width).twips) for width in COLUMN_WIDTHS_MM]
    # Each status's cell once: its label, fill and colour are the plan's (ADR 0039).
    status_cells = {status: _status_xml(status, key, widths[4]) for status in Status}
    rows = []
    objective: ObjectiveEntry | None = None
    for action in domain.actions:
        if action.objective != objective:
            rows.append(_objective_row(action.objective, sum(widths)))
        objective = action.objective
        texts = [
            str(action.number),
            f"*{action.text}" if action.high_priority else action.text,
            action.lead,
            action.timescale,
        ]
        cells = [_cell_xml(text, width) for text, width in zip(texts, widths, strict=False)]
        if action.extra or action.activities:  # most plans' actions have neither
            below = [
                _marked(word_marks.EXTRA_FIELD, extra_field_parts(name, action.extra[name]))
                for name in extras
                if action.extra.get(name)
            ]
            below += [
                _marked(word_marks.ACTIVITY, activity_parts(activity, key))
                for activity in action.activities
            ]
            if below:
                cells[1] = _cell_xml(texts[1], widths[1], below="".join(below))
        cells.append(status_cells[action.status])
        cells.append(_cell_xml(action.progress, widths[5]))
        rows.append(f"<w:tr>{''.join(cells)}</w:tr>")
    # Objectives none of its actions serves yet, after them, so they come back (ADR 0048).
    rows.extend(_objective_row(unserved, sum(widths)) for unserved in domain.objectives)
    table = parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(rows)}</w:tbl>")
    return list(table)


def _status_xml(status: Status, key: StatusKey, width: int) -> str:
    """A status cell: the plan's label in bold, in its colour on its fill."""
    fill, colour = status_colours(status, key)
    return _cell_xml(key.label(status), width, fill=fill, bold=True, colour=colour)


def _objective_row(objective: ObjectiveEntry | None, width: int) -> str:
    """A row spanning the table over the objective's actions: its words in bold, its lead
    below (ADR 0041); or, where actions without one follow, a row saying so (ADR 0042)."""
    properties = (
        f'<w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:gridSpan w:val="{len(ACTION_HEADER)}"/>'
        '<w:shd w:val="clear" w:color="auto" w:fill="F3F2F1"/></w:tcPr>'
    )
    heading = objective_heading(objective) if objective else word_marks.NO_OBJECTIVE
    paragraphs = _marked(word_marks.OBJECTIVE, [(heading, True)])
    if objective is not None and objective.lead:
        lead = [(f"{word_marks.LEAD}{objective.lead}", False)]
        paragraphs += _marked(word_marks.OBJECTIVE_LEAD, lead)
    return f"<w:tr><w:tc>{properties}{paragraphs}</w:tc></w:tr>"


def _cell_xml(
    text: str,
    width: int,
    *,
    fill: str | None = None,
    bold: bool = False,
    colour: str = "",
    below: str = "",
) -> str:
    """A cell of one paragraph, and `below` it the paragraphs of the action's extra fields
    and activities, as the tracker shows them: five more columns would leave landscape A4
    too narrow to read (ADRs 0040, 0041)."""
    shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    properties = f'<w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shading}</w:tcPr>'
    run_properties = ("<w:b/>" if bold else "") + (f'<w:color w:val="{colour}"/>' if colour else "")
    run_properties = f"<w:rPr>{run_properties}</w:rPr>" if run_properties else ""
    return f"<w:tc>{properties}<w:p><w:r>{run_properties}{_runs(text)}</w:r></w:p>{below}</w:tc>"


def _marked(style: str, parts: list[Part]) -> str:
    """A paragraph in one of our styles, so that our reader knows it again; bold runs are
    its labels, plain runs its values (documents/word_marks.py, ADR 0042)."""
    runs = "".join(
        f"<w:r>{'<w:rPr><w:b/></w:rPr>' if bold else ''}{_runs(text)}</w:r>"
        for text, bold in parts
        if text
    )
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{runs}</w:p>'


def _our_styles(word: Document) -> None:
    """The paragraph styles that mark what our reader reads back: plain Normal text."""
    for style_id, name in word_marks.STYLES.items():
        style = word.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = style_id
        style.base_style = word.styles["Normal"]


def _extra_fields_table(word: Document, names: list[str]) -> None:
    """The plan's extra fields, a name a row, after the key: a field that no action has a
    value under comes back too (ADR 0042)."""
    _paragraph(word, "Extra fields, shown under each action's text:", keep_with_next=True)
    table = word.add_table(rows=0, cols=1)
    table.style = "Table Grid"
    _header_row(table, [word_marks.EXTRA_FIELDS_HEADER])
    for name in names:
        _fill_row(table, [name])
    _widths(table, [80])


def _runs(text: str) -> str:
    """A run's content: the text, its line breaks and tabs."""
    text = _clean(text)
    if "\n" not in text and "\t" not in text:  # most cells: a 1,000-action pack has 30,000
        return f'<w:t xml:space="preserve">{escape(text)}</w:t>' if text else ""
    content = []
    for index, line in enumerate(text.split("\n")):
        if index:
            content.append("<w:br/>")
        for part_index, part in enumerate(line.split("\t")):
            if part_index:
                content.append("<w:tab/>")
            if part:
                content.append(f'<w:t xml:space="preserve">{escape(part)}</w:t>')
    return "".join(content)


def _landscape_a4(word: Document) -> None:
    section = word.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))


def _paragraph(
    word: Document, text: str, *, size: int = 10, bold: bool = False, keep_with_next: bool = False
) -> None:
    paragraph = word.add_paragraph()
    run = paragraph.add_run(_clean(text))
    run.font.size = Pt(size)
    run.bold = bold
    paragraph.paragraph_format.keep_with_next = keep_with_next


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _text(cell: _Cell, text: str, *, bold: bool = False) -> None:
    # python-docx writes "\n" as a line break and "\t" as a tab inside the one paragraph.
    run = cell.paragraphs[0].add_run(_clean(text))
    run.bold = bold


def _header_row(table: Table, texts: list[str]) -> _Row:
    # python-docx leaves Table.add_row unannotated (here and in _fill_row).
    row: _Row = table.add_row()  # type: ignore[no-untyped-call]
    for cell, text in zip(row.cells, texts, strict=True):
        _text(cell, text, bold=True)
        _shade(cell, "D9E2F3")
    return row


def _fill_row(table: Table, texts: list[str]) -> None:
    for cell, text in zip(table.add_row().cells, texts, strict=True):  # type: ignore[no-untyped-call]
        _text(cell, text)


def _status_cell(cell: _Cell, status: Status, word: str, key: StatusKey) -> None:
    fill, colour = status_colours(status, key)
    run = cell.paragraphs[0].add_run(word)
    run.bold = True
    run.font.color.rgb = RGBColor.from_string(colour)
    if fill is not None:
        _shade(cell, fill)


def _shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_on_every_page(row: _Row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _widths(table: Table, widths_mm: list[int]) -> None:
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)
