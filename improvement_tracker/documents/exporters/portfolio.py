"""Write the portfolio (an organisation's plans side by side, issue 20) as CSV or Excel.

Pure, as every exporter: a table of plain values in, bytes out. Each plan's statuses are
counted in its own labels ("Red: 3; Amber: 2"), as the page shows them, since plans'
keys differ; text is written as text, never as a formula, as the plan exports write it.
"""

import io
from dataclasses import dataclass

from improvement_tracker.documents.exporters.csv import escape_formula
from improvement_tracker.hotpath.csv_lines import csv_lines

HEADER = [
    "Plan",
    "Organisation",
    "Archived",
    "Actions by status",
    "Total actions",
    "Overdue",
    "Flagged",
    "Last board",
]


@dataclass(frozen=True)
class PortfolioLine:
    """One plan's row, as plain values."""

    plan: str
    organisation: str
    archived: bool
    statuses: str  # "Red: 3; Amber: 2", in the plan's own labels and its key's order
    total: int
    overdue: int
    flagged: int
    last_board: str  # YYYY-MM-DD, or empty

    def texts(self) -> list[str]:
        return [
            self.plan,
            self.organisation,
            "Yes" if self.archived else "No",
            self.statuses,
            str(self.total),
            str(self.overdue),
            str(self.flagged),
            self.last_board,
        ]


def write_portfolio_csv(lines: list[PortfolioLine]) -> bytes:
    rows = [HEADER, *([escape_formula(cell) for cell in line.texts()] for line in lines)]
    return csv_lines(rows).encode("utf-8-sig")


def write_portfolio_xlsx(lines: list[PortfolioLine]) -> bytes:
    # Heavy: imported where they are used, never at start-up (docs/architecture.md).
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from improvement_tracker.documents.exporters.xlsx import xml_safe

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Portfolio"
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in lines:
        # Counts as numbers, words as text: openpyxl stores a str as text, never a formula.
        sheet.append(
            [
                xml_safe(line.plan),
                xml_safe(line.organisation),
                "Yes" if line.archived else "No",
                xml_safe(line.statuses),
                line.total,
                line.overdue,
                line.flagged,
                line.last_board,
            ]
        )
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a plan titled "=1+1" stays words
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFGH", [40, 30, 9, 50, 8, 8, 8, 12], strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
