"""Read a CSV tracker: one row per action, in UTF-8 (with or without BOM) or Windows-1252.

Excel on Windows saves "CSV" in Windows-1252 and "CSV UTF-8" with a byte-order mark;
both are read. The separator (comma, semicolon or tab) is the one under which a
header row is found.
"""

import codecs
import csv
import io

from improvement_tracker.documents.exporters.csv import FORMULA_STARTS
from improvement_tracker.documents.importers.columns import Cell, match_header
from improvement_tracker.documents.importers.files import MAX_FILE_BYTES, refuse_binary
from improvement_tracker.documents.importers.tabular import HEADER_SEARCH_ROWS, Sheet, read_sheets
from improvement_tracker.documents.plan_document import ImportProblem, PlanDocument

# A cell may be as long as the file; the csv module's default limit is 128 KB.
csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))
_SEPARATORS = (",", ";", "\t")


def read_csv_plan(data: bytes, *, source_name: str) -> PlanDocument:
    if not data.strip():
        raise ImportProblem(f"{source_name}: the file is empty.")
    refuse_binary(data, source_name)
    text, encoding = decode(data, source_name)
    sheet = _sheet(text, source_name)
    document = read_sheets([sheet], source_name=source_name, kind="row")
    if encoding == "windows-1252":
        document.warnings.insert(
            0,
            f"{source_name}: the file is not UTF-8; it was read as Windows-1252 "
            "(what Excel saves as plain 'CSV'). Check that accented letters and dashes "
            "look right below.",
        )
    return document


def decode(data: bytes, source_name: str) -> tuple[str, str]:
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):  # fmt: skip
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError as error:
                line = data[: error.start].count(b"\n") + 1
                raise ImportProblem(
                    f"{source_name}, line {line}: the file says it is {encoding.upper()} "
                    "but is not. Save it again as CSV UTF-8."
                ) from error
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("windows-1252"), "windows-1252"
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportProblem(
            f"{source_name}, line {line}: the text is neither UTF-8 nor Windows-1252. "
            "Save it again as CSV UTF-8."
        ) from error


def _sheet(text: str, source_name: str) -> Sheet:
    best: list[list[str]] | None = None
    for separator in _SEPARATORS:
        rows = _rows(text, separator, source_name)
        if any(match_header(row) for row in rows[:HEADER_SEARCH_ROWS]):
            best = rows
            break
    if best is None:
        best = _rows(text, ",", source_name)
    sheet = Sheet(name=source_name)
    for index, row in enumerate(best, start=1):
        sheet.rows.append(
            [
                Cell(text=unescape_formula(value), where=f"row {index}, column {n}")
                for n, value in enumerate(row, 1)
            ]
        )
    return sheet


def unescape_formula(text: str) -> str:
    """Undo the apostrophe that keeps '=SUM(A1)' from running as a formula (exporters/csv)."""
    if text.startswith("'") and text.lstrip("'")[:1] in FORMULA_STARTS:
        return text[1:]
    return text


def _rows(text: str, separator: str, source_name: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        return list(reader)
    except csv.Error as error:
        raise ImportProblem(
            f"{source_name}, line {reader.line_num}: the CSV cannot be read ({error})."
        ) from error
