"""Read a Word (.docx) progress tracker laid out like the example plan.

Title and "(Updated …)" paragraphs, the RAG key as a table, Table 1 and Table 2, then
per domain a heading paragraph and tables whose header row (NO, *ACTION, LEAD, …) may
repeat. Word keeps a status as the cell's shading as often as its word: the colours of
the document's own key table say which shade means which status (docs/decisions/0008).

The XML is read directly (not through python-docx's object model) so that merged cells
(gridSpan, vMerge), content controls and line breaks inside cells are each handled
once, here; the zip is checked for size before any part is unpacked. What our own pack
marks (extra values, objectives, activities) is read by word_layers.py (ADR 0042).
"""

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

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
from improvement_tracker.documents.importers.files import open_office_zip
from improvement_tracker.documents.importers.word_layers import (
    W,
    WordCell,
    WordLayers,
    cell_content,
    text_of,
)
from improvement_tracker.plans.plan_document import (
    DomainEntry,
    ImportProblem,
    PlanDocument,
    ReportedFigures,
)
from improvement_tracker.plans.rag import KeyEntry, Status

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True
)
_TABLE_LABEL = re.compile(r"^table\s*([12])\b\.?$", re.IGNORECASE)
_SECTION_START = re.compile(r"^(progress tracker|table\s*1)$", re.IGNORECASE)
_SPAN = re.compile(r"[0-9]{1,6}")
_MOST_COLUMNS = 63
# Word's highlight colours by name, for a status shown by highlighting its word.
_HIGHLIGHTS = {
    "red": "FF0000",
    "darkRed": "800000",
    "yellow": "FFFF00",
    "darkYellow": "808000",
    "green": "00FF00",
    "darkGreen": "008000",
    "blue": "0000FF",
    "cyan": "00FFFF",
    "lightGray": "C0C0C0",
    "darkGray": "808080",
}


@dataclass
class _Table:
    number: int  # 1-based, in document order, as a person would count them
    rows: list[list[Cell]] = field(default_factory=list)

    def texts(self, index: int) -> list[str]:
        return [cell.text.strip() for cell in self.rows[index]]


def read_docx_plan(data: bytes, *, source_name: str) -> PlanDocument:
    archive = open_office_zip(data, source_name, "docx")  # its size and XML now bounded
    try:
        with archive.open("word/document.xml") as part:
            root = etree.parse(part, _PARSER).getroot()
    except (etree.XMLSyntaxError, KeyError, ValueError, OSError, zipfile.BadZipFile) as error:
        raise ImportProblem(
            f"{source_name}: the document is damaged and cannot be read ({error})."
        ) from error
    body = root.find(f"{W}body")
    if body is None:
        raise ImportProblem(f"{source_name}: the document has no body; it is damaged.")
    return _DocxReader(source_name).read(_blocks(body))


