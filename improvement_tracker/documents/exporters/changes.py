"""Write what changed in a plan between two dates (plans/changes.py) as CSV or Excel: one row
a change, the columns of `manage.py plan_changes --json`. Pure, like every exporter."""

import io
from collections.abc import Sequence

from improvement_tracker.documents.exporters.csv import escape_formula
from improvement_tracker.hotpath.csv_lines import csv_lines
from improvement_tracker.plans.changes import Change

COLUMNS = ["Domain", "Reference", "Kind", "Before", "After", "Words"]
WIDTHS = [20, 10, 18, 30, 30, 70]


def _cells(change: Change) -> list[str]:
    return [
        change.domain,
        change.reference,
        change.kind.value,
        change.before,
        change.after,
        change.words,
    ]


def changes_csv(changes: Sequence[Change]) -> bytes:
    """UTF-8 with a byte-order mark for Excel; formula-like cells behind an apostrophe
    (docs/decisions/0009), as the tracker's CSV."""
    rows = [COLUMNS, *([escape_formula(cell) for cell in _cells(c)] for c in changes)]
    return csv_lines(rows).encode("utf-8-sig")


def changes_xlsx(changes: Sequence[Change], *, title: str) -> bytes:
    """One sheet: a title line, the header, a row a change, every cell text."""
    # Heavy: imported where they are used, never at start-up (docs/architecture.md).
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    from improvement_tracker.documents.exporters.xlsx import HEADER_FILL, _text_row

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "What changed"
    _text_row(sheet, [title], bold=True)
    _text_row(sheet, COLUMNS, bold=True)
    for cell in sheet[sheet.max_row]:
        cell.fill = HEADER_FILL
    for change in changes:
        _text_row(sheet, _cells(change))
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
