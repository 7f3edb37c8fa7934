"""Read a progress tracker saved as text from the Word original (tab-separated tables).

The layout is the example plan's: organisation, title and "(Updated …)" lines, the RAG
key, Table 1 and Table 2, then per domain a heading and tables whose header row
starts with NO. Everything is kept verbatim; nothing is guessed that is not there.
"""

import re

from improvement_tracker.documents.importers import tables
from improvement_tracker.documents.importers.files import refuse_binary, refuse_nul
from improvement_tracker.documents.importers.limits import Tally, over_limit
from improvement_tracker.plans.numbering import clean_reference
from improvement_tracker.plans.plan_document import (
    ActionEntry,
    DomainEntry,
    ImportProblem,
    PlanDocument,
    ReportedFigures,
)
from improvement_tracker.plans.rag import Status

ACTION_COLUMNS = ("NO", "ACTION", "LEAD", "TIMESCALE", "STATUS", "PROGRESS UPDATE")

_KEY_ROW = re.compile(r"^(RED|AMBER|GREEN|COMPLETED)\t(.+)$", re.IGNORECASE)
_HEADER_ROW = re.compile(r"^NO\t", re.IGNORECASE)
_SECTION_START = re.compile(r"^(PROGRESS TRACKER|Table 1)$", re.IGNORECASE)
# A row whose first cell is a reference with a digit in it (16, 1.2, C1.1.1, R3) is an action.
_NUMBER = re.compile(r"(?=[^0-9]*[0-9])[A-Za-z0-9.()\-]{1,20}")


