"""A mapping applied to a grid: the PlanDocument the importing service takes (ADR 0045).

What the mapping says each table, column, status and row means is followed as written
(a person may have corrected the proposal). Every cell with text in a used table ends up
in the plan, as a field, an extra field or a line of the action it continues, or is
named in a warning by table, row and column: nothing is lost without a word. Checked as
every import is (tables.check_document) before anything is saved.
"""

from dataclasses import dataclass, field
from pathlib import Path

from improvement_tracker.documents.importers import tables
from improvement_tracker.documents.importers.columns import ActionRows, Cell
from improvement_tracker.documents.importers.grid import Grid, GridTable, read_grid_file
from improvement_tracker.documents.importers.header_words import shown
from improvement_tracker.documents.importers.limits import import_limits
from improvement_tracker.documents.importers.mapping import (
    SINGLE,
    Mapping,
    Meaning,
    RowKind,
    TableMapping,
)
from improvement_tracker.documents.importers.mapping_json import MappingProblem, mapping_from_json
from improvement_tracker.documents.importers.proposal import NUMBER_AT_START, document_key
from improvement_tracker.documents.importers.status_words import DocumentKey, plan_key
from improvement_tracker.documents.importers.statuses_found import status_at
from improvement_tracker.plans.numbering import (
    clean_reference,
    natural_key,
    next_reference,
    reference_problem,
)
from improvement_tracker.plans.plan_document import (
    ActionEntry,
    ActivityEntry,
    DomainEntry,
    ImportProblem,
    ObjectiveEntry,
    PlanDocument,
)
from improvement_tracker.plans.rag import Status


def read_with_mapping(path: Path, mapping_path: Path) -> PlanDocument:
    """`import_plan PATH --mapping FILE.json`: the file read as its mapping says."""
    try:
        size = mapping_path.stat().st_size
        if size > import_limits().file_bytes:
            raise MappingProblem(f"{mapping_path.name}: the mapping is too large to be one.")
        text = mapping_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise MappingProblem(f"{mapping_path}: cannot be read ({error}).") from error
    mapping = mapping_from_json(text, source=mapping_path.name)
    return document_from_mapping(read_grid_file(path), mapping)


def document_from_mapping(grid: Grid, mapping: Mapping) -> PlanDocument:
    _check_fits(grid, mapping)
    key, key_tables = document_key(grid)
    title = mapping.title.strip() or Path(grid.source).stem
    document = PlanDocument(title=title, organisation="", source_name=grid.source)
    document.warnings.extend(grid.warnings)  # what the reader read its own way
    builder = _Builder(document, key)
    mapped = {table.table: table for table in mapping.tables}
    for table in grid.tables:
        given = mapped.get(table.number)
        if given is not None and given.use:
            builder.table(table, given)
        elif table.number not in key_tables and any(c.text for row in table.rows for c in row):
            why = (
                given.reason if given is not None and given.reason else "the mapping leaves it out"
            )
            document.warnings.append(f"{grid.source}, {table.name}: not imported: {why}.")
    document.warnings.extend(builder.rows.warnings)
    if not any(domain.actions for domain in builder.domains.values()):
        closest = f" ({mapping.closest})" if mapping.closest else ""
        raise ImportProblem(f"{grid.source}: the mapping uses no table with actions{closest}.")
    document.key = plan_key(key, [s for table in mapping.used for s in table.statuses])
    for entry in document.key.entries if document.key is not None else ():
        document.rag_key[entry.status] = entry.description
    tables.keep_domains(document, [(d.title, d) for d in builder.domains.values()], None)
    document.extra_fields = builder.fields
    limit = import_limits().extra_fields
    if len(builder.fields) > limit:
        raise ImportProblem(
            f"{grid.source}: the mapping keeps {len(builder.fields)} extra fields; at most "
            f"{limit} can be imported (the import limit). Make some of them 'ignore'."
        )
    tables.check_document(document)
    tables.warn_about_timescales(document)
    return document


