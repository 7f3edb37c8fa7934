"""Exporters write a PlanDocument as a board pack: Word, PDF, Excel or CSV.

Each is a pure function from a document to bytes; `plan_document_for` in
documents.selectors builds the document from the tracker.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.module_loading import import_string

from improvement_tracker.documents.word_marks import activity_parts
from improvement_tracker.plans.plan_document import ActivityEntry, PlanDocument
from improvement_tracker.plans.rag import KeyEntry, StatusKey

# The columns of the Excel and CSV exports, one row an action; the importers read them
# back (importers/columns.py). CSV adds the domain's title after its label.
TABLE_COLUMNS = [
    "Domain",
    "No",
    "Action",
    "Lead",
    "Timescale/ deadline",
    "Status",
    "High priority",
    "Progress update",
]

# Added after those when a plan has objectives or activities (ADR 0041): each action row
# names its objective, and each activity is a row of its own under its action, with
# "activity" in "Row type", its reference under No, its words under Action. An objective
# no action serves yet is a row of its own after its domain's actions, "objective" in
# "Row type" and nothing under No and Action (ADR 0048).
LAYER_COLUMNS = ["Row type", "Objective no", "Objective", "Objective lead"]
ACTION_ROW, ACTIVITY_ROW, OBJECTIVE_ROW = "action", "activity", "objective"


def activity_line(activity: ActivityEntry, key: StatusKey) -> str:
    """An activity as a line under its action in the PDF pack: the words Word writes."""
    return "".join(text for text, _ in activity_parts(activity, key))


# The key as Word and Excel print it, a status a row; the importers read it back
# (importers/tables.py: key_entry), so a plan's own labels keep their meanings.
KEY_HEADER = ["Status", "What it means in this plan", "Meaning", "Colour"]


def key_texts(entry: KeyEntry) -> list[str]:
    """A key row's cells after the status's own: its words, its meaning, its colour."""
    return [entry.description, entry.status.meaning, entry.colour]


def key_labels(key: StatusKey) -> str:
    """'Red, Amber, Green, Completed': the statuses a plan's tables use."""
    return ", ".join(entry.label for entry in key.rated)


@dataclass(frozen=True)
class Format:
    name: str
    content_type: str
    writer: str  # the writer's dotted path
    apart: bool = False  # written by a process of its own (exporters/apart.py)

    def write(self, document: PlanDocument) -> bytes:
        """Imported when first used, so that an app server that only ever sends CSV (or
        no file at all) never loads python-docx or openpyxl and their memory.
        Word and Excel are written apart, so that the server never loads them at all."""
        if self.apart:
            from improvement_tracker.documents.exporters.apart import write_apart

            return write_apart(self.writer, document)
        write: Callable[[PlanDocument], bytes] = import_string(self.writer)
        return write(document)


_HERE = "improvement_tracker.documents.exporters"
FORMATS = {
    "docx": Format(
        "Word",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        f"{_HERE}.docx.write_docx",
        apart=True,
    ),
    "pdf": Format("PDF", "application/pdf", f"{_HERE}.pdf.write_pdf"),
    "xlsx": Format(
        "Excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"{_HERE}.xlsx.write_xlsx",
        apart=True,
    ),
    "csv": Format("CSV", "text/csv; charset=utf-8", f"{_HERE}.csv.write_csv"),
}
FORMAT_NAMES = tuple(FORMATS)
