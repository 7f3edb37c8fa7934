"""Exporters write a PlanDocument as a board pack: Word, PDF, Excel or CSV.

Each is a pure function from a document to bytes; `plan_document_for` in
documents.selectors builds the document from the tracker.
"""

from collections.abc import Callable
from dataclasses import dataclass

from improvement_tracker.documents.plan_document import PlanDocument


@dataclass(frozen=True)
class Format:
    name: str
    content_type: str
    write: Callable[[PlanDocument], bytes]


def formats() -> dict[str, Format]:
    # Imported here so that a page that never exports does not load WeasyPrint.
    from improvement_tracker.documents.exporters.csv import write_csv
    from improvement_tracker.documents.exporters.docx import write_docx
    from improvement_tracker.documents.exporters.pdf import write_pdf
    from improvement_tracker.documents.exporters.xlsx import write_xlsx

    return {
        "docx": Format(
            "Word",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            write_docx,
        ),
        "pdf": Format("PDF", "application/pdf", write_pdf),
        "xlsx": Format(
            "Excel",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            write_xlsx,
        ),
        "csv": Format("CSV", "text/csv; charset=utf-8", write_csv),
    }


FORMAT_NAMES = ("docx", "pdf", "xlsx", "csv")
