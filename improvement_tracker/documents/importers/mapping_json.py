"""A mapping written as JSON for a person to read and correct, and read back (ADR 0045).

The shape is versioned (`{"version": 1, "tables": [...]}`); `choices` lists what each
meaning may be, for the person editing, and is ignored when read. Reading back checks
everything and says, for each problem, which table, column, status or row and which
field is wrong, so that a hand-edited file is corrected in one go, not one error a time.
"""

import json
from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar

from improvement_tracker.documents.importers.mapping import (
    SINGLE,
    VERSION,
    ColumnMapping,
    Mapping,
    Meaning,
    RowKind,
    RowMapping,
    StatusMapping,
    StatusSource,
    TableMapping,
)
from improvement_tracker.plans.plan_document import ImportProblem
from improvement_tracker.plans.rag import Status

SHOWN_PROBLEMS = 20
T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)
_TOP = {"version", "source", "title", "closest", "choices", "tables"}
_TABLE = {"table", "name", "use", "reason", "header_row", "section", "number_in_text"}
_TABLE |= {"columns", "statuses", "rows"}
_COLUMN = {"column", "header", "meaning", "field", "reason"}
_STATUS = {"found", "from", "meaning", "count", "reason"}
_ROW = {"row", "kind", "text", "reason"}


class MappingProblem(ImportProblem):
    """A mapping that cannot be used; the message lists every problem with its place."""


def mapping_to_json(mapping: Mapping) -> str:
    return json.dumps(_as_data(mapping), indent=2, ensure_ascii=False) + "\n"


def _as_data(mapping: Mapping) -> dict[str, Any]:
    return {
        "version": mapping.version,
        "source": mapping.source,
        "title": mapping.title,
        "closest": mapping.closest,
        "choices": {
            "meaning": [meaning.value for meaning in Meaning],
            "status": [status.value for status in Status],
            "from": [source.value for source in StatusSource],
            "kind": [kind.value for kind in RowKind],
        },
        "tables": [
            {
                "table": table.table,
                "name": table.name,
                "use": table.use,
                "reason": table.reason,
                "header_row": table.header_row,
                "section": table.section,
                "number_in_text": table.number_in_text,
                "columns": [
                    {
                        "column": c.column,
                        "header": c.header,
                        "meaning": c.meaning.value,
                        "field": c.field,
                        "reason": c.reason,
                    }
                    for c in table.columns
                ],
                "statuses": [
                    {
                        "found": s.found,
                        "from": s.source.value,
                        "meaning": s.meaning.value,
                        "count": s.count,
                        "reason": s.reason,
                    }
                    for s in table.statuses
                ],
                "rows": [
                    {"row": r.row, "kind": r.kind.value, "text": r.text, "reason": r.reason}
                    for r in table.rows
                ],
            }
            for table in mapping.tables
        ],
    }


