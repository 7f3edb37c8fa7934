"""Hostile files, made on demand (nothing large is kept in the repository).

Each is what a tester sent from outside: zips whose parts expand to floods of XML, or
lie about their size, or fail their CRC; CSVs of 200,000 rows; cells of megabytes. The
tests (test_hostile_files.py) and the benchmark (bench/hostile_files.py) both use them.
"""

import csv
import io
import struct
import zipfile
from collections.abc import Callable, Iterator

from tests.documents.builders import Domain, Row, csv_tracker, excel_tracker, word_tracker

MB = 1024 * 1024
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_DOCUMENT_START = f"<?xml version='1.0' encoding='UTF-8'?><w:document {_W}><w:body>".encode()
_DOCUMENT_END = b"</w:body></w:document>"


def _word() -> bytes:
    return word_tracker([Domain("HELP AND PROTECTION", [[Row("1", "Do the thing.")]])])


def _excel() -> bytes:
    return excel_tracker([{"No": 1, "Action": "Do the thing.", "Progress": "Underway."}])


def _replacing(data: bytes, name: str, chunks: Iterator[bytes], *, stored: bool = False) -> bytes:
    """A copy of the zip `data` with part `name` streamed from `chunks` (never all in memory)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            if entry.filename != name:
                target.writestr(entry, source.read(entry), zipfile.ZIP_DEFLATED)
        method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        info = zipfile.ZipInfo(name)
        info.compress_type = method
        with target.open(info, "w", force_zip64=True) as part:
            for chunk in chunks:
                part.write(chunk)
    return out.getvalue()


def _repeated(start: bytes, unit: bytes, size: int, end: bytes) -> Iterator[bytes]:
    yield start
    block = unit * (MB // len(unit))
    for _ in range(size // len(block)):
        yield block
    yield end


def paragraph_flood(size: int = 290 * MB) -> bytes:
    """A .docx whose document.xml is `size` bytes of empty paragraphs (millions of them)."""
    body = _repeated(_DOCUMENT_START, b"<w:p/>", size, _DOCUMENT_END)
    return _replacing(_word(), "word/document.xml", body)


def entity_bomb() -> bytes:
    """A .docx whose document.xml defines entities that expand a billion-fold."""
    levels = ['<!ENTITY e0 "lol">'] + [
        f'<!ENTITY e{n} "{f"&e{n - 1};" * 10}">' for n in range(1, 10)
    ]
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [{"".join(levels)}]>'
        f"<w:document {_W}><w:body><w:p><w:r><w:t>&e9;</w:t></w:r></w:p></w:body></w:document>"
    ).encode()
    return _replacing(_word(), "word/document.xml", iter([xml]))


def bad_crc() -> bytes:
    """A .docx whose document.xml is stored unpacked, with one byte changed after its CRC."""
    with zipfile.ZipFile(io.BytesIO(_word())) as source:
        xml = source.read("word/document.xml")
    data = bytearray(_replacing(_word(), "word/document.xml", iter([xml]), stored=True))
    at = bytes(data).index(b"Do the thing.")
    data[at] = ord("X")
    return bytes(data)


def size_lie(real: int = 250 * MB, declared: int = 5_000) -> bytes:
    """A .docx whose document.xml says it unpacks to `declared` bytes but holds `real`."""
    body = _repeated(_DOCUMENT_START, b"<w:p/>", real, _DOCUMENT_END)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_word())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            if entry.filename != "word/document.xml":
                target.writestr(entry, source.read(entry), zipfile.ZIP_DEFLATED)
        with target.open("word/document.xml", "w") as part:  # no zip64: sizes are 4 bytes
            for chunk in body:
                part.write(chunk)
    data = bytearray(out.getvalue())
    name = b"word/document.xml"
    # The local header keeps the unpacked size at +22, the central directory's at +24.
    local = bytes(data).index(b"PK\x03\x04")
    while bytes(data[local + 30 : local + 30 + len(name)]) != name:
        local = bytes(data).index(b"PK\x03\x04", local + 4)
    struct.pack_into("<I", data, local + 22, declared)
    central = bytes(data).index(b"PK\x01\x02")
    while bytes(data[central + 46 : central + 46 + len(name)]) != name:
        central = bytes(data).index(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, central + 24, declared)
    return bytes(data)


def big_sheet(size: int = 200 * MB) -> bytes:
    """An .xlsx whose one sheet is `size` bytes of one-cell rows."""
    start = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>"
    )
    row = b'<row><c t="inlineStr"><is><t>1</t></is></c></row>'
    body = _repeated(start, row, size, b"</sheetData></worksheet>")
    return _replacing(_excel(), "xl/worksheets/sheet1.xml", body)


def merged_everything() -> bytes:
    """An .xlsx of one cell that merges every cell of the sheet (17 billion of them)."""
    xml = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>No</t></is></c></row>'
        b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
        b"</worksheet>"
    )
    return _replacing(_excel(), "xl/worksheets/sheet1.xml", iter([xml]))


def far_cell() -> bytes:
    """An .xlsx whose one extra cell is at the sheet's last row and column."""
    xml = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>No</t></is></c>'
        b'<c r="B1" t="inlineStr"><is><t>Action</t></is></c></row>'
        b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>'
    )
    return _replacing(_excel(), "xl/worksheets/sheet1.xml", iter([xml]))


