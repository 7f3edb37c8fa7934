"""Read a progress tracker saved as text from the Word original (tab-separated tables).

The layout is the example plan's: organisation, title and "(Updated …)" lines, the RAG
key, Table 1 and Table 2, then per domain a heading and tables whose header row
starts with NO. Everything is kept verbatim; nothing is guessed that is not there.
"""

import re
from pathlib import Path

from improvement_tracker.documents.plan_document import (
    ActionEntry,
    DomainEntry,
    ImportProblem,
    PlanDocument,
    ReportedFigures,
)
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.timescales import Kind, parse_timescale

ACTION_COLUMNS = ("NO", "ACTION", "LEAD", "TIMESCALE", "STATUS", "PROGRESS UPDATE")

_KEY_ROW = re.compile(r"^(RED|AMBER|GREEN|COMPLETED)\t(.+)$", re.IGNORECASE)
_UPDATED = re.compile(r"^\(?\s*Updated\s+(?P<period>.+?)\s*\)?$", re.IGNORECASE)
_HEADER_ROW = re.compile(r"^NO\t", re.IGNORECASE)
_SECTION_START = re.compile(r"^(PROGRESS TRACKER|Table 1)$", re.IGNORECASE)


def read_text_file(path: Path) -> PlanDocument:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ImportProblem(f"{path}: cannot be read ({error.strerror}).") from error
    if not raw.strip():
        raise ImportProblem(f"{path}: the file is empty.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ImportProblem(
            f"{path}, line {line}: the text is not UTF-8. Save the file as UTF-8 text."
        ) from error
    return read_text_plan(text, source_name=path.name)


def read_text_plan(text: str, *, source_name: str) -> PlanDocument:
    return _TextReader(text.splitlines(), source_name).read()


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
        seen_numbers: dict[int, int] = {}

        while self.position < len(self.lines):
            number = self.position + 1
            line = self.lines[self.position]
            self.position += 1
            stripped = line.strip()
            if not stripped:
                continue
            if domain is None and (key := _KEY_ROW.match(stripped)):
                document.rag_key[Status(key[1].lower())] = key[2].strip()
            elif domain is None and stripped.lower() == "table 1":
                table1 = self._read_table1()
            elif domain is None and stripped.lower() == "table 2":
                table2 = self._read_table2()
            elif _HEADER_ROW.match(line):
                if domain is None:
                    raise self.fail(number, "a table of actions comes before any domain heading.")
            elif "\t" in line and line.split("\t", 1)[0].strip().rstrip(".").isdigit():
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

        self._keep_domains(document, domain_titles, table1)
        if table1 is not None:
            document.reported = ReportedFigures(table1=table1, table2=table2)
        if not document.rag_key:
            document.warnings.append(
                f"{self.source}: no RAG key was found; the plan uses the standard key."
            )
        if not document.domains:
            raise ImportProblem(f"{self.source}: no domain with actions was found.")
        self._warn_about_timescales(document)
        return document

    def _read_heading(self) -> tuple[str, str, str]:
        heading: list[str] = []
        period = ""
        while self.position < len(self.lines):
            stripped = self.lines[self.position].strip()
            if _SECTION_START.match(stripped) or _KEY_ROW.match(stripped):
                break
            self.position += 1
            if not stripped:
                continue
            if match := _UPDATED.match(stripped):
                period = match["period"]
            else:
                heading.append(stripped)
        if not heading:
            raise ImportProblem(f"{self.source}, line 1: the plan's title is missing.")
        if len(heading) == 1:
            return "", heading[0], period
        return heading[0], heading[1], period

    def _next_row(self, what: str) -> tuple[int, list[str]]:
        while self.position < len(self.lines):
            number = self.position + 1
            line = self.lines[self.position]
            self.position += 1
            if line.strip():
                return number, [cell.strip() for cell in line.split("\t")]
        raise self.fail(len(self.lines), f"the file ends where {what} was expected.")

    def _count(self, cell: str, number: int, where: str) -> int:
        if not cell.isdigit():
            raise self.fail(number, f"{where} should be a whole number, not '{cell}'.")
        return int(cell)

    def _read_table1(self) -> dict[str, dict[str, int]]:
        number, header = self._next_row("Table 1's header row")
        if len(header) < 3:
            raise self.fail(number, "Table 1's header should list the domains and 'Totals'.")
        columns = [*header[1:-1], "Totals"]
        table: dict[str, dict[str, int]] = {column: {} for column in columns}
        while self.position < len(self.lines) and self.lines[self.position].strip():
            number, cells = self._next_row("a row of Table 1")
            status, counts = cells[0], cells[1:]
            if len(counts) != len(columns):
                raise self.fail(
                    number,
                    f"Table 1's '{status}' row has {len(counts)} figures; "
                    f"the header names {len(columns)} columns.",
                )
            label = "Total" if status.lower() == "total" else _status_label(status)
            if label is None:
                raise self.fail(number, f"'{status}' in Table 1 is not a status of the key.")
            for column, cell in zip(columns, counts, strict=True):
                table[column][label] = self._count(cell, number, f"Table 1's {status}/{column}")
        return table

    def _read_table2(self) -> dict[str, int]:
        number, header = self._next_row("Table 2's header row")
        number, row = self._next_row("Table 2's figures")
        columns, cells = header[1:], row[1:]
        if len(cells) != len(columns):
            raise self.fail(
                number,
                f"Table 2 has {len(cells)} figures; its header names {len(columns)} columns.",
            )
        table: dict[str, int] = {}
        for column, cell in zip(columns, cells, strict=True):
            label = "Total" if column.lower() == "total" else _status_label(column)
            if label is None:
                raise self.fail(number, f"'{column}' in Table 2 is not a status of the key.")
            table[label] = self._count(cell, number, f"Table 2's {column}")
        return table

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
            number=int(number_cell.rstrip(".")),
            text=text.lstrip("*").strip() if high_priority else text,
            lead=lead,
            timescale=timescale,
            status=status,
            progress=progress,
            high_priority=high_priority,
            source_line=number,
        )

    def _keep_domains(
        self,
        document: PlanDocument,
        domain_titles: list[tuple[int, DomainEntry]],
        table1: dict[str, dict[str, int]] | None,
    ) -> None:
        document.warnings.extend(self.warnings)
        for number, domain in domain_titles:
            if domain.actions:
                document.domains.append(domain)
            else:
                document.warnings.append(
                    f"{self.source}, line {number}: '{domain.title}' has no actions "
                    "under it, so it is not imported as a domain."
                )
        labels = [column for column in (table1 or {}) if column != "Totals"]
        if len(labels) == len(document.domains):
            for domain, label in zip(document.domains, labels, strict=True):
                domain.label = label
            return
        if table1 is not None:
            document.warnings.append(
                f"{self.source}: Table 1 names {len(labels)} domains but the document has "
                f"{len(document.domains)}; short labels are taken from the headings."
            )
        for domain in document.domains:
            domain.label = domain.title.title()[:80]

    def _warn_about_timescales(self, document: PlanDocument) -> None:
        for domain in document.domains:
            for action in domain.actions:
                timescale = parse_timescale(action.timescale)
                if timescale.kind in (Kind.INVALID_DATE, Kind.UNRECOGNISED):
                    document.warnings.append(
                        f"{domain.label}, action {action.number} (line {action.source_line}): "
                        f"timescale '{action.timescale}': {timescale.problem}. "
                        "It is kept as written; correct it in the plan."
                    )


def _status_label(text: str) -> str | None:
    status = Status.from_text(text)
    return status.label if status is not None and text.strip() else None
