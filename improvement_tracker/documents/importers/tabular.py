"""Read trackers kept as sheets of rows (Excel and CSV): one row per action.

A sheet whose header row names at least No and Action holds actions; any other sheet
may hold the summary (title, "Updated …", the RAG key, Table 1 and Table 2). A Domain
column groups rows into domains; without one, each sheet is a domain. Rows above a
header are the plan's heading when there is no summary sheet, and the domain's
heading when there is.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from improvement_tracker.documents.exporters import OBJECTIVE_ROW
from improvement_tracker.documents.importers import tables
from improvement_tracker.documents.importers.columns import (
    HEADER_HELP,
    ActionRows,
    Cell,
    Column,
    match_header,
    repeats_header,
)
from improvement_tracker.documents.importers.extra_columns import ExtraColumns
from improvement_tracker.plans.plan_document import (
    ActionEntry,
    DomainEntry,
    ImportProblem,
    ObjectiveEntry,
    PlanDocument,
    ReportedFigures,
)
from improvement_tracker.plans.rag import KeyEntry, Status

# A header row is looked for this far down a sheet, below a title and notes.
HEADER_SEARCH_ROWS = 30
_TABLE_LABEL = re.compile(r"^table\s*([12])\b\.?$", re.IGNORECASE)
_SECTION_START = re.compile(r"^(progress tracker|table\s*[12])$", re.IGNORECASE)


@dataclass
class Sheet:
    name: str
    rows: list[list[Cell]] = field(default_factory=list)
    where_prefix: str = ""  # "sheet 'Help', " for a workbook; nothing for a CSV file
    warnings: list[str] = field(default_factory=list)  # cells its reader could not read

    def texts(self, index: int) -> list[str]:
        texts = [cell.text.strip() for cell in self.rows[index]]
        while texts and not texts[-1]:
            texts.pop()
        return texts

    def row_where(self, index: int) -> str:
        return f"{self.where_prefix}row {index + 1}"

    def header(self) -> tuple[int, dict[Column, int]] | None:
        for index in range(min(len(self.rows), HEADER_SEARCH_ROWS)):
            columns = match_header(self.texts(index))
            if columns is not None:
                return index, columns
        return None


@dataclass
class _Summary:
    heading: list[str] = field(default_factory=list)
    table1: dict[str, dict[str, int]] | None = None
    table2: dict[str, int] | None = None
    found: bool = False


def read_sheets(sheets: list[Sheet], *, source_name: str, kind: str) -> PlanDocument:
    rows = ActionRows(source_name)
    extra = ExtraColumns(source_name)
    document = PlanDocument(title="", organisation="", source_name=source_name)
    summary = _Summary()
    action_sheets: list[tuple[Sheet, int, dict[Column, int]]] = []
    for sheet in sheets:
        found = sheet.header()
        if found is None:
            _read_summary(sheet, summary, document, rows, source_name)
        else:
            action_sheets.append((sheet, *found))
    if not action_sheets:
        raise ImportProblem(
            f"{source_name}: no {kind} has a recognisable header row in its first "
            f"{HEADER_SEARCH_ROWS} rows: {HEADER_HELP}."
        )

    heading_lines = summary.heading
    domains: dict[str, DomainEntry] = {}
    domain_where: dict[str, str] = {}
    labelled = any(Column.DOMAIN in columns for _, _, columns in action_sheets)
    for position, (sheet, header_at, columns) in enumerate(action_sheets):
        above = [" ".join(sheet.texts(i)) for i in range(header_at)]
        above = [line for line in above if line.strip()]
        sheet_title = ""
        if position == 0 and not summary.found:
            heading_lines = above
        elif above:
            sheet_title = above[0]
        current_label = ""
        domain_actions: list[ActionEntry] = []  # the actions an activity row may follow
        below = sheet.rows[header_at + 1 :]
        extra_columns = extra.header(
            [cell.text for cell in sheet.rows[header_at]],
            set(columns.values()),
            max((len(row) for row in below), default=0),
        )
        for index in range(header_at + 1, len(sheet.rows)):
            row = sheet.rows[index]
            where = sheet.row_where(index)
            cells = {
                column: row[at] if at < len(row) else Cell(where=where)
                for column, at in columns.items()
            }
            if rows.is_blank(cells):
                continue
            if repeats_header(cells):
                continue  # the header repeated further down
            number = cells[Column.NUMBER]
            others = [c for column, c in cells.items() if column not in _GROUPING]
            if not any(c.text.strip() for c in others if c is not number):
                rows.warn(
                    where,
                    f"'{number.text.strip()[:60]}' has nothing beside it; it is read as a "
                    "sub-heading, not an action.",
                )
                continue
            if _text(cells, Column.ROW_TYPE).casefold() == "activity":
                if not domain_actions:
                    raise ImportProblem(
                        f"{source_name}, {where}: an activity row comes before any action; "
                        "put each activity under the action it belongs to."
                    )
                domain_actions[-1].activities.append(rows.activity(cells))
                continue
            label = _text(cells, Column.DOMAIN) or current_label or sheet.name
            current_label = label  # a blank (or merged) domain cell continues the one above
            domain = domains.get(label)
            if domain is None:
                title = _text(cells, Column.DOMAIN_TITLE) or sheet_title or label
                domain = domains[label] = DomainEntry(title=title, label=label if labelled else "")
                domain_where[label] = where
            if _text(cells, Column.ROW_TYPE).casefold() == OBJECTIVE_ROW:
                _unserved_objective(domain, rows.objective(cells), f"{source_name}, {where}")
                continue
            action = rows.action(cells, where)
            action.extra = extra.values(row, extra_columns)
            action.objective = rows.objective(cells)
            domain.actions.append(action)
            domain_actions = domain.actions

    document.extra_fields = extra.fields
    organisation, title, period = tables.heading(heading_lines)
    document.organisation, document.title, document.reporting_period = organisation, title, period
    if not title:
        document.title = tables.title_from_name(source_name)
        document.warnings.append(
            f"{source_name}: the file gives no title above its header row; the file's name "
            f"is used: '{document.title}'."
        )
    document.warnings.extend(warning for sheet in sheets for warning in sheet.warnings)
    document.warnings.extend(rows.warnings)
    tables.keep_domains(
        document,
        [(domain_where[label], domain) for label, domain in domains.items()],
        summary.table1,
        labelled=labelled,
    )
    if not document.domains:
        raise ImportProblem(f"{source_name}: no row of actions was found under the header.")
    if summary.table1 is not None:
        document.reported = ReportedFigures(table1=summary.table1, table2=summary.table2)
    tables.check_document(document)
    tables.warn_about_timescales(document)
    return document


_GROUPING = (Column.DOMAIN, Column.DOMAIN_TITLE, Column.ROW_TYPE)


def _unserved_objective(domain: DomainEntry, objective: ObjectiveEntry | None, where: str) -> None:
    """An objective row: one of the domain's objectives that no action serves yet (ADR 0048)."""
    if objective is None:
        raise ImportProblem(
            f"{where}: an objective row names no objective; give its reference or its words "
            "under Objective no or Objective."
        )
    if objective not in domain.objectives:
        domain.objectives.append(objective)