def many_rows_csv(rows: int = 200_000) -> bytes:
    """About 17.6 MB of CSV: a header and `rows` actions."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["No", "Action", "Lead", "Timescale", "Status", "Progress"])
    for number in range(1, rows + 1):
        writer.writerow(
            [number, f"Action {number} of many", "Director", "31/03/2021", "Green", "Underway."]
        )
    return out.getvalue().encode()


def huge_cell_csv(chars: int = 10 * MB) -> bytes:
    """A CSV whose first action's progress cell is `chars` characters long."""
    return csv_tracker(
        [["No", "Action", "Progress"], ["1", "Do the thing.", "x" * chars], ["2", "And this.", ""]]
    )


def wide_line_csv(commas: int = 10_000_000) -> bytes:
    """A CSV whose header line goes on in `commas` empty cells (10 MB): the csv module
    would build the whole row before any limit could count it."""
    return b"No,Action" + b"," * commas + b"\r\n1,Do the thing.\r\n"


def huge_paragraph_docx(chars: int = 10 * MB) -> bytes:
    """A .docx whose title, above its tables, is `chars` characters long."""
    return word_tracker(
        [Domain("HELP AND PROTECTION", [[Row("1", "Do the thing.")]])], title="x" * chars
    )


def huge_cell_docx(chars: int = 10 * MB) -> bytes:
    return word_tracker(
        [Domain("HELP AND PROTECTION", [[Row("1", "Do the thing.", progress="x" * chars)]])]
    )


# name -> (the file's name as uploaded, how to make it, what the refusal says)
HOSTILE: dict[str, tuple[str, Callable[[], bytes], str]] = {
    "paragraph flood (290 MB of XML)": (
        "flood.docx",
        paragraph_flood,
        "flood.docx: the file would expand to 290.8 MB, more than 200 MB",
    ),
    "paragraph flood (40 MB of XML)": (
        "flood.docx",
        lambda: paragraph_flood(40 * MB),
        "flood.docx: the file holds more than 1,000,000 XML elements",
    ),
    "entity bomb": ("laughs.docx", entity_bomb, "laughs.docx: the part word/document.xml declares"),
    "bad CRC": ("crc.docx", bad_crc, "crc.docx: the file is damaged and cannot be opened"),
    "size lie (5,000 bytes declared, 250 MB held)": (
        "lie.docx",
        size_lie,
        "lie.docx: the file is damaged and cannot be opened",
    ),
    "200 MB sheet": ("sheet.xlsx", big_sheet, "sheet.xlsx: the file would expand to 200.0 MB"),
    "40 MB sheet": (
        "sheet.xlsx",
        lambda: big_sheet(40 * MB),
        "sheet.xlsx: the file holds more than 20,000 rows",
    ),
    "merge of every cell": (
        "merged.xlsx",
        merged_everything,
        "merged.xlsx: the file holds more than 100,000 cells",
    ),
    "cell at XFD1048576": ("far.xlsx", far_cell, "far.xlsx: the file holds more than 20,000 rows"),
    "200,000-row CSV": (
        "rows.csv",
        many_rows_csv,
        "rows.csv: the file holds more than 100,000 cells",
    ),
    "10 MB cell in a CSV": (
        "cell.csv",
        huge_cell_csv,
        "cell.csv, row 2, column 3: the cell holds 10,485,760 characters",
    ),
    "a line of 10 million commas in a CSV": (
        "wide.csv",
        wide_line_csv,
        "wide.csv, line 1: the line holds more than 100,000 separators (',')",
    ),
    "10 MB title in a .docx": (
        "title.docx",
        huge_paragraph_docx,
        "title.docx, paragraph 2: the paragraph holds more than 100,000 characters",
    ),
    "10 MB cell in a .docx": (
        "cell.docx",
        huge_cell_docx,
        "cell.docx, table 4, row 2, column 6: the cell holds more than 100,000 characters",
    ),
}
