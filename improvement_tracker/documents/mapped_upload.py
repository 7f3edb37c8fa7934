"""How an upload is read (ADR 0050): as laid out like the example, by the importers, or as a
mapping says (ADR 0045): proposed for a Word, Excel or CSV file the importers refuse, or
changed by the person on the upload page.

A kept mapping is JSON, bounded in size and read back by mapping_json every time it is
used: what the session holds is never trusted without that check.
"""

from pathlib import Path

from improvement_tracker.documents.importers import read_plan_bytes
from improvement_tracker.documents.importers.apply_mapping import document_from_mapping
from improvement_tracker.documents.importers.grid import GRID_READERS, Grid, read_grid_bytes
from improvement_tracker.documents.importers.mapping import Mapping
from improvement_tracker.documents.importers.mapping_json import (
    MappingProblem,
    mapping_from_json,
    mapping_to_json,
)
from improvement_tracker.plans.plan_document import PlanDocument

# The largest mapping kept between pages: far beyond a real tracker's (a 1,000-action
# layered tracker's is about 15 KB), small enough for a session row.
MAPPING_KEPT_BYTES = 1024 * 1024


def mappable(name: str) -> bool:
    """Whether a mapping can be proposed for a file of this name (Word, Excel and CSV;
    text is read by its importer alone, ADR 0051)."""
    return Path(name).suffix.lower() in GRID_READERS


def read_upload(data: bytes, *, name: str, mapping_json: str = "") -> PlanDocument:
    """The upload as its kept mapping says, or else as the importers read it."""
    if not mapping_json:
        return read_plan_bytes(data, name=name)
    grid = read_grid_bytes(data, name=name)
    return document_from_mapping(grid, kept_mapping(mapping_json, name=name))


def kept_mapping(mapping_json: str, *, name: str) -> Mapping:
    if len(mapping_json.encode()) > MAPPING_KEPT_BYTES:
        raise MappingProblem(f"{name}: the mapping is too large to keep ({_size()}).")
    return mapping_from_json(mapping_json, source=name)


def mapping_to_keep(grid: Grid, mapping: Mapping) -> tuple[str, PlanDocument]:
    """The mapping as JSON to keep, and the document it reads from the grid; raises
    ImportProblem (MappingProblem for the mapping itself) naming what is wrong."""
    written = mapping_to_json(mapping)
    if len(written.encode()) > MAPPING_KEPT_BYTES:
        raise MappingProblem(
            f"{grid.source}: how this file is read is too large to keep between pages "
            f"({_size()}). Import it with import_plan --show-mapping and --mapping."
        )
    document = document_from_mapping(grid, mapping_from_json(written, source=grid.source))
    return written, document


def _size() -> str:
    return f"at most {MAPPING_KEPT_BYTES // 1024:,} KB"
