"""Columns that no field of the product reads ("Success measures", "Directorate", a second
progress column, a column with no header at all): kept as the plan's extra fields, never
dropped (ADR 0040). Each table importer asks here which columns of a header row these
are, and what each action holds under them.

A column is named by its header, spaces as one; a blank header is "Column N", N its
position, and is kept only if some action has a value under it (a sheet's unused
columns are not fields). The same name twice in one header row gets its column's number;
the same name in another table or sheet (in any case) is the same field. No more fields
than the import limit are kept: a file with more is refused, naming the limit.
"""

from collections.abc import Collection, Sequence

from improvement_tracker.documents.importers.columns import Cell
from improvement_tracker.documents.importers.limits import import_limits, over_limit


class ExtraColumns:
    """What one file's header rows hold that no field reads, gathered as it is read."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.limit = import_limits().extra_fields
        # Every field met, by its name casefolded: the name as first written.
        self._names: dict[str, str] = {}
        # Fields of blank-headed columns not yet kept: kept at their first value.
        self._unvalued: set[str] = set()

    def header(self, cells: Sequence[str], used: Collection[int], width: int) -> dict[int, str]:
        """This header row's columns that no field reads, by their index, with their names;
        `width` is how many columns the rows under it hold."""
        found: dict[int, str] = {}
        here: set[str] = set()
        for index in range(max(len(cells), width)):
            if index in used:
                continue
            written = " ".join(cells[index].split()) if index < len(cells) else ""
            name = written or f"Column {index + 1}"
            if name.casefold() in here:
                name = f"{name} (column {index + 1})"
            here.add(name.casefold())
            found[index] = self._meet(name, blank=not written)
        if len(self.fields) > self.limit:
            raise self._too_many()
        return found

    def values(
        self, row: Sequence[Cell], columns: dict[int, str], *, merged: bool = True
    ) -> dict[str, str]:
        """What the row holds under the extra columns, by field name; an empty cell is no
        value. Line endings are one kind inside the app, whatever the file used.
        `merged=False` leaves out a cell merged down from the row above (its text is the
        above row's already)."""
        found: dict[str, str] = {}
        for index, name in columns.items():
            if index >= len(row) or (row[index].continued and not merged):
                continue
            text = row[index].text.replace("\r\n", "\n").replace("\r", "\n").strip()
            if text:
                found[name] = text
                if name.casefold() in self._unvalued:
                    self._unvalued.discard(name.casefold())
                    if len(self.fields) > self.limit:
                        raise self._too_many()
        return found

    def field(self, name: str) -> str:
        """A field the file names outside a header row (our Word pack's list, ADR 0042), as
        a headed column's: kept, values or not; its name as first written."""
        name = self._meet(name, blank=False)
        if len(self.fields) > self.limit:
            raise self._too_many()
        return name

    @property
    def fields(self) -> list[str]:
        """The fields kept, in the order their columns were met."""
        return [name for key, name in self._names.items() if key not in self._unvalued]

    def _meet(self, name: str, *, blank: bool) -> str:
        key = name.casefold()
        if key not in self._names:
            self._names[key] = name
            if blank:
                self._unvalued.add(key)
        elif not blank:
            self._unvalued.discard(key)  # headed here: a field, values or not
        return self._names[key]

    def _too_many(self) -> Exception:
        return over_limit(
            self.source,
            "columns that no field reads (each would be kept as one of the plan's extra fields)",
            self.limit,
        )
