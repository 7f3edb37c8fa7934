"""Word's tables read once for both Word readers (word_xml.py): the example's reader
(word_blocks, for docx.py) and the grid reader see the same cells, merges and fills."""

import io

import docx
from docx.oxml import parse_xml

from improvement_tracker.documents.importers.grid import GridCell, read_grid_bytes
from improvement_tracker.documents.importers.word_blocks import WordTable, body_blocks
from improvement_tracker.documents.importers.word_xml import document_body

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _cell(text: str, properties: str = "", run_properties: str = "") -> str:
    run = f"<w:r><w:rPr>{run_properties}</w:rPr><w:t>{text}</w:t></w:r>" if text else ""
    return f"<w:tc><w:tcPr>{properties}</w:tcPr><w:p>{run}</w:p></w:tc>"


# Every way a Word table shows a fill or merges a cell, one row each.
_TABLE = f"""<w:tbl {_W}>
  <w:tr>{_cell("No")}{_cell("Action")}{_cell("RAG")}</w:tr>
  <w:tr>{_cell("1")}{_cell("Lower-case fill")}
    {_cell("Green", '<w:shd w:val="clear" w:color="auto" w:fill="00b050"/>')}</w:tr>
  <w:tr>{_cell("2")}{_cell("Solid pattern")}
    {_cell("Red", '<w:shd w:val="solid" w:color="FF0000" w:fill="FFFFFF"/>')}</w:tr>
  <w:tr>{_cell("3")}{_cell("Highlighted word")}
    {_cell("Done", "", '<w:highlight w:val="blue"/>')}</w:tr>
  <w:tr>{_cell("4")}{_cell("Run shading")}
    {_cell("Amber", "", '<w:shd w:val="clear" w:color="auto" w:fill="#ffc000"/>')}</w:tr>
  <w:tr>{_cell("5")}{_cell("A fill that is no colour")}
    {_cell("Done", '<w:shd w:val="clear" w:fill="zzzzzz"/>', '<w:highlight w:val="blue"/>')}</w:tr>
  <w:tr>{_cell("6")}{_cell("Lead merged down", '<w:vMerge w:val="restart"/>')}{_cell("")}</w:tr>
  <w:tr>{_cell("7")}{_cell("", "<w:vMerge/>")}{_cell("")}</w:tr>
  <w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>
    {_cell("Spans two", '<w:gridSpan w:val="2"/>')}</w:tr>
  <w:customXml w:element="row"><w:tr>
    <w:sdt><w:sdtContent>{_cell("8")}</w:sdtContent></w:sdt>{_cell("In a control")}{_cell("")}
  </w:tr></w:customXml>
</w:tbl>"""


def _document() -> bytes:
    document = docx.Document()
    body = document.element.body
    for child in list(body):
        body.remove(child)
    body.append(parse_xml(_TABLE))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_both_word_readers_see_the_same_cells_merges_and_fills():
    data = _document()
    [grid_table] = read_grid_bytes(data, name="plan.docx").tables
    [blocks_table] = body_blocks(document_body(data, "plan.docx"))
    assert isinstance(blocks_table, WordTable)
    assert len(blocks_table.rows) == len(grid_table.rows) == 10
    for grid_row, blocks_row in zip(grid_table.rows, blocks_table.rows, strict=True):
        assert len(grid_row) == len(blocks_row)
        for shown, cell in zip(grid_row, blocks_row, strict=True):
            if shown.merged == "across":
                assert (cell.text, cell.fill) == ("", None)  # the example's reader: empty
                continue
            assert (shown.text, shown.fill) == (cell.text.strip(), cell.fill)
            assert (shown.merged == "down") == cell.continued


def test_fills_are_read_as_one_colour_however_word_writes_them():
    [table] = read_grid_bytes(_document(), name="plan.docx").tables
    assert [row[2].fill for row in table.rows[1:6]] == [
        "00B050",  # lower case
        "FF0000",  # a solid pattern shows its foreground colour
        "0000FF",  # a highlighted word: blue
        "FFC000",  # the run's own shading
        "0000FF",  # a cell fill that is no colour is none: the word's highlight counts
    ]
    assert table.rows[7][1] == GridCell("Lead merged down", merged="down")
    assert table.rows[8] == [
        GridCell(),
        GridCell("Spans two"),
        GridCell("Spans two", merged="across"),
    ]
    assert table.rows[9][:2] == [GridCell("8"), GridCell("In a control")]
