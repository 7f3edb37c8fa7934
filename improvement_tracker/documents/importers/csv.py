"""Read a CSV tracker: one row per action, in UTF-8 (with or without BOM) or Windows-1252.

Excel on Windows saves "CSV" in Windows-1252 and "CSV UTF-8" with a byte-order mark;
both are read. The separator (comma, semicolon or tab) is the one under which a
header row is found.
"""

import codecs
import csv
import io
import itertools
from collections.abc import Iterator

from improvement_tracker.documents.exporters.csv import FORMULA_STARTS
from improvement_tracker.documents.importers.columns import Cell, match_header
from improvement_tracker.documents.importers.files import refuse_binary, refuse_nul
from improvement_tracker.documents.importers.limits import Tally, import_limits
from improvement_tracker.documents.importers.tabular import HEADER_SEARCH_ROWS, Sheet, read_sheets
from improvement_tracker.plans.plan_document import ImportProblem, PlanDocument

_SEPARATORS = (",", ";", "\t")


def read_csv_plan(data: bytes, *, source_name: str) -> PlanDocument:
    text, encoding = open_text(data, source_name)
    sheet = _sheet(text, source_name)
    document = read_sheets([sheet], source_name=source_name, kind="row")
    if encoding == "windows-1252":
        document.warnings.insert(0, not_utf8(source_name))
    return document


def open_text(data: bytes, source_name: str) -> tuple[str, str]:
    """The file's text and the encoding it was read in, or a message saying why it is not
    text (also grid_csv.py's, so that both readers refuse the same files alike)."""
    if not data.strip():
        raise ImportProblem(f"{source_name}: the file is empty.")
    refuse_binary(data, source_name)
    text, encoding = decode(data, source_name)
    refuse_nul(text, source_name)
    # A cell is refused past the import limit by the Tally, which names it; the csv
    # module must not stop first (at its default of 128 KB) with a message that names
    # no cell. The file's size bounds what it can read.
    csv.field_size_limit(max(csv.field_size_limit(), import_limits().file_bytes))
    return text, encoding


def not_utf8(source_name: str) -> str:
    return (
        f"{source_name}: the file is not UTF-8; it was read as Windows-1252 "
        "(what Excel saves as plain 'CSV'). Check that accented letters and dashes "
        "look right below."
    )


def decode(data: bytes, source_name: str) -> tuple[str, str]:
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):  # fmt: skip
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError as error:
                said = f"the file says it is {encoding.upper()} but is not"
                raise _undecodable(data, error, source_name, said) from error
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("windows-1252"), "windows-1252"
    except UnicodeDecodeError as error:
        said = "the text is neither UTF-8 nor Windows-1252"
        raise _undecodable(data, error, source_name, said) from error


def _undecodable(
    data: bytes, error: UnicodeDecodeError, source_name: str, said: str
) -> ImportProblem:
    """The refusal of a file that cannot be read as text, naming the line it fails on."""
    line = data[: error.start].count(b"\n") + 1
    return ImportProblem(f"{source_name}, line {line}: {said}. Save it again as CSV UTF-8.")


def _sheet(text: str, source_name: str) -> Sheet:
    """The rows under the separator a header row is found with (looked for in the first
    rows only), counted against the limits as they are read."""

    def has_header(separator: str) -> bool:
        first = read_rows(text, separator, source_name, HEADER_SEARCH_ROWS)
        return any(match_header(row) for row in first)

    separator = next((separator for separator in _SEPARATORS if has_header(separator)), ",")
    tally = Tally(source_name)
    sheet = Sheet(name=source_name)
    for index, row in enumerate(read_rows(text, separator, source_name), start=1):
        tally.row(len(row))
        cells = []
        for n, value in enumerate(row, 1):
            where = f"row {index}, column {n}"
            cells.append(Cell(text=unescape_formula(tally.cell(value, where)), where=where))
        sheet.rows.append(cells)
    return sheet


def unescape_formula(text: str) -> str:
    """Undo the apostrophe that keeps '=SUM(A1)' from running as a formula (exporters/csv)."""
    if text.startswith("'") and text.lstrip("'")[:1] in FORMULA_STARTS:
        return text[1:]
    return text


def read_rows(
    text: str, separator: str, source_name: str, first: int | None = None
) -> Iterator[list[str]]:
    """The file's records (the first `first` of them), each a list of its cells' text."""
    reader = csv.reader(_bounded_lines(text, separator, source_name), delimiter=separator)
    try:
        yield from itertools.islice(reader, first)
    except csv.Error as error:
        raise ImportProblem(
            f"{source_name}, line {reader.line_num}: the CSV cannot be read ({error})."
        ) from error


def _bounded_lines(text: str, separator: str, source_name: str) -> Iterator[str]:
    """The file's lines, refusing one with more separators than the file may hold cells:
    the csv module builds a whole record before the Tally can count it, and a line of 20
    million commas would be a list of 20 million cells first."""
    most = import_limits().cells
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if line.count(separator) > most:
            shown = "a tab" if separator == "\t" else f"'{separator}'"
            raise ImportProblem(
                f"{source_name}, line {number}: the line holds more than {most:,} separators "
                f"({shown}), more cells than the file may hold (the import limit). "
                "It was not imported."
            )
        yield line
