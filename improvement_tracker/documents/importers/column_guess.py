"""Each column's proposed meaning, from its header's words and then from what its cells hold.

Pure. A header we know gives the meaning ("header 'Who?' means lead"); what the cells
hold may correct it ("header 'Assessment of progress', but 8 of 10 cells are statuses").
A blank header is read from the cells ("no header; 9 of 10 cells look like dates"); an
unknown one is kept as an extra field under its own name, never guessed at.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from improvement_tracker.documents.importers.grid import GridCell
from improvement_tracker.documents.importers.header_words import header_meaning, shown
from improvement_tracker.documents.importers.mapping import (
    SINGLE,
    ColumnMapping,
    Meaning,
    StatusSource,
)
from improvement_tracker.documents.importers.status_words import DocumentKey, read_text
from improvement_tracker.plans.leads import ROLE_WORDS
from improvement_tracker.plans.numbering import clean_reference, reference_problem
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.timescales import Kind, parse_timescale

# The share of a column's cells that must look alike for the column to be read by them.
MOST = 0.6
LONGEST_HEADER = 80  # a header is a few words; a longer cell is data
_DATE_KINDS = frozenset(Kind) - {Kind.BLANK, Kind.UNRECOGNISED, Kind.OPEN, Kind.COMPLETE}
_YEAR = re.compile(r"^(19|20)[0-9]{2}$")
_PRIORITY_WORDS = {"high", "medium", "low", "h", "m", "l", "yes", "no", "y", "n", "*", "x", "1"}
_PRIORITY_WORDS |= {"2", "3", "critical", "urgent", "key", "✓", "✔"}


def looks_like_reference(text: str) -> bool:
    reference = clean_reference(text)
    return (
        0 < len(reference) <= 12
        and any(character.isdigit() for character in reference)
        and reference_problem(reference) is None
        and not _YEAR.match(reference)
    )


@dataclass(frozen=True)
class Profile:
    """What a column's cells hold, counted over the rows read."""

    filled: int  # cells with text of their own
    references: int
    dates: int
    statuses: int
    fills_alone: int  # coloured cells without words: a status shown by colour
    leads: int
    priorities: int
    average_length: float

    def share(self, count: int) -> str:
        return f"{count} of {self.filled or count}"


def profile(cells: Sequence[GridCell], key: DocumentKey) -> Profile:
    texts = [cell.own_text for cell in cells if cell.own_text]
    statuses = 0
    for text in texts:
        reading = read_text(text[:200], key) if len(text) <= 40 else None
        statuses += (
            reading is not None
            and reading.meaning is not Status.NOT_RATED
            and reading.source is not StatusSource.FIRST_WORD  # a comment about a status
        )
    return Profile(
        filled=len(texts),
        references=sum(looks_like_reference(text) for text in texts),
        dates=sum(parse_timescale(text[:200]).kind in _DATE_KINDS for text in texts),
        statuses=statuses,
        fills_alone=sum(1 for cell in cells if cell.fill and not cell.text and not cell.merged),
        leads=sum(_names_a_role(text) for text in texts),
        priorities=sum(text.casefold().strip() in _PRIORITY_WORDS for text in texts),
        average_length=sum(len(text) for text in texts) / len(texts) if texts else 0.0,
    )


def _names_a_role(text: str) -> bool:
    return any(word.capitalize() in ROLE_WORDS for word in re.findall(r"[A-Za-z]+", text[:300]))


def _most(count: int, profile: Profile) -> bool:
    return profile.filled > 0 and count >= MOST * profile.filled


def propose_columns(
    headers: Sequence[GridCell], columns: Sequence[Sequence[GridCell]], key: DocumentKey
) -> list[ColumnMapping]:
    """Each column's meaning and reason; `columns[i]` are column i's cells under the header."""
    profiles = [profile(cells, key) for cells in columns]
    proposed: list[ColumnMapping] = []
    taken: dict[Meaning, int] = {}
    for index, cells_profile in enumerate(profiles):
        header = headers[index] if index < len(headers) else GridCell()
        mapping = _one(index + 1, header, cells_profile, taken)
        if mapping.meaning in SINGLE and mapping.meaning in taken:
            mapping = _second(mapping, taken[mapping.meaning])
        if mapping.meaning in SINGLE:
            taken[mapping.meaning] = mapping.column
        proposed.append(mapping)
    _statuses_in_words(proposed, profiles, taken)
    return _find_actions(proposed, profiles, taken)


def _statuses_in_words(
    proposed: list[ColumnMapping], profiles: list[Profile], taken: dict[Meaning, int]
) -> None:
    """Without a status column, a progress column of statuses ("Assessment of progress":
    Achieved, Partially achieved …) is the status column."""
    if Meaning.STATUS in taken:
        return
    for index, column in enumerate(proposed):
        found = profiles[index]
        if column.meaning in (Meaning.PROGRESS, Meaning.EVIDENCE) and _most(found.statuses, found):
            share = found.share(found.statuses)
            reason = f"{column.reason}, but {share} cells are statuses: status"
            proposed[index] = replace(column, meaning=Meaning.STATUS, reason=reason)
            taken[Meaning.STATUS] = column.column
            if taken.get(column.meaning) == column.column:
                del taken[column.meaning]
            return


