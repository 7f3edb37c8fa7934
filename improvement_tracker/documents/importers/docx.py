"""Read a Word (.docx) progress tracker laid out like the example plan.

Title and "(Updated …)" paragraphs, the RAG key as a table, Table 1 and Table 2, then
per domain a heading paragraph and tables whose header row (NO, *ACTION, LEAD, …) may
repeat. Word keeps a status as the cell's shading as often as its word: the colours of
the document's own key table say which shade means which status (docs/decisions/0008).

The XML is read directly (not through python-docx's object model) so that merged cells
(gridSpan, vMerge), content controls and line breaks inside cells are each handled
once, in word_xml.py (which the grid reader shares); word_blocks.py hands this reader
the body's paragraphs and tables, and the zip is checked for size before any part is
unpacked. What our own pack marks (extra values, objectives, activities) is read by
word_layers.py (ADR 0042).
"""

import re

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
from improvement_tracker.documents.importers.word_blocks import WordTable, body_blocks
from improvement_tracker.documents.importers.word_layers import WordLayers
from improvement_tracker.documents.importers.word_xml import document_body
from improvement_tracker.plans.plan_document import (
    DomainEntry,
    ImportProblem,
    PlanDocument,
    ReportedFigures,
)
from improvement_tracker.plans.rag import KeyEntry, Status

_TABLE_LABEL = re.compile(r"^table\s*([12])\b\.?$", re.IGNORECASE)
_SECTION_START = re.compile(r"^(progress tracker|table\s*1)$", re.IGNORECASE)


def read_docx_plan(data: bytes, *, source_name: str) -> PlanDocument:
    body = document_body(data, source_name)
    return _DocxReader(source_name).read(body_blocks(body))


