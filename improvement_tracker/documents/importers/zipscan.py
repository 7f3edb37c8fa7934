"""Stream every part of a .docx or .xlsx once, before any library builds anything from it.

A zip's directory can lie about sizes, and a few kilobytes of XML can expand to millions
of elements. So each part is unzipped in chunks, counting the bytes it really gives (and
so checking its CRC), and each XML part is fed to a parser that builds nothing: it only
counts elements, tables, rows and cells and the length of each cell's text, and stops
at the first limit passed. Memory stays at one chunk and the counts; a flood of empty
paragraphs is refused after a million elements, not after six gigabytes.
"""

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Literal

from lxml import etree

from improvement_tracker.documents.importers.limits import (
    ImportLimits,
    cell_too_long,
    megabytes,
    over_limit,
)
from improvement_tracker.plans.plan_document import ImportProblem

_CHUNK = 1024 * 1024
_XML_ENDINGS = (".xml", ".rels", ".vml")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
# What breaking a zip can raise from inside zipfile and zlib: a bad CRC, a damaged
# stream, a truncated file, an unknown compression method, a password.
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError)


class _Stop(Exception):
    """Raised inside the counting parser to stop it; carries the problem to report."""

    def __init__(self, problem: ImportProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class _Counts:
    elements: int = 0
    tables: int = 0
    rows: int = 0
    cells: int = 0
    sheets: list[str] = field(default_factory=list)


class _Counter:
    """An lxml parser target that keeps counts, never elements."""

    def __init__(
        self, counts: _Counts, limits: ImportLimits, source: str, part: str, role: str
    ) -> None:
        self.counts, self.limits, self.source = counts, limits, source
        self.part, self.role = part, role
        self.depth_in_table = 0
        self.row = 0  # the row of the current Word table, and the cell within it
        self.column = 0
        self.in_cell = 0
        self.cell_chars = 0
        self.where, self.what = "", "cell"
        self.paragraphs = 0  # outside tables: a heading or a note, bounded like a cell

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        counts, limits = self.counts, self.limits
        counts.elements += 1
        if counts.elements > limits.xml_elements:
            raise _Stop(over_limit(self.source, "XML elements", limits.xml_elements))
        if self.role == "document":
            self._word(tag)
        elif self.role == "sheet":
            self._sheet(tag, attrib)
        elif self.role == "strings" and tag == f"{_S}si":
            self.row += 1  # shared texts have no place of their own: number them
            self._cell_starts(f"shared text {self.row} (used in cells of the workbook)")
        elif self.in_cell:
            self.in_cell += 1

    def _word(self, tag: str) -> None:
        counts = self.counts
        if tag == f"{_W}tbl":
            self.depth_in_table += 1
            if self.depth_in_table == 1:
                counts.tables += 1
                self.row = 0
                if counts.tables > self.limits.tables:
                    raise _Stop(over_limit(self.source, "tables", self.limits.tables))
        elif tag == f"{_W}tr":
            self._row()
            if self.depth_in_table == 1:
                self.row, self.column = self.row + 1, 0
        elif tag == f"{_W}tc":
            self._cell()
            if self.depth_in_table == 1:
                self.column += 1
                self._cell_starts(f"table {counts.tables}, row {self.row}, column {self.column}")
                return
        elif tag == f"{_W}p" and not self.in_cell:
            self.paragraphs += 1
            self._cell_starts(f"paragraph {self.paragraphs}", "paragraph")
            return
        if self.in_cell:
            self.in_cell += 1

    def _sheet(self, tag: str, attrib: dict[str, str]) -> None:
        if tag == f"{_S}row":
            self._row()
        elif tag == f"{_S}mergeCell":
            # openpyxl makes an object for every cell a merge covers: count them all.
            self.counts.cells += _area(attrib.get("ref", ""))
            if self.counts.cells > self.limits.cells:
                raise _Stop(over_limit(self.source, "cells", self.limits.cells))
        elif tag == f"{_S}c":
            self._cell()
            sheet = posixpath.basename(self.part)
            self._cell_starts(f"sheet part '{sheet}', cell {attrib.get('r', '?')}")
            return
        if self.in_cell:
            self.in_cell += 1

    def _row(self) -> None:
        self.counts.rows += 1
        if self.counts.rows > self.limits.rows:
            raise _Stop(over_limit(self.source, "rows", self.limits.rows))

    def _cell(self) -> None:
        self.counts.cells += 1
        if self.counts.cells > self.limits.cells:
            raise _Stop(over_limit(self.source, "cells", self.limits.cells))

    def _cell_starts(self, where: str, what: str = "cell") -> None:
        if not self.in_cell:
            self.in_cell, self.cell_chars, self.where, self.what = 1, 0, where, what
        else:
            self.in_cell += 1

    def end(self, tag: str) -> None:
        if self.in_cell:
            self.in_cell -= 1
        if tag == f"{_W}tbl" and self.role == "document":
            self.depth_in_table -= 1

    def data(self, text: str) -> None:
        if self.in_cell:
            self.cell_chars += len(text)
            if self.cell_chars > self.limits.cell_chars:
                limit = self.limits.cell_chars
                raise _Stop(cell_too_long(self.source, self.where, None, limit, self.what))

    def doctype(self, *_: object) -> None:
        # Office never writes one; a DTD is how entity-expansion bombs are built.
        raise _Stop(
            ImportProblem(
                f"{self.source}: the part {self.part} declares a DTD, which Office files never "
                "do. It was not opened."
            )
        )

    def close(self) -> None:
        return None


_RANGE = re.compile(r"([A-Z]{1,3})([0-9]{1,7})(?::([A-Z]{1,3})([0-9]{1,7}))?")


def _area(ref: str) -> int:
    """How many cells a range such as B2:D9 covers (0 for what openpyxl will refuse)."""
    match = _RANGE.fullmatch(ref)
    if match is None:
        return 0
    first_column, first_row = _column(match[1]), int(match[2])
    last_column, last_row = _column(match[3] or match[1]), int(match[4] or match[2])
    return (abs(last_row - first_row) + 1) * (abs(last_column - first_column) + 1)


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _role(kind: Literal["docx", "xlsx"], part: str) -> str:
    if kind == "docx" and part == "word/document.xml":
        return "document"
    if kind == "xlsx" and part.startswith("xl/worksheets/") and part.endswith(".xml"):
        return "sheet"
    if kind == "xlsx" and part == "xl/sharedStrings.xml":
        return "strings"
    return "other"


def scan_parts(
    archive: zipfile.ZipFile,
    *,
    source: str,
    what: str,
    kind: Literal["docx", "xlsx"],
    limits: ImportLimits,
) -> None:
    """Refuse the file, naming it and the limit, at the first part or count too large."""
    counts = _Counts()
    total = 0
    for entry in archive.infolist():
        role = _role(kind, entry.filename)
        if role == "sheet":
            counts.sheets.append(entry.filename)
            if len(counts.sheets) > limits.tables:
                raise over_limit(source, "sheets", limits.tables)
        parser = None
        if entry.filename.lower().endswith(_XML_ENDINGS):
            target = _Counter(counts, limits, source, entry.filename, role)
            parser = etree.XMLParser(
                target=target, resolve_entities=False, no_network=True, huge_tree=False
            )
        size = 0
        try:
            with archive.open(entry) as part:
                while chunk := part.read(_CHUNK):
                    size += len(chunk)
                    total += len(chunk)
                    if size > limits.part_bytes:
                        raise _too_big(source, f"its part {entry.filename}", limits.part_bytes)
                    if total > limits.unzipped_bytes:
                        raise _too_big(source, "its parts together", limits.unzipped_bytes)
                    if parser is not None:
                        parser.feed(chunk)
            if parser is not None:
                parser.close()
        except _Stop as stop:
            raise stop.problem from None
        except etree.XMLSyntaxError as error:
            noun = "document" if kind == "docx" else "workbook"
            raise ImportProblem(
                f"{source}: the {noun} is damaged and cannot be read: its part "
                f"{entry.filename} is not well-formed XML ({error})."
            ) from error
        except _DAMAGED as error:
            raise ImportProblem(
                f"{source}: the file is damaged and cannot be opened as {what} "
                f"({entry.filename}: {error})."
            ) from error


def _too_big(source: str, what: str, limit: int) -> ImportProblem:
    return ImportProblem(
        f"{source}: the file would unzip to more than {megabytes(limit)} in {what} (the "
        "import limit); no tracker is that large. It was not opened."
    )