def _one(column: int, header: GridCell, found: Profile, taken: dict[Meaning, int]) -> ColumnMapping:
    text = " ".join(header.text.split())
    quoted = shown(text)
    if header.merged == "across" and text:
        # A header spanning several columns names the first; the rest are read by their cells.
        return _by_cells(column, text, found, taken, f"header '{quoted}' spans this column too; ")
    meaning = header_meaning(text) if len(text) <= LONGEST_HEADER else None
    if meaning is None:
        if not text:
            return _by_cells(column, text, found, taken, "no header; ")
        return ColumnMapping(
            column,
            text,
            Meaning.EXTRA,
            f"header '{quoted}' is not one we know: kept as an extra field",
            field=text,
        )
    reason = f"header '{quoted}' means {meaning.value}"
    if meaning is Meaning.PRIORITY and found.filled and not _most(found.priorities, found):
        reason = f"header '{quoted}', but its cells are not yes, no, high or low: a section"
        meaning = Meaning.SECTION
    return ColumnMapping(column, text, meaning, reason)


def _by_cells(
    column: int, header: str, found: Profile, taken: dict[Meaning, int], said: str
) -> ColumnMapping:
    """A column read by what its cells hold, as `said` begins to explain."""
    name = header or f"Column {column}"
    if not found.filled and not found.fills_alone:
        return ColumnMapping(column, header, Meaning.IGNORE, f"{said}nothing in any row")
    if found.fills_alone and found.fills_alone >= found.filled and Meaning.STATUS not in taken:
        reason = f"{said}{found.fills_alone} cells are coloured and hold no words: status"
        return ColumnMapping(column, header, Meaning.STATUS, reason)
    guesses = [
        (Meaning.REFERENCE, found.references, "look like references (1, 1.2, C1.1)"),
        (Meaning.TIMESCALE, found.dates, "look like dates"),
        (Meaning.STATUS, found.statuses, "are statuses"),
        (Meaning.LEAD, found.leads, "name a role (Director, Manager …)"),
    ]
    for meaning, count, what in guesses:
        if meaning not in taken and _most(count, found):
            reason = f"{said}{found.share(count)} cells {what}: {meaning.value}"
            return ColumnMapping(column, header, meaning, reason)
    reason = f"{said}its cells are not of one kind we know: kept as an extra field '{name}'"
    return ColumnMapping(column, header, Meaning.EXTRA, reason, field=name)


def _second(mapping: ColumnMapping, first: int) -> ColumnMapping:
    name = mapping.header or f"Column {mapping.column}"
    reason = (
        f"{mapping.reason}, but column {first} is already the {mapping.meaning.value}: "
        f"kept as an extra field '{name}'"
    )
    return ColumnMapping(mapping.column, mapping.header, Meaning.EXTRA, reason, field=name)


def _find_actions(
    proposed: list[ColumnMapping], profiles: list[Profile], taken: dict[Meaning, int]
) -> list[ColumnMapping]:
    """A table needs a column of actions: failing a header that names one, a column of
    recommendations or objectives is its actions, else the longest text kept as a field."""
    if Meaning.ACTION in taken:
        return _unique_fields(proposed)
    index = taken.get(Meaning.OBJECTIVE)
    if index is not None:
        old = proposed[index - 1]
        reason = f"{old.reason}, but no column names the actions: these are the actions"
        proposed[index - 1] = ColumnMapping(old.column, old.header, Meaning.ACTION, reason)
        return _unique_fields(proposed)
    candidates = [
        (profiles[column.column - 1].average_length, column.column)
        for column in proposed
        if column.meaning is Meaning.EXTRA and profiles[column.column - 1].filled
    ]
    if candidates:
        length, chosen = max(candidates)
        if length >= 15:
            old = proposed[chosen - 1]
            said = f"header '{shown(old.header)}' is not one we know" if old.header else "no header"
            reason = f"{said}, but no column names the actions and this one holds the longest text"
            proposed[chosen - 1] = ColumnMapping(old.column, old.header, Meaning.ACTION, reason)
    return _unique_fields(proposed)


def _unique_fields(proposed: list[ColumnMapping]) -> list[ColumnMapping]:
    """Two extra fields of one name get their columns' numbers, as the importers do."""
    seen: set[str] = set()
    unique = []
    for column in proposed:
        name = " ".join(column.field.split())
        if column.meaning is Meaning.EXTRA and name.casefold() in seen:
            name = f"{name} (column {column.column})"
            column = replace(column, field=name)
        seen.add(name.casefold())
        unique.append(column)
    return unique