class _DocxReader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.rows = ActionRows(source)
        self.extra = ExtraColumns(source)
        self.extra_columns: dict[int, str] = {}  # those of the last header row
        self.layers = WordLayers(self.rows, self.extra)  # what our own pack marks (ADR 0042)

    def read(self, blocks: list[str | WordTable]) -> PlanDocument:
        heading_lines: list[str] = []
        index = 0
        while index < len(blocks) and isinstance(blocks[index], str):
            text = str(blocks[index]).strip()
            if _SECTION_START.match(text):
                break
            heading_lines.append(text)
            index += 1
        organisation, title, period = tables.heading(heading_lines)
        document = PlanDocument(
            title=title,
            organisation=organisation,
            reporting_period=period,
            source_name=self.source,
        )
        if not title:
            document.title = tables.title_from_name(self.source)
            document.warnings.append(
                f"{self.source}: the document has no title above its tables; "
                f"the file's name is used: '{document.title}'."
            )

        table1: dict[str, dict[str, int]] | None = None
        table2: dict[str, int] | None = None
        domains: list[tuple[str, DomainEntry]] = []
        domain: DomainEntry | None = None
        columns: dict[Column, int] | None = None
        label: str | None = None  # "1" or "2" after a "Table 1" paragraph
        title_since_table: str | None = None
        seen_action_tables = False
        for block in blocks[index:]:
            if isinstance(block, str):
                text = block.strip()
                if not text or text.startswith("*"):
                    continue  # notes under a heading: "*High Priority Action", "**Status: …"
                if match := _TABLE_LABEL.match(text):
                    label = match[1]
                elif title_since_table is None:
                    title_since_table = text
                continue
            table, pending_title = block, title_since_table
            title_since_table, table_label, label = None, label, None
            if not table.rows:
                continue
            header_at = self._header_row(table)
            if header_at is None and not seen_action_tables:
                first = table.texts(0)[0].casefold() if table.rows[0] else ""
                if table_label == "1" or first.startswith("current status"):
                    table1 = self._table1(table)
                    continue
                if table_label == "2" or first.startswith("priority action"):
                    table2 = self._table2(table)
                    continue
                if self.layers.field_list(table.rows) or self._key(table, document):
                    continue
            if header_at is not None:
                columns = match_header(table.texts(header_at)) or {}
                width = max((len(row) for row in table.rows[header_at + 1 :]), default=0)
                self.extra_columns = self.extra.header(
                    table.texts(header_at), set(columns.values()), width
                )
                seen_action_tables = True
                if pending_title is not None:
                    domain = DomainEntry(title=pending_title, label="")
                    domains.append((f"table {table.number}", domain))
                    self.layers.new_domain(domain)
                elif domain is None:
                    raise ImportProblem(
                        f"{self.source}, table {table.number}: a table of actions comes "
                        "before any domain heading. Put the domain's heading above it."
                    )
                self._actions(table, header_at + 1, columns, domain)
            elif columns is not None and domain is not None and self._looks_like_actions(table):
                # A table split across pages without its header row repeated.
                self._actions(table, 0, columns, domain)
            else:
                if self._looks_like_actions(table):
                    raise ImportProblem(
                        f"{self.source}, table {table.number}: the table has no recognisable "
                        f"header row: {HEADER_HELP}."
                    )
                document.warnings.append(
                    f"{self.source}, table {table.number}: not read: it is not the RAG key, "
                    "Table 1, Table 2 or a table of actions."
                )

        self.layers.finish()
        document.warnings.extend(self.rows.warnings)
        document.extra_fields = self.extra.fields
        tables.keep_domains(document, domains, table1)
        if not seen_action_tables:
            raise ImportProblem(f"{self.source}: no table of actions was found: {HEADER_HELP}.")
        if not document.domains:
            raise ImportProblem(f"{self.source}: no domain with actions was found.")
        if table1 is not None:
            document.reported = ReportedFigures(table1=table1, table2=table2)
        if not document.rag_key:
            document.warnings.append(
                f"{self.source}: no RAG key was found; the plan uses the standard key, "
                "and shaded status cells are read by the nearest standard colour."
            )
        tables.check_document(document)
        tables.warn_about_timescales(document)
        return document

    def _header_row(self, table: WordTable) -> int | None:
        for index in range(len(table.rows)):
            if match_header(table.texts(index)) is not None:
                return index
        return None

    def _looks_like_actions(self, table: WordTable) -> bool:
        return any(
            len(row) >= 4 and row[0].text.strip().rstrip(".").isdigit() for row in table.rows
        )

    def _actions(
        self, table: WordTable, start: int, columns: dict[Column, int], domain: DomainEntry
    ) -> None:
        for index in range(start, len(table.rows)):
            row = table.rows[index]
            where = f"table {table.number}, row {index + 1}"
            cells = {
                column: row[position] if position < len(row) else Cell(where=where)
                for column, position in columns.items()
            }
            if self.layers.objective_row(row, where):
                continue
            if repeats_header(cells):
                continue  # the header row repeated inside one table
            if self.rows.is_blank(cells):
                continue
            number = cells[Column.NUMBER]
            others = [cell for column, cell in cells.items() if column is not Column.NUMBER]
            if not number.continued and not any(cell.text.strip() for cell in others):
                # One cell across the row ("Actions added in 2021"): a sub-heading.
                self.rows.warn(
                    where,
                    f"'{number.text.strip()[:60]}' spans the row; it is read as a "
                    "sub-heading, not an action.",
                )
                continue
            marked = cells.get(Column.ACTION)
            if marked is not None:
                cells[Column.ACTION] = self.layers.plain(marked) or marked
            if number.continued or not number.text.strip():
                self._continuation(cells, where, domain)
                self._continued_extra(row, domain)
                self.layers.read(domain.actions[-1], marked, where, continued=True)
                continue
            action = self.rows.action(cells, where)
            action.extra = self.extra.values(row, self.extra_columns)
            self.layers.read(action, marked, where)
            domain.actions.append(action)

    def _continuation(self, cells: dict[Column, Cell], where: str, domain: DomainEntry) -> None:
        """A row with text but no number: the rest of the action above, split by hand."""
        if not domain.actions:
            raise ImportProblem(
                f"{self.source}, {where}: the row has text but no action number, and there is "
                "no action above it to belong to. Number the action, then import again."
            )
        action = domain.actions[-1]
        fields = {Column.ACTION: "text", Column.LEAD: "lead", Column.PROGRESS: "progress"}
        joined = []
        for column, attribute in fields.items():
            cell = cells.get(column)
            extra = cell.text.strip() if cell is not None and not cell.continued else ""
            if extra:
                setattr(action, attribute, f"{getattr(action, attribute)}\n{extra}".strip())
                joined.append(column.value)
        if joined:
            self.rows.warn(
                where,
                f"the row has no action number; its {', '.join(joined)} text is joined to "
                f"action {action.number} above. Check that is where it belongs.",
            )

    def _continued_extra(self, row: list[Cell], domain: DomainEntry) -> None:
        """A row without a number continues the action above under the extra columns too."""
        action = domain.actions[-1]
        for name, text in self.extra.values(row, self.extra_columns, merged=False).items():
            action.extra[name] = f"{action.extra.get(name, '')}\n{text}".strip()

    def _key(self, table: WordTable, document: PlanDocument) -> bool:
        found: dict[Status, tuple[str, str | None]] = {}
        entries: list[KeyEntry] = []
        for row in table.rows:
            texts = [cell.text.strip() for cell in row]
            if entry := tables.key_entry(texts):
                entries.append(entry)
                found[entry.status] = (entry.description, row[0].fill)
                continue
            status = tables.key_status(texts[0]) if texts else None
            if status is not None and len(texts) >= 2 and texts[1]:
                fill = row[0].fill or row[1].fill
                found[status] = (" ".join(texts[1].split()), fill)
        if not found:
            return False
        for status, (meaning, fill) in found.items():
            document.rag_key[status] = meaning
            if fill:
                self.rows.colour_key[fill] = status
        tables.learn_key(document, entries, self.rows)
        return True

    def _table1(self, table: WordTable) -> dict[str, dict[str, int]]:
        rows = [self._row(table, index) for index in range(len(table.rows))]
        rows = [row for row in rows if any(row.cells)]
        if not rows:
            raise ImportProblem(f"{self.source}, table {table.number}: Table 1 is empty.")
        return tables.read_table1(self.source, rows[0], rows[1:], self.rows.labels)

    def _table2(self, table: WordTable) -> dict[str, int]:
        rows = [self._row(table, index) for index in range(len(table.rows))]
        rows = [row for row in rows if any(row.cells)]
        if len(rows) < 2:
            raise ImportProblem(
                f"{self.source}, table {table.number}: Table 2 should have a header row "
                "and a row of figures."
            )
        return tables.read_table2(self.source, rows[0], rows[1], self.rows.labels)

    def _row(self, table: WordTable, index: int) -> tables.Row:
        return tables.Row(f"table {table.number}, row {index + 1}", table.texts(index))