def _text(cells: dict[Column, Cell], column: Column) -> str:
    cell = cells.get(column)
    return cell.text.strip() if cell is not None else ""


def _read_summary(
    sheet: Sheet, summary: _Summary, document: PlanDocument, rows: ActionRows, source: str
) -> None:
    """Heading lines, key rows and Table 1 and Table 2, from a sheet without actions."""
    index = 0
    in_heading = not summary.found
    found = False
    entries: list[KeyEntry] = []
    while index < len(sheet.rows):
        texts = sheet.texts(index)
        first = texts[0] if texts else ""
        entry = tables.key_entry(texts)
        status = entry.status if entry else tables.key_status(first)
        if entry is not None:
            in_heading, found = False, True
            entries.append(entry)
            fill = sheet.rows[index][0].fill
            if fill:
                rows.colour_key[fill] = entry.status
        elif status is not None and len(texts) >= 2 and texts[1]:
            in_heading, found = False, True
            document.rag_key[status] = " ".join(texts[1].split())
            fill = sheet.rows[index][0].fill
            if fill:
                rows.colour_key[fill] = status
        elif label := _TABLE_LABEL.match(first):
            in_heading, found = False, True
            tables.learn_key(document, entries, rows)
            index = _read_table(sheet, index + 1, label[1], summary, source, rows.labels)
            continue
        elif _SECTION_START.match(first):
            in_heading = False
        elif in_heading and first:
            summary.heading.append(" ".join(texts))
            found = True
        index += 1
    tables.learn_key(document, entries, rows)
    summary.found = summary.found or found


def _read_table(
    sheet: Sheet,
    start: int,
    label: str,
    summary: _Summary,
    source: str,
    labels: Mapping[str, Status] | None = None,
) -> int:
    """Read Table 1 or 2 from its header row to the first empty row; the row after it."""
    block: list[tables.Row] = []
    index = start
    while index < len(sheet.rows) and not sheet.texts(index):
        index += 1
    while index < len(sheet.rows) and sheet.texts(index):
        block.append(tables.Row(sheet.row_where(index), sheet.texts(index)))
        index += 1
    if not block:
        raise ImportProblem(f"{source}, {sheet.row_where(start)}: Table {label} has no rows.")
    if label == "1":
        summary.table1 = tables.read_table1(source, block[0], block[1:], labels)
    elif len(block) >= 2:
        summary.table2 = tables.read_table2(source, block[0], block[1], labels)
    return index