class _DocxReader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.rows = ActionRows(source)
        self.extra = ExtraColumns(source)
        self.extra_columns: dict[int, str] = {}  # those of the last header row
        self.layers = WordLayers(self.rows, self.extra)  # what our own pack marks (ADR 0042)

    def read(self, blocks: list[str | _Table]) -> PlanDocument:
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
            document.title = title_from_name(self.source)
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

    def _header_row(self, table: _Table) -> int | None:
        for index in range(len(table.rows)):
            if match_header(table.texts(index)) is not None:
                return index
        return None

    def _looks_like_actions(self, table: _Table) -> bool:
        return any(
            len(row) >= 4 and row[0].text.strip().rstrip(".").isdigit() for row in table.rows
        )

    def _actions(
        self, table: _Table, start: int, columns: dict[Column, int], domain: DomainEntry
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

    def _key(self, table: _Table, document: PlanDocument) -> bool:
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

    def _table1(self, table: _Table) -> dict[str, dict[str, int]]:
        rows = [self._row(table, index) for index in range(len(table.rows))]
        rows = [row for row in rows if any(row.cells)]
        if not rows:
            raise ImportProblem(f"{self.source}, table {table.number}: Table 1 is empty.")
        return tables.read_table1(self.source, rows[0], rows[1:], self.rows.labels)

    def _table2(self, table: _Table) -> dict[str, int]:
        rows = [self._row(table, index) for index in range(len(table.rows))]
        rows = [row for row in rows if any(row.cells)]
        if len(rows) < 2:
            raise ImportProblem(
                f"{self.source}, table {table.number}: Table 2 should have a header row "
                "and a row of figures."
            )
        return tables.read_table2(self.source, rows[0], rows[1], self.rows.labels)

    def _row(self, table: _Table, index: int) -> tables.Row:
        return tables.Row(f"table {table.number}, row {index + 1}", table.texts(index))


def title_from_name(name: str) -> str:
    """'learning-and-improvement-plan.docx' -> 'learning and improvement plan'."""
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return " ".join(stem.replace("_", " ").replace("-", " ").split()) or "Imported plan"


def _blocks(body: etree._Element) -> list[str | _Table]:
    """The body's paragraphs (as text) and tables (as grids of cells), in order."""
    blocks: list[str | _Table] = []
    count = 0
    for element in _content(body):
        if element.tag == f"{W}p":
            blocks.append(text_of(element))
        elif element.tag == f"{W}tbl":
            count += 1
            blocks.append(_grid(element, count))
    return blocks


def _content(parent: etree._Element) -> Iterator[etree._Element]:
    """Children, looking through content controls (w:sdt) and tracked insertions."""
    for child in parent:
        if child.tag in (f"{W}sdt", f"{W}customXml", f"{W}ins"):
            content = child.find(f"{W}sdtContent")
            yield from _content(content if content is not None else child)
        else:
            yield child


def _grid(table: etree._Element, number: int) -> _Table:
    """Rows of cells, one per grid column: a merged cell's text is in every column and
    row it covers, so that a lead merged across two actions belongs to both."""
    grid = _Table(number)
    above: list[Cell] = []
    for row_index, row in enumerate(r for r in _content(table) if r.tag == f"{W}tr"):
        where = f"table {number}, row {row_index + 1}"
        cells: list[Cell] = []
        before = row.find(f"{W}trPr/{W}gridBefore")
        for _ in range(_int(before, 0)):
            cells.append(Cell(where=where))
        for cell in (c for c in _content(row) if c.tag == f"{W}tc"):
            properties = cell.find(f"{W}tcPr")
            span = max(_int(_find(properties, "gridSpan"), 1), 1)
            merge = _find(properties, "vMerge")
            column = len(cells)
            if merge is not None and merge.get(f"{W}val") in (None, "continue"):
                if column < len(above):
                    source = above[column]
                    value = Cell(
                        source.text, source.fill, f"{where}, column {column + 1}", continued=True
                    )
                else:
                    value = Cell(where=f"{where}, column {column + 1}")
            else:
                text, plain, marks = cell_content(cell)
                value = WordCell(
                    text=text,
                    fill=_cell_fill(cell, properties),
                    where=f"{where}, column {column + 1}",
                    plain=plain,
                    marks=marks,
                )
            cells.append(value)
            cells.extend(Cell(where=value.where) for _ in range(span - 1))
        grid.rows.append(cells)
        above = cells
    return grid


def _cell_fill(cell: etree._Element, properties: etree._Element | None) -> str | None:
    """The cell's shading; failing that, the shading or highlight of its first run."""
    fill = _shading(_find(properties, "shd"))
    if fill:
        return fill
    for run in cell.iter(f"{W}r"):
        if not "".join(t.text or "" for t in run.iter(f"{W}t")).strip():
            continue
        run_properties = run.find(f"{W}rPr")
        highlight = _find(run_properties, "highlight")
        if highlight is not None and highlight.get(f"{W}val") in _HIGHLIGHTS:
            return _HIGHLIGHTS[str(highlight.get(f"{W}val"))]
        return _shading(_find(run_properties, "shd"))
    return None


def _shading(shd: etree._Element | None) -> str | None:
    if shd is None:
        return None
    pattern, colour, fill = (shd.get(f"{W}{name}") for name in ("val", "color", "fill"))
    if pattern == "solid" and colour and colour != "auto":
        return str(colour)  # a solid pattern shows its foreground colour
    if pattern == "nil" or not fill or fill == "auto":
        return None
    return str(fill)


def _find(parent: etree._Element | None, name: str) -> etree._Element | None:
    return None if parent is None else parent.find(f"{W}{name}")


def _int(element: etree._Element | None, default: int) -> int:
    """A span or skip of grid columns; Word's tables have at most 63, so a larger one
    (which would make millions of empty cells) counts as that many."""
    value = None if element is None else element.get(f"{W}val")
    if value is None or not _SPAN.fullmatch(value):
        return default
    return min(int(value), _MOST_COLUMNS)
