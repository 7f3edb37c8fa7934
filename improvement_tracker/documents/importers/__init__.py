"""Importers read a file into the neutral PlanDocument; the file's ending picks one.

Every file passes the same checks first (empty, too large, not what its name says);
each reader then refuses what it cannot read with a message naming the place.
"""

from collections.abc import Callable
from pathlib import Path

from django.utils.module_loading import import_string

from improvement_tracker.documents.importers.files import check_size
from improvement_tracker.plans.plan_document import ImportProblem, PlanDocument

Reader = Callable[..., PlanDocument]
# Each reader is imported when a file of its kind arrives, so that app servers do not
# hold lxml and openpyxl in memory for pages that never import a file.
READERS: dict[str, str] = {
    ".txt": "improvement_tracker.documents.importers.text.read_text_bytes",
    ".docx": "improvement_tracker.documents.importers.docx.read_docx_plan",
    ".xlsx": "improvement_tracker.documents.importers.xlsx.read_xlsx_plan",
    ".csv": "improvement_tracker.documents.importers.csv.read_csv_plan",
}


def read_plan_file(path: Path) -> PlanDocument:
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ImportProblem(f"{path}: cannot be read ({error.strerror}).") from error
    _reader(path.name)  # an unknown ending is refused before the file is read
    check_size(size, path.name)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportProblem(f"{path}: cannot be read ({error.strerror}).") from error
    return read_plan_bytes(data, name=path.name)


def read_plan_bytes(data: bytes, *, name: str) -> PlanDocument:
    """Read an uploaded or stored file; `name` (the name it came with) picks the reader."""
    reader = _reader(name)
    check_size(len(data), name)
    return reader(data, source_name=name)


def _reader(name: str) -> Reader:
    suffix = Path(name).suffix.lower()
    if suffix not in READERS:
        known = ", ".join(sorted(READERS))
        raise ImportProblem(f"{name}: files ending '{suffix}' cannot be imported ({known}).")
    reader: Reader = import_string(READERS[suffix])
    return reader
