"""Propose a mapping for any grid: which tables are the tracker, what each column, status
and special row means, each with its reason in words (issue 19, ADR 0045).

Pure: a grid in, a Mapping out; no file, no database, and it never refuses. A person
reads the proposal and may change any of it before it is applied. Built for the family
of trackers public bodies keep (headers in their own words, a title row above the
header, layers, statuses their own way), not for one document.
"""

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

from improvement_tracker.documents.importers.column_guess import (
    LONGEST_HEADER,
    looks_like_reference,
    propose_columns,
)
from improvement_tracker.documents.importers.grid import Grid, GridCell, GridTable
from improvement_tracker.documents.importers.header_words import header_meaning, shown
from improvement_tracker.documents.importers.mapping import (
    ColumnMapping,
    Mapping,
    Meaning,
    RowKind,
    RowMapping,
    TableMapping,
)
from improvement_tracker.documents.importers.status_words import DocumentKey
from improvement_tracker.documents.importers.statuses_found import propose_statuses
from improvement_tracker.plans.numbering import clean_reference

HEADER_SCAN_ROWS = 12  # a header row is found among a table's first rows
SAMPLE_ROWS = 500  # the rows a column's cells are judged by
_SECTION_WORDS = re.compile(
    r"^(standard|priority|section|domain|theme|area|part|chapter|workstream|work stream)\b",
    re.IGNORECASE,
)
_OBJECTIVE_WORDS = re.compile(r"^(objective|aim|goal|outcome|recommendation)s?\b", re.IGNORECASE)
NUMBER_AT_START = re.compile(
    r"^\s*(?:action\s+|objective\s+)?(?P<number>[A-Za-z]{0,3}[0-9]{1,3}(?:[.\-][0-9]{1,3})*[a-z]?)"
    r"(?:[.):]\s*|\s+[-–:]?\s*)(?=\S)",
    re.IGNORECASE,
)
_TABLE_LABEL = re.compile(r"^table\s*[0-9]+\b", re.IGNORECASE)
_UPDATED = re.compile(r"^\(?\s*updated\b", re.IGNORECASE)
_KEY = re.compile(r"^(rag\s+|status\s+)?key\b", re.IGNORECASE)


def propose_mapping(grid: Grid) -> Mapping:
    key, key_tables = document_key(grid)
    title = _title(grid)
    mappings: list[TableMapping] = []
    previous: tuple[TableMapping, int] | None = None  # the last table of actions, its width
    for table in grid.tables:
        if table.number in key_tables:
            reason = "a key of the statuses: what it says each status means is used to read them"
            mappings.append(TableMapping(table.number, table.name, False, reason))
            continue
        mapping = _table(table, grid, key, previous, title)
        if mapping.use:
            previous = (mapping, table.width)
        mappings.append(mapping)
    closest = "" if any(mapping.use for mapping in mappings) else _closest(mappings)
    return Mapping(source=grid.source, title=title, tables=tuple(mappings), closest=closest)


def document_key(grid: Grid) -> tuple[DocumentKey, set[int]]:
    """What the document says its statuses mean (its key, in lines or a table of its own),
    and the tables that are keys."""
    key = DocumentKey()
    key.learn_lines(grid.title_lines[-20:])
    for table in grid.tables:
        key.learn_lines(table.above[-20:])
    for table in grid.tables:  # a key written in a sheet's rows above its header
        key.learn_lines(_lone(row) for row in table.rows[: _header_row(table) or 0])
    return key, {table.number for table in grid.tables if _key_table(table, key)}