def read_text_bytes(raw: bytes, *, source_name: str) -> PlanDocument:
    if not raw.strip():
        raise ImportProblem(f"{source_name}: the file is empty.")
    refuse_binary(raw, source_name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ImportProblem(
            f"{source_name}, line {line}: the text is not UTF-8. Save the file as UTF-8 text."
        ) from error
    return read_text_plan(text, source_name=source_name)


def read_text_plan(text: str, *, source_name: str) -> PlanDocument:
    refuse_nul(text, source_name)
    tally = Tally(source_name)
    if text.count("\n") > tally.limits.rows:  # before a list of a million lines is made
        raise over_limit(source_name, "lines", tally.limits.rows)
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        tally.row(line.count("\t") + 1)
        if len(line) > tally.limits.cell_chars:
            for column, cell in enumerate(line.split("\t"), start=1):
                tally.cell(cell, f"line {number}, cell {column}")
    return _TextReader(lines, source_name).read()


class _TextReader:
    def __init__(self, lines: list[str], source_name: str) -> None:
        self.lines = lines
        self.source = source_name
        self.position = 0  # index of the next line to read
        self.warnings: list[str] = []

    def fail(self, line_number: int, message: str) -> ImportProblem:
        return ImportProblem(f"{self.source}, line {line_number}: {message}")

    def read(self) -> PlanDocument:
        organisation, title, period = self._read_heading()
        document = PlanDocument(
            title=title,
            organisation=organisation,
            reporting_period=period,
            source_name=self.source,
        )
        table1: dict[str, dict[str, int]] | None = None
        table2: dict[str, int] | None = None
        domain_titles: list[tuple[int, DomainEntry]] = []
        domain: DomainEntry | None = None
        seen_numbers: dict[str, int] = {}

        while self.position < len(self.lines):
            number = self.position + 1
            line = self.lines[self.position]
            self.position += 1
            stripped = line.strip()
            if not stripped:
                continue
            if domain is None and (key := _KEY_ROW.match(stripped)):
                document.rag_key[Status.from_text(key[1]) or Status.NOT_RATED] = key[2].strip()
            elif domain is None and stripped.lower() == "table 1":
                table1 = self._read_table1()
            elif domain is None and stripped.lower() == "table 2":
                table2 = self._read_table2()
            elif _HEADER_ROW.match(line):
                if domain is None:
                    raise self.fail(number, "a table of actions comes before any domain heading.")
            elif "\t" in line and _NUMBER.fullmatch(clean_reference(line.split("\t", 1)[0])):
                if domain is None:
                    raise self.fail(number, "an action comes before any domain heading.")
                action = self._read_action(line, number)
                if action.number in seen_numbers:
                    raise self.fail(
                        number,
                        f"action {action.number} appears twice in '{domain.title}' "
                        f"(first on line {seen_numbers[action.number]}). "
                        "Each action number must be unique within its domain.",
                    )
                seen_numbers[action.number] = number
                domain.actions.append(action)
            elif stripped.startswith("*"):
                continue  # notes under a heading: "*High Priority Action", "**Status: …"
            elif "\t" in line:
                if domain is not None:
                    raise self.fail(
                        number,
                        "this row does not start with an action number. "
                        f"Expected {len(ACTION_COLUMNS)} tab-separated cells: "
                        f"{', '.join(ACTION_COLUMNS)}.",
                    )
            elif table1 is not None or table2 is not None or domain is not None:
                domain = DomainEntry(title=stripped, label="")
                domain_titles.append((number, domain))
                seen_numbers = {}
            # Before the tables, other lines are the introduction's prose.

        document.warnings.extend(self.warnings)
        tables.keep_domains(
            document, [(f"line {number}", domain) for number, domain in domain_titles], table1
        )
        if table1 is not None:
            document.reported = ReportedFigures(table1=table1, table2=table2)
        if not document.rag_key:
            document.warnings.append(
                f"{self.source}: no RAG key was found; the plan uses the standard key."
            )
        if not document.domains:
            raise ImportProblem(f"{self.source}: no domain with actions was found.")
        tables.check_document(document)
        tables.warn_about_timescales(document)
        return document

    def _read_heading(self) -> tuple[str, str, str]:
        lines = []
        while self.position < len(self.lines):
            stripped = self.lines[self.position].strip()
            if _SECTION_START.match(stripped) or _KEY_ROW.match(stripped):
                break
            lines.append(stripped)
            self.position += 1
        organisation, title, period = tables.heading(lines)
        if not title:
            raise ImportProblem(f"{self.source}, line 1: the plan's title is missing.")
        return organisation, title, period

    def _next_row(self, what: str) -> tables.Row:
        while self.position < len(self.lines):
            number = self.position + 1
            line = self.lines[self.position]
            self.position += 1
            if line.strip():
                return tables.Row(f"line {number}", [cell.strip() for cell in line.split("\t")])
        raise self.fail(len(self.lines), f"the file ends where {what} was expected.")

    def _read_table1(self) -> dict[str, dict[str, int]]:
        header = self._next_row("Table 1's header row")
        rows = []
        while self.position < len(self.lines) and self.lines[self.position].strip():
            rows.append(self._next_row("a row of Table 1"))
        return tables.read_table1(self.source, header, rows)

    def _read_table2(self) -> dict[str, int]:
        header = self._next_row("Table 2's header row")
        return tables.read_table2(self.source, header, self._next_row("Table 2's figures"))

    def _read_action(self, line: str, number: int) -> ActionEntry:
        cells = line.split("\t")
        if len(cells) != len(ACTION_COLUMNS):
            raise self.fail(
                number,
                f"expected {len(ACTION_COLUMNS)} tab-separated cells "
                f"({', '.join(ACTION_COLUMNS)}), found {len(cells)}.",
            )
        number_cell, text, lead, timescale, status_cell, progress = (c.strip() for c in cells)
        status = Status.from_text(status_cell)
        if status is None:
            self.warnings.append(
                f"{self.source}, line {number}: '{status_cell}' is not a status of the key "
                "(Red, Amber, Green, Completed); the action is imported as not rated."
            )
            status = Status.NOT_RATED
        high_priority = text.startswith("*")
        return ActionEntry(
            number=clean_reference(number_cell),
            text=text.lstrip("*").strip() if high_priority else text,
            lead=lead,
            timescale=timescale,
            status=status,
            progress=progress,
            high_priority=high_priority,
            source_line=number,
        )