def _check_fits(grid: Grid, mapping: Mapping) -> None:
    """A mapping names tables, columns and rows by position: they must be in this file."""
    problems = []
    for table in mapping.tables:
        if table.table > len(grid.tables):
            problems.append(f"table {table.table}: the file has {len(grid.tables)} tables")
            continue
        read = grid.tables[table.table - 1]
        width = read.width
        for column in table.columns:
            if column.column > width:
                problems.append(
                    f"table {table.table}, column {column.column}: {read.name} has {width} columns"
                )
        if table.header_row is not None and table.header_row > len(read.rows):
            problems.append(
                f"table {table.table}: 'header_row' is {table.header_row}; {read.name} has "
                f"{len(read.rows)} rows"
            )
    if problems:
        raise MappingProblem(
            f"{grid.source}: the mapping does not fit the file:\n- " + "\n- ".join(problems[:20])
        )


@dataclass
class _Row:
    """One row's cells by meaning, as a merged cell shows them in every row it covers."""

    texts: dict[Meaning, str]
    own: dict[Meaning, str]  # only what the row's own cells hold
    extra: dict[str, str] = field(default_factory=dict)


class _Builder:
    def __init__(self, document: PlanDocument, key: DocumentKey) -> None:
        self.document, self.key = document, key
        self.source = document.source_name
        self.rows = ActionRows(self.source)
        self.domains: dict[str, DomainEntry] = {}
        self.domain: DomainEntry | None = None
        self.section = ""  # the section's title, whose domain is made when first needed
        self.objective: ObjectiveEntry | None = None
        self.fields: list[str] = []
        self.numbers: dict[str, set[str]] = {}  # each section's action numbers
        self.last: dict[str, str] = {}  # and the last of them in natural order
        self.within: dict[tuple[str, str], str] = {}  # the last 1.n given for a repeated 1

    def warn(self, where: str, message: str) -> None:
        self.document.warnings.append(f"{self.source}, {where}: {message}")

    def switch(self, title: str, *, now: bool = True) -> DomainEntry | None:
        """A new section: made at once for a section row (a cell, so a section row with
        nothing under it is warned about), else when its first action arrives."""
        self.section = " ".join(title.split())
        self.domain = self.domains.get(self.section.casefold())
        self.objective = None
        return self._current() if now else self.domain

    def _current(self) -> DomainEntry:
        if self.domain is None:
            title = self.section or self.document.title
            self.domain = self.domains.setdefault(title.casefold(), DomainEntry(title, label=""))
        return self.domain

    def table(self, table: GridTable, mapping: TableMapping) -> None:
        if mapping.section.strip():
            self.switch(mapping.section, now=False)
        for column in mapping.columns:
            name = _field_name(column.meaning, column.field)
            if name and name.casefold() not in {known.casefold() for known in self.fields}:
                self.fields.append(name)
        kinds = {row.row - 1: row.kind for row in mapping.rows}
        for index in range(mapping.header_row or 0, len(table.rows)):
            if not any(cell.text for cell in table.rows[index]):
                continue
            where = f"{table.name}, row {index + 1}"
            row = self._read(table, index, mapping)
            kind = kinds.get(index)
            if kind is RowKind.HEADER:
                continue
            lone = " ".join(" ".join(c.text.split()) for c in table.rows[index] if c.own_text)
            if kind is RowKind.SECTION:
                self.switch(lone)
            elif kind is RowKind.OBJECTIVE:
                self._objective(row, lone, where)
            elif kind is RowKind.ACTIVITY:
                self._activity(table, index, row, mapping, where)
            else:
                self._action(table, index, row, mapping, where)
        self._ignored(table, mapping)

    def _read(self, table: GridTable, index: int, mapping: TableMapping) -> _Row:
        texts: dict[Meaning, str] = {}
        own: dict[Meaning, str] = {}
        extra: dict[str, str] = {}
        for column in mapping.columns:
            cell = table.cell(index, column.column - 1)
            # A cell merged down holds its text in every row it covers (a lead merged over
            # three actions leads all three); one merged across holds it in its first column.
            shown_here = "" if cell.merged == "across" else cell.text
            text = shown_here.replace("\r\n", "\n").replace("\r", "\n").strip()
            name = _field_name(column.meaning, column.field)
            if name:
                if text:
                    extra[name] = text
            elif column.meaning in SINGLE:
                texts[column.meaning] = text
                own[column.meaning] = "" if cell.merged else text
        return _Row(texts, own, extra)

    def _status(self, table: GridTable, index: int, mapping: TableMapping, where: str) -> Status:
        reading = status_at(table, index, mapping.columns, self.key, covered=True)
        if reading is None:
            return Status.NOT_RATED
        for status in mapping.statuses:
            if (status.found, status.source) == (reading.found, reading.source):
                return status.meaning
        self.warn(where, f"the status '{reading.found}' is not in the mapping: {reading.reason}.")
        return reading.meaning

    def _number(self, row: _Row, mapping: TableMapping, where: str) -> str:
        written = row.texts.get(Meaning.REFERENCE, "")
        if mapping.number_in_text and not written:
            found = NUMBER_AT_START.match(row.texts.get(Meaning.ACTION, ""))
            written = found["number"] if found else ""
        number = clean_reference(written)
        domain = self._current()
        taken = self.numbers.setdefault(domain.title.casefold(), set())
        if number and reference_problem(number) is None and number not in taken:
            return self._taken(domain, number)
        proposal = self._next_free(domain)
        if number and number in taken:
            # 1, then 1.1, 1.2 …, said in a warning each; counted on, not searched again.
            place = (domain.title.casefold(), number)
            within = self.within.get(place, f"{number}.0")
            while (within := next_reference([within])) in taken:
                pass
            self.within[place] = within
            if reference_problem(within) is None:
                proposal = within
            self.warn(
                where, f"action {number} is already in '{domain.title}': numbered {proposal}."
            )
        elif number:
            self.warn(where, f"'{shown(written)}' cannot be an action number: numbered {proposal}.")
        else:
            self.warn(where, f"the action has no reference: numbered {proposal}.")
        return self._taken(domain, proposal)

    def _taken(self, domain: DomainEntry, number: str) -> str:
        """Note a section's number as used (a set and the last in natural order, so that a
        plan of thousands of actions is numbered in linear time)."""
        self.numbers.setdefault(domain.title.casefold(), set()).add(number)
        last = self.last.get(domain.title.casefold())
        if last is None or natural_key(number) > natural_key(last):
            self.last[domain.title.casefold()] = number
        return number

    def _next_free(self, domain: DomainEntry) -> str:
        """After the section's last number in natural order, the next not taken."""
        taken = self.numbers.get(domain.title.casefold(), set())
        last = self.last.get(domain.title.casefold())
        proposal = next_reference([last] if last else [])
        while proposal in taken:
            proposal = next_reference([proposal])
        return proposal

    def _action(
        self, table: GridTable, index: int, row: _Row, mapping: TableMapping, where: str
    ) -> None:
        section = " ".join(row.own.get(Meaning.SECTION, "").split())
        if section and (self.domain is None or section.casefold() != self.domain.title.casefold()):
            self.switch(section)  # a section column's value starts its section
        domain = self._current()
        merged_reference = Meaning.REFERENCE in row.texts and not row.own.get(Meaning.REFERENCE)
        if merged_reference and row.texts[Meaning.REFERENCE] and not row.own.get(Meaning.ACTION):
            self._continued(row, where)
            return
        text = row.texts.get(Meaning.ACTION, "")
        if not text:
            self._continued(row, where, said="the row has no action")
            return
        if served := row.texts.get(Meaning.OBJECTIVE, ""):
            # A column of objectives (or recommendations) names the one each action serves;
            # merged down, over all the actions it covers.
            found = NUMBER_AT_START.match(served)
            number = clean_reference(found["number"]) if found else ""
            self.objective = ObjectiveEntry("" if reference_problem(number) else number, served)
        asterisk = text.startswith("*")
        priority = row.texts.get(Meaning.PRIORITY, "")
        evidence = row.texts.get(Meaning.EVIDENCE, "")
        domain.actions.append(
            ActionEntry(
                number=self._number(row, mapping, where),
                text=text.lstrip("*").strip() if asterisk else text,
                lead=row.texts.get(Meaning.LEAD, ""),
                timescale=row.texts.get(Meaning.TIMESCALE, ""),
                status=self._status(table, index, mapping, where),
                progress="\n".join(p for p in (row.texts.get(Meaning.PROGRESS, ""), evidence) if p),
                high_priority=asterisk or self.rows.priority(Cell(priority, where=where)),
                location=where,
                extra=row.extra,
                objective=self.objective,
            )
        )

    def _continued(self, row: _Row, where: str, said: str = "") -> None:
        """A row whose reference and action are merged with the row above: its own lead,
        timescale and progress are more lines of that action (one per sub-action). `said`
        is why else a row continues the action above, for its warning."""
        domain = self._current()
        words = "; ".join(text for text in row.own.values() if text)
        if not domain.actions:
            why = said or "the row continues no action"
            self.warn(where, f"{why}, and no action is above it: '{shown(words)}' is not imported.")
            return
        action = domain.actions[-1]
        if said:
            self.warn(where, f"{said}: its words are kept with action {action.number} above.")
        for meaning, attribute in _CONTINUED.items():
            if attribute and (own := row.own.get(meaning, "")):
                setattr(action, attribute, f"{getattr(action, attribute)}\n{own}".strip())
        for name, value in row.extra.items():
            if value != action.extra.get(name):
                action.extra[name] = f"{action.extra.get(name, '')}\n{value}".strip()
        for meaning, text in row.own.items():
            if text and meaning not in _CONTINUED:
                self.warn(
                    where,
                    f"the {meaning.value} '{shown(text)}' continues action {action.number}, "
                    f"which has one {meaning.value}: it is not kept.",
                )

    def _objective(self, row: _Row, lone: str, where: str) -> None:
        words = row.texts.get(Meaning.ACTION) or row.texts.get(Meaning.OBJECTIVE) or lone
        number = clean_reference(row.texts.get(Meaning.REFERENCE, ""))
        if reference_problem(number) is not None:
            found = NUMBER_AT_START.match(words)
            number = clean_reference(found["number"]) if found else ""
        if reference_problem(number) is not None:
            number = ""
        self.objective = ObjectiveEntry(number, words, row.texts.get(Meaning.LEAD, ""))
        for meaning in (Meaning.TIMESCALE, Meaning.STATUS, Meaning.PROGRESS):
            if text := row.own.get(meaning):
                self.warn(where, f"the objective's {meaning.value} '{shown(text)}' is not kept.")

    def _activity(
        self, table: GridTable, index: int, row: _Row, mapping: TableMapping, where: str
    ) -> None:
        domain = self._current()
        if not domain.actions:
            self.warn(where, "an activity before any action: imported as an action.")
            self._action(table, index, row, mapping, where)
            return
        domain.actions[-1].activities.append(
            ActivityEntry(
                number=clean_reference(row.texts.get(Meaning.REFERENCE, "")),
                text=row.texts.get(Meaning.ACTION, ""),
                lead=row.texts.get(Meaning.LEAD, ""),
                timescale=row.texts.get(Meaning.TIMESCALE, ""),
                status=self._status(table, index, mapping, where),
            )
        )

    def _ignored(self, table: GridTable, mapping: TableMapping) -> None:
        headers = {row.row - 1 for row in mapping.rows if row.kind is RowKind.HEADER}
        rows = [i for i in range(mapping.header_row or 0, len(table.rows)) if i not in headers]
        given = {column.column: column for column in mapping.columns}
        for number in range(1, table.width + 1):
            column = given.get(number)
            if column is not None and column.meaning is not Meaning.IGNORE:
                continue
            held = sum(1 for index in rows if table.cell(index, number - 1).own_text)
            if held:
                header = f" ('{shown(column.header)}')" if column and column.header else ""
                why = "the mapping ignores it" if column else "it is not in the mapping"
                self.warn(
                    f"{table.name}, column {number}{header}",
                    f"{why}: {held} cells with text are not imported.",
                )


# What a row continuing an action adds to it, a line each (one per sub-action).
_CONTINUED = {
    Meaning.ACTION: "text",
    Meaning.LEAD: "lead",
    Meaning.TIMESCALE: "timescale",
    Meaning.PROGRESS: "progress",
    Meaning.REFERENCE: "",  # merged with the row above: the same reference
}


def _field_name(meaning: Meaning, name: str) -> str:
    """The extra field a column's values are kept under, if any. (Evidence has no field of
    its own on an action: it is kept as a line of the progress.)"""
    return " ".join(name.split()) if meaning is Meaning.EXTRA else ""
