"""The statuses a table shows, each once with how often, its proposed meaning and why (pure).

Read from the status column (its words, letters, category numbers, the first word of a
longer cell, and its fill where the words say nothing); failing a status column, from
the first words or the fill of the progress column. A status merged down over several
rows is one status, counted once.
"""

from collections.abc import Sequence

from improvement_tracker.documents.importers.grid import GridTable
from improvement_tracker.documents.importers.mapping import (
    ColumnMapping,
    Meaning,
    StatusMapping,
    StatusSource,
)
from improvement_tracker.documents.importers.status_words import (
    DocumentKey,
    Reading,
    first_words,
    read_fill,
    read_text,
)
from improvement_tracker.plans.rag import Status

MOST_FOUND = 100  # different statuses listed for one table; the rest are counted as these
_FIRST_WORDS = 3  # a progress cell's status is its first few words: "On track - …"


def propose_statuses(
    table: GridTable, actions: Sequence[int], columns: Sequence[ColumnMapping], key: DocumentKey
) -> list[StatusMapping]:
    status = next((c for c in columns if c.meaning is Meaning.STATUS), None)
    progress = next((c for c in columns if c.meaning is Meaning.PROGRESS), None)
    found: dict[tuple[str, StatusSource], StatusMapping] = {}
    if status is None and progress is None:
        return []
    for index in actions:
        reading = status_at(table, index, columns, key)
        if reading is None:
            continue
        entry = (reading.found, reading.source)
        if entry in found:
            seen = found[entry]
            found[entry] = StatusMapping(
                seen.found, seen.source, seen.meaning, seen.reason, seen.count + 1
            )
        elif len(found) < MOST_FOUND:
            found[entry] = StatusMapping(*entry, reading.meaning, reading.reason, 1)
    return list(found.values())


def status_at(
    table: GridTable,
    index: int,
    columns: Sequence[ColumnMapping],
    key: DocumentKey,
    *,
    covered: bool = False,
) -> Reading | None:
    """How a row's status reads: from its status column, else its progress column. A cell
    a merged one covers reads as nothing unless `covered` (its row has that status too,
    but the proposal counts it once)."""
    status = next((c for c in columns if c.meaning is Meaning.STATUS), None)
    if status is not None:
        return _status_cell(table, index, status.column - 1, key, covered)
    progress = next((c for c in columns if c.meaning is Meaning.PROGRESS), None)
    if progress is not None:
        return _progress_cell(table, index, progress.column - 1, key, covered)
    return None


def _status_cell(
    table: GridTable, index: int, column: int, key: DocumentKey, covered: bool
) -> Reading | None:
    cell = table.cell(index, column)
    if cell.merged and not covered:
        return None  # the merged cell's own row counted it
    reading = read_text(cell.text, key)
    if cell.fill and (reading is None or reading.meaning is Status.NOT_RATED):
        by_fill = read_fill(cell.fill, key)
        if by_fill is not None and (reading is None or by_fill.meaning is not Status.NOT_RATED):
            return by_fill
    return reading


def _progress_cell(
    table: GridTable, index: int, column: int, key: DocumentKey, covered: bool
) -> Reading | None:
    cell = table.cell(index, column)
    if cell.merged and not covered:
        return None
    words = first_words(cell.text)
    if words and len(words.split()) <= _FIRST_WORDS:
        reading = read_text(words, key)
        if reading is not None and reading.meaning is not Status.NOT_RATED:
            reason = (
                f"no status column; the progress cell begins '{words}': {reading.meaning.meaning}"
            )
            return Reading(words, StatusSource.FIRST_WORD, reading.meaning, reason)
    if cell.fill:
        reading = read_fill(cell.fill, key)
        if reading is not None:
            reason = f"no status column; the progress cell's fill: {reading.reason}"
            return Reading(reading.found, reading.source, reading.meaning, reason)
    return None