def _table(
    table: GridTable,
    grid: Grid,
    key: DocumentKey,
    previous: tuple[TableMapping, int] | None,
    title: str,
) -> TableMapping:
    if not any(cell.text for row in table.rows for cell in row):
        return TableMapping(table.number, table.name, False, "the table is empty")
    header_at = _header_row(table)
    headers: list[GridCell] = table.rows[header_at] if header_at is not None else []
    start = header_at + 1 if header_at is not None else 0
    width = table.width
    if header_at is None and previous is not None and previous[1] == width:
        before = previous[0]
        columns = [
            ColumnMapping(c.column, c.header, c.meaning, f"as in {before.name}", c.field)
            for c in before.columns
        ]
        said = f"no header row: it continues {before.name} (the same {width} columns)"
    else:
        body = table.rows[start : start + SAMPLE_ROWS]
        cells = [[_at(row, index) for row in body] for index in range(width)]
        columns = propose_columns(headers, cells, key)
        said = f"header row {header_at + 1}" if header_at is not None else "no header row"
    rows = _special_rows(table, start, columns, headers)
    skipped = {row.row - 1 for row in rows}
    actions = [index for index in range(start, len(table.rows)) if index not in skipped]
    columns, number_in_text = _number_in_text(table, actions, columns)
    activities = {row.row - 1 for row in rows if row.kind is RowKind.ACTIVITY}
    rated = sorted({*actions, *activities})  # an activity has a status of its own
    mapping = TableMapping(
        table.number,
        table.name,
        False,
        "",
        header_row=header_at + 1 if header_at is not None else None,
        columns=tuple(columns),
        statuses=tuple(propose_statuses(table, rated, columns, key)),
        rows=tuple(rows),
        number_in_text=number_in_text,
    )
    section, section_reason = _section(table, grid, title, header_at)
    use, reason = _use(mapping, table, actions, said)
    if use and section_reason:
        reason = f"{reason}; {section_reason}"
    return replace(mapping, use=use, reason=reason, section=section)


def _at(row: list[GridCell], index: int) -> GridCell:
    return row[index] if index < len(row) else GridCell()


def _header_row(table: GridTable) -> int | None:
    """The first of the top rows naming the most kinds of column (two at least)."""
    best, best_count = None, 1
    for index, row in enumerate(table.rows[:HEADER_SCAN_ROWS]):
        meanings = {
            header_meaning(cell.own_text)
            for cell in row
            if cell.own_text and len(cell.own_text) <= LONGEST_HEADER
        } - {None}
        if len(meanings) > best_count:
            best, best_count = index, len(meanings)
    return best


def _use(
    mapping: TableMapping, table: GridTable, actions: list[int], said: str
) -> tuple[bool, str]:
    action = mapping.column_for(Meaning.ACTION)
    known = [
        column.meaning.value
        for column in mapping.columns
        if column.meaning not in (Meaning.EXTRA, Meaning.IGNORE)
    ]
    gives = f"{said}; its columns give {', '.join(known)}" if known else said
    if action is None:
        return False, f"{gives}; no column reads as the actions"
    rows = [index for index in actions if table.cell(index, action.column - 1).own_text]
    if not rows:
        return False, f"{gives}; no row under it has an action"
    numbered = mapping.column_for(Meaning.REFERENCE) is not None or mapping.number_in_text
    continued = said.startswith("no header row: it continues")
    if mapping.header_row is None and not continued and (not numbered or len(rows) < 2):
        return False, f"{gives}; without a header row, too little to be sure it is actions"
    return True, f"{gives}: its {len(rows)} rows with an action are the plan's actions"


def _special_rows(
    table: GridTable, start: int, columns: list[ColumnMapping], headers: list[GridCell]
) -> list[RowMapping]:
    """Rows under the header that are not actions: sections, objectives, activities and
    the header again."""
    reference = next((c.column - 1 for c in columns if c.meaning is Meaning.REFERENCE), None)
    action = next((c.column - 1 for c in columns if c.meaning is Meaning.ACTION), None)
    levels: Counter[int] = Counter()
    examples: dict[int, str] = {}
    if reference is not None:
        for index in range(start, len(table.rows)):
            written = clean_reference(table.cell(index, reference).own_text)
            if looks_like_reference(written):
                levels[_levels(written)] += 1
                examples.setdefault(_levels(written), written)
    usual = levels.most_common(1)[0][0] if levels else 0
    header_texts = [_words(cell.text) for cell in headers]
    wide = table.width >= 3  # once: the width is counted over every row
    found: list[RowMapping] = []
    for index in range(start, len(table.rows)):
        row = table.rows[index]
        texts = {" ".join(cell.text.split()) for cell in row if cell.text}
        if not texts:
            continue
        if _repeats_header(row, header_texts):
            found.append(RowMapping(index + 1, RowKind.HEADER, "", "the header row again: skipped"))
            continue
        own = [position for position, cell in enumerate(row) if cell.own_text]
        if wide and len(texts) == 1 and len(own) == 1 and _spans(row, own[0]):
            text = texts.pop()
            kind, reason = _spanning(text, usual, examples.get(usual, ""))
            found.append(RowMapping(index + 1, kind, text, reason))
            continue
        if reference is None or usual < 2:
            continue
        written = clean_reference(table.cell(index, reference).own_text)
        if not looks_like_reference(written) or _levels(written) == usual:
            continue
        example = examples[usual]
        if _levels(written) < usual:
            kind = RowKind.OBJECTIVE
            reason = f"its reference '{written}' has fewer levels than the actions' ({example})"
        else:
            kind = RowKind.ACTIVITY
            reason = (
                f"its reference '{written}' has more levels than the actions' ({example}): "
                "an activity of the action above"
            )
        words = table.cell(index, action).own_text if action is not None else ""
        text = words or " ".join(cell.own_text for cell in row if cell.own_text)
        found.append(RowMapping(index + 1, kind, shown(text), reason))
    return found


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