def mapping_from_json(text: str, *, source: str) -> Mapping:
    """The mapping a person wrote, or MappingProblem listing what is wrong and where."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise MappingProblem(
            f"{source}: the mapping is not JSON: line {error.lineno}, column {error.colno}: "
            f"{error.msg}."
        ) from error
    except (ValueError, RecursionError) as error:  # a number of thousands of digits; [[[[…
        raise MappingProblem(
            f"{source}: the mapping cannot be read as a mapping ({type(error).__name__}): "
            "it is not the shape --show-mapping writes."
        ) from error
    reader = _Reader()
    mapping = reader.mapping(data)
    if reader.problems or mapping is None:
        shown = reader.problems[:SHOWN_PROBLEMS]
        if len(reader.problems) > SHOWN_PROBLEMS:
            shown.append(f"… and {len(reader.problems) - SHOWN_PROBLEMS} more like these.")
        raise MappingProblem(f"{source}: the mapping cannot be used:\n- " + "\n- ".join(shown))
    return mapping


class _Reader:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}" if where else message)

    def keys(
        self, data: object, where: str, allowed: set[str], required: set[str]
    ) -> dict[str, Any] | None:
        """The object, when it is one; every key it should not have, or lacks, said."""
        if not isinstance(data, dict):
            self.fail(where, f"should be an object {{…}}, not {_kind(data)}")
            return None
        for name in sorted(set(data) - allowed, key=str):
            self.fail(where, f"'{name}' is not a key here ({', '.join(sorted(allowed))})")
        for name in sorted(required - set(data)):
            self.fail(where, f"'{name}' is missing")
        return data

    def value(self, data: dict[str, Any], name: str, where: str, kind: type[T], default: T) -> T:
        found = data.get(name, default)
        if kind is int and (isinstance(found, bool) or not isinstance(found, int)):
            self.fail(where, f"'{name}' should be a whole number, not {_kind(found)}")
            return default
        if not isinstance(found, kind):
            self.fail(where, f"'{name}' should be {_NAMES[kind]}, not {_kind(found)}")
            return default
        return found

    def choice(self, data: dict[str, Any], name: str, where: str, of: type[E]) -> E | None:
        found = data.get(name)
        if isinstance(found, str):
            try:
                return of(found)
            except ValueError:
                pass
        choices = ", ".join(item.value for item in of)
        self.fail(where, f"'{name}' is {json.dumps(found)}; it must be one of: {choices}")
        return None

    def mapping(self, given: object) -> Mapping | None:
        data = self.keys(given, "", _TOP, {"version", "tables"})
        if data is None:
            return None
        version = data.get("version")
        if version != VERSION or isinstance(version, bool):
            self.fail("", f"'version' must be {VERSION}; this mapping says {json.dumps(version)}")
            return None
        tables_data = self.value(data, "tables", "", list, [])
        tables: list[TableMapping] = []
        seen: set[int] = set()
        for index, table_data in enumerate(tables_data):
            table = self.table(table_data, f"tables[{index}]")
            if table is None:
                continue
            if table.table in seen:
                self.fail(f"table {table.table}", "appears twice in 'tables'")
            seen.add(table.table)
            tables.append(table)
        return Mapping(
            source=self.value(data, "source", "", str, ""),
            title=self.value(data, "title", "", str, ""),
            closest=self.value(data, "closest", "", str, ""),
            tables=tuple(tables),
        )

    def table(self, given: object, where: str) -> TableMapping | None:
        data = self.keys(given, where, _TABLE, {"table", "use", "columns"})
        if data is None:
            return None
        number = self.value(data, "table", where, int, 0)
        if number < 1:
            self.fail(where, "'table' should be 1 or more (tables are counted from 1)")
            return None
        where = f"table {number}"
        header_row = data.get("header_row")
        if header_row is not None and (
            isinstance(header_row, bool) or not isinstance(header_row, int) or header_row < 1
        ):
            self.fail(
                where, f"'header_row' should be a row number or null, not {_kind(header_row)}"
            )
            header_row = None
        columns = self.items(data, "columns", where, self.column)
        table = TableMapping(
            table=number,
            name=self.value(data, "name", where, str, ""),
            use=self.value(data, "use", where, bool, False),
            reason=self.value(data, "reason", where, str, ""),
            header_row=header_row,
            section=self.value(data, "section", where, str, ""),
            columns=tuple(columns),
            statuses=tuple(self.items(data, "statuses", where, self.status)),
            rows=tuple(self.items(data, "rows", where, self.row)),
            number_in_text=self.value(data, "number_in_text", where, bool, False),
        )
        self.check_columns(table, where)
        return table

    def items(
        self, data: dict[str, Any], name: str, where: str, read: Callable[[object, str], T | None]
    ) -> list[T]:
        found = [
            read(item, f"{where}, {name}[{index}]")
            for index, item in enumerate(self.value(data, name, where, list, []))
        ]
        return [item for item in found if item is not None]

    def check_columns(self, table: TableMapping, where: str) -> None:
        numbers: dict[int, int] = {}
        by_meaning: dict[Meaning, int] = {}
        for column in table.columns:
            if column.column in numbers:
                self.fail(where, f"column {column.column} is given twice in 'columns'")
            numbers[column.column] = 1
            if column.meaning in SINGLE and column.meaning in by_meaning:
                self.fail(
                    where,
                    f"columns {by_meaning[column.meaning]} and {column.column} are both "
                    f"'{column.meaning.value}'; a table has one (make the other an extra field)",
                )
            by_meaning.setdefault(column.meaning, column.column)
        if table.use and Meaning.ACTION not in by_meaning and not table.number_in_text:
            self.fail(where, "is used, but no column's meaning is 'action'")

    def column(self, given: object, where: str) -> ColumnMapping | None:
        data = self.keys(given, where, _COLUMN, {"column", "meaning"})
        if data is None:
            return None
        number = self.value(data, "column", where, int, 0)
        if number < 1:
            self.fail(where, "'column' should be 1 or more (columns are counted from 1)")
            return None
        where = f"{where.rsplit(', ', 1)[0]}, column {number}"
        meaning = self.choice(data, "meaning", where, Meaning)
        field = " ".join(self.value(data, "field", where, str, "").split())
        if meaning is Meaning.EXTRA and not field:
            self.fail(where, "an extra field needs its name in 'field'")
        if meaning is None:
            return None
        return ColumnMapping(
            number,
            self.value(data, "header", where, str, ""),
            meaning,
            self.value(data, "reason", where, str, ""),
            field if meaning is Meaning.EXTRA else "",
        )

    def status(self, given: object, where: str) -> StatusMapping | None:
        data = self.keys(given, where, _STATUS, {"found", "from", "meaning"})
        if data is None:
            return None
        found = self.value(data, "found", where, str, "")
        where = f"{where.rsplit(', ', 1)[0]}, status '{found[:40]}'"
        source = self.choice(data, "from", where, StatusSource)
        meaning = self.choice(data, "meaning", where, Status)
        count = self.value(data, "count", where, int, 0)
        if source is None or meaning is None:
            return None
        return StatusMapping(
            found, source, meaning, self.value(data, "reason", where, str, ""), count
        )

    def row(self, given: object, where: str) -> RowMapping | None:
        data = self.keys(given, where, _ROW, {"row", "kind"})
        if data is None:
            return None
        number = self.value(data, "row", where, int, 0)
        if number < 1:
            self.fail(where, "'row' should be 1 or more (rows are counted from 1)")
            return None
        where = f"{where.rsplit(', ', 1)[0]}, row {number}"
        kind = self.choice(data, "kind", where, RowKind)
        if kind is None:
            return None
        return RowMapping(
            number,
            kind,
            self.value(data, "text", where, str, ""),
            self.value(data, "reason", where, str, ""),
        )


_NAMES: dict[type, str] = {str: "text", bool: "true or false", list: "a list [...]"}


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {json.dumps(value[:40])}"
    if isinstance(value, list):
        return "a list"
    return "an object"
