"""Importers read a file into the neutral PlanDocument; the file's ending picks one."""

from pathlib import Path

from improvement_tracker.documents.importers.text import read_text_file
from improvement_tracker.documents.plan_document import ImportProblem, PlanDocument


def read_plan_file(path: Path) -> PlanDocument:
    readers = {".txt": read_text_file}
    reader = readers.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(readers))
        raise ImportProblem(f"{path}: files ending '{path.suffix}' cannot be imported ({known}).")
    return reader(path)