def _repeats_header(row: list[GridCell], header_texts: list[str]) -> bool:
    named = [(position, text) for position, text in enumerate(header_texts) if text]
    if len(named) < 2:
        return False
    same = sum(1 for position, text in named if _words(_at(row, position).text) == text)
    return same * 3 >= len(named) * 2


def _spans(row: list[GridCell], position: int) -> bool:
    """A lone text spans the row when merged across much of it, or stands at its start."""
    across = sum(1 for cell in row if cell.merged == "across")
    return across + 1 >= max(2, len(row) // 2) or position == 0


def _spanning(text: str, usual: int, example: str) -> tuple[RowKind, str]:
    quoted = shown(text)
    if _OBJECTIVE_WORDS.match(text):
        return RowKind.OBJECTIVE, f"'{quoted}' spans the row and names an objective"
    if _SECTION_WORDS.match(text):
        return RowKind.SECTION, f"'{quoted}' spans the row and names a section"
    number = NUMBER_AT_START.match(text)
    if number and usual >= 2 and _levels(number["number"]) < usual:
        reason = (
            f"'{quoted}' spans the row, and its number {number['number']} has fewer levels "
            f"than the actions' ({example}): an objective"
        )
        return RowKind.OBJECTIVE, reason
    return RowKind.SECTION, f"'{quoted}' spans the row: a section"


def _levels(reference: str) -> int:
    """1 for 1, CC1 or R3; 2 for 1.1 or 1a; 3 for C1.1.1."""
    return len(re.findall(r"[0-9]+", reference)) + bool(re.search(r"[0-9][A-Za-z]+$", reference))


def _number_in_text(
    table: GridTable, actions: list[int], columns: list[ColumnMapping]
) -> tuple[list[ColumnMapping], bool]:
    """Without a reference column, the action's number may begin its text ("1. To …")."""
    action = next((c for c in columns if c.meaning is Meaning.ACTION), None)
    if action is None or any(c.meaning is Meaning.REFERENCE for c in columns):
        return columns, False
    texts = [table.cell(index, action.column - 1).own_text for index in actions]
    texts = [text for text in texts if text]
    numbered = [text for text in texts if NUMBER_AT_START.match(text)]
    if not numbered or len(numbered) * 2 < len(texts):
        return columns, False
    example = shown(numbered[0])
    reason = (
        f"{action.reason}; no column of references, but {len(numbered)} of {len(texts)} "
        f"begin with their number ('{example}'): read as the reference"
    )
    changed = ColumnMapping(action.column, action.header, action.meaning, reason)
    return [changed if c is action else c for c in columns], True


def _section(table: GridTable, grid: Grid, title: str, header_at: int | None) -> tuple[str, str]:
    """The section a table's actions start in, and why."""
    if grid.headed_in_rows:
        above = [_lone(row) for row in table.rows[: header_at or 0]]
        lines = [line for line in above if line and not _KEY.match(line)]
        if len(lines) >= 2 or (lines and _SECTION_WORDS.match(lines[-1])):
            return lines[-1], f"the row above its header, '{shown(lines[-1])}', names its section"
        if sum(1 for other in grid.tables if other.rows) > 1:
            return table.sheet, "its section is named after its sheet"
        return title, "no heading names its section: it is named after the document's title"
    lines = _headings(table.above)
    if table.number == 1:
        if len(lines) >= 2 and _names_section(lines[-1]):
            return lines[-1], f"the heading above it, '{shown(lines[-1])}', names its section"
        return title, "no heading names its section: it is named after the document's title"
    if lines:
        return lines[-1], f"the heading above it, '{shown(lines[-1])}', names its section"
    return "", "no heading above it: its actions continue the section before"


def _headings(lines: list[str]) -> list[str]:
    """Paragraphs that may be headings: not notes ("*High priority"), labels or keys."""
    return [
        line
        for line in lines
        if not line.startswith("*") and not _TABLE_LABEL.match(line) and not _KEY.match(line)
    ]


def _names_section(line: str) -> bool:
    return bool(_SECTION_WORDS.match(line) or NUMBER_AT_START.match(line))


def _lone(row: list[GridCell]) -> str:
    texts = [cell.own_text for cell in row if cell.own_text]
    return " ".join(texts[0].split()) if len(texts) == 1 else ""


def _title(grid: Grid) -> str:
    """The plan's title: from the lines above the first table (Word) or above the first
    sheet's header (Excel, CSV), read as the example's importer reads them (the organisation,
    then the title); sentences are words about the plan, not its title. Else the file's
    name."""
    lines = grid.title_lines[:20]
    if grid.headed_in_rows:
        first = next((table for table in grid.tables if table.rows), None)
        above = first.rows[: _header_row(first) or 0] if first is not None else []
        lines = [_lone(row) for row in above]
    lines = [line for line in _headings(lines) if line and not _UPDATED.match(line)]
    lines = [line for line in lines if len(line) <= 120 and not line.endswith(".")][:3]
    if len(lines) >= 2 and _names_section(lines[-1]):
        lines = lines[:-1]
    if grid.headed_in_rows and lines:
        return lines[0][:200]
    if lines:
        return lines[1 if len(lines) >= 2 else 0][:200]
    stem = Path(grid.source).stem.replace("_", " ").replace("-", " ")
    return " ".join(stem.split()) or "Imported plan"


def _key_table(table: GridTable, key: DocumentKey) -> bool:
    """A small table whose rows say what each status means: learnt, then set aside."""
    rows = [row for row in table.rows if any(cell.own_text for cell in row)]
    if not 2 <= len(rows) <= 12 or table.width > 4 or _header_row(table) is not None:
        return False
    trial = DocumentKey()
    learned = 0
    for row in rows:
        cells = [cell for cell in row if cell.own_text]
        fill = next((cell.fill for cell in row if cell.fill and not cell.merged), None)
        if len(cells) >= 2 and len(cells[1].own_text) <= 120:
            learned += trial.learn(cells[0].own_text, cells[1].own_text, fill)
        elif len(cells) == 1 and fill and not cells[0].fill:
            learned += trial.learn(f"#{fill}", cells[0].own_text, fill)  # a colour, then words
        elif len(cells) == 1:
            before = len(trial.labels)
            trial.learn_lines([cells[0].own_text])
            learned += len(trial.labels) > before
    if learned < 2 or learned * 2 < len(rows):
        return False
    for label, entry in trial.labels.items():
        key.labels.setdefault(label, entry)
    for colour, meaning in trial.fills.items():
        key.fills.setdefault(colour, meaning)
    return True


def _closest(mappings: list[TableMapping]) -> str:
    candidates = [mapping for mapping in mappings if mapping.columns]
    if not mappings:
        return "the document has no tables: a tracker's actions are rows of a table"
    if not candidates:
        return "no table has a row of headers or cells we can read as a tracker's columns"

    def known(mapping: TableMapping) -> int:
        return sum(c.meaning not in (Meaning.EXTRA, Meaning.IGNORE) for c in mapping.columns)

    best = max(candidates, key=lambda mapping: (known(mapping), -mapping.table))
    return f"{best.name} came closest: {best.reason}"
