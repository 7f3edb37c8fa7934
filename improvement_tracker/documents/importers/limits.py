"""How much an imported file may hold, so that no file can take a worker's memory or time.

The numbers are settings (`IMPORT_LIMITS`, each overridable from the environment; see
docs/deployment.md), far beyond any real tracker. Each is checked before the work it
bounds: the file's size before it is read, a zip's parts while they are streamed
(files.py), rows and cells as a reader meets them, actions before anything is saved.
The longest text each field holds is not here: it is the form's (field_limits.py).
"""

from dataclasses import dataclass

from django.conf import settings

from improvement_tracker.plans.plan_document import ImportProblem

MB = 1024 * 1024


@dataclass(frozen=True)
class ImportLimits:
    file_bytes: int
    part_bytes: int  # one part of a .docx or .xlsx, unzipped
    unzipped_bytes: int  # all its parts together
    zip_parts: int
    xml_elements: int  # in all of a .docx's or .xlsx's XML parts together
    tables: int  # tables in a Word document, sheets in a workbook
    rows: int
    cells: int
    cell_chars: int
    actions: int
    extra_fields: int  # columns kept as the plan's extra fields (ADR 0040)


def import_limits() -> ImportLimits:
    """Read when a file arrives, so that a setting changed in a test or a deployment holds."""
    raw = settings.IMPORT_LIMITS
    return ImportLimits(
        file_bytes=raw["file_mb"] * MB,
        part_bytes=raw["part_mb"] * MB,
        unzipped_bytes=raw["unzipped_mb"] * MB,
        zip_parts=raw["zip_parts"],
        xml_elements=raw["xml_elements"],
        tables=raw["tables"],
        rows=raw["rows"],
        cells=raw["cells"],
        cell_chars=raw["cell_chars"],
        actions=raw["actions"],
        extra_fields=raw["extra_fields"],
    )


def megabytes(size: int) -> str:
    return f"{size / MB:,.0f} MB"


def over_limit(source: str, what: str, limit: int) -> ImportProblem:
    """A file beyond a limit: named, with the limit, and said to be unread."""
    return ImportProblem(
        f"{source}: the file holds more than {limit:,} {what}, more than any tracker needs "
        "(the import limit). It was not imported."
    )


def cell_too_long(
    source: str, where: str, length: int | None, limit: int, what: str = "cell"
) -> ImportProblem:
    """`length` is None when the file was not read far enough to know it."""
    size = f"{length:,} characters" if length is not None else f"more than {limit:,} characters"
    return ImportProblem(
        f"{source}, {where}: the {what} holds {size}; at most {limit:,} characters can be "
        f"imported from one {what}. Shorten it, then import again."
    )


class Tally:
    """Counts the rows and cells a reader meets, and refuses the file at the first too many."""

    def __init__(self, source: str, limits: ImportLimits | None = None) -> None:
        self.source = source
        self.limits = limits or import_limits()
        self.rows = 0
        self.cells = 0

    def row(self, cells: int = 0) -> None:
        self.rows += 1
        self.cells += cells
        if self.rows > self.limits.rows:
            raise over_limit(self.source, "rows", self.limits.rows)
        if self.cells > self.limits.cells:
            raise over_limit(self.source, "cells", self.limits.cells)

    def cell(self, text: str, where: str) -> str:
        if len(text) > self.limits.cell_chars:
            raise cell_too_long(self.source, where, len(text), self.limits.cell_chars)
        return text
