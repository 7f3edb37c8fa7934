"""Time importing a 1,000-action layered Word tracker through a proposed mapping (issue 19).

Run with `.venv/bin/python bench/mapping.py`. The tracker is in another body's shape: its
own header words, five sections as rows spanning the table, fifty objectives numbered a
level above their actions (1.1 over 1.1.1), and one action in five with its reference and
action merged over a second row (a second lead and timescale). Timed: reading the file as
a grid, proposing its mapping, applying it, and plan_import (rolled back), as
`import_plan PATH --mapping` does. Figures are printed, never asserted.
"""

import io
import os
import statistics
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.db import transaction  # noqa: E402

from bench.plans import throwaway_database  # noqa: E402
from improvement_tracker.documents.importers.apply_mapping import (  # noqa: E402
    document_from_mapping,
)
from improvement_tracker.documents.importers.grid import read_grid_bytes  # noqa: E402
from improvement_tracker.documents.importers.proposal import propose_mapping  # noqa: E402
from improvement_tracker.plans.services.importing import plan_import  # noqa: E402

SECTIONS, OBJECTIVES, ACTIONS = 5, 10, 20  # per section, per objective: 1,000 actions
RUNS = 5
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
HEADER = ["Ref", "Action", "Identified Lead", "Timescale/ Target", "RAG status", "Success measures"]
STATUSES = ["On Track", "Off Track", "COMPLETED", "G"]


def _paragraphs(text: str) -> str:
    runs = (
        f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>'
        for line in text.split("\n")
    )
    return "".join(runs)


def _cell(text: str, properties: str = "") -> str:
    return f"<w:tc><w:tcPr>{properties}</w:tcPr>{_paragraphs(text) or '<w:p/>'}</w:tc>"


def _row(cells: list[str]) -> str:
    return "<w:tr>" + "".join(cells) + "</w:tr>"


def layered_tracker() -> bytes:
    """The Word file, its document.xml written directly (python-docx takes minutes to
    fill a table of 1,250 rows cell by cell)."""
    rows = [_row([_cell(header) for header in HEADER])]
    number = 0
    for section in range(1, SECTIONS + 1):
        rows.append(
            _row([_cell(f"PRIORITY {section} Section {section}", '<w:gridSpan w:val="6"/>')])
        )
        for objective in range(1, OBJECTIVES + 1):
            words = f"Objective {section}.{objective}: to establish systems"
            rows.append(
                _row([_cell(x) for x in [f"{section}.{objective}", words, "Director", "", "", ""]])
            )
            for action in range(1, ACTIONS + 1):
                number += 1
                merged = action % 5 == 0
                start = '<w:vMerge w:val="restart"/>' if merged else ""
                cells = [
                    _cell(f"{section}.{objective}.{action}", start),
                    _cell(f"Action {number}: improve the quality of practice", start),
                    _cell("Head of Service\nService Manager"),
                    _cell("Q3 2016/17\nMarch 2017"),
                    _cell(STATUSES[number % len(STATUSES)]),
                    _cell("Fewer repeat referrals"),
                ]
                rows.append(_row(cells))
                if merged:
                    more = [_cell("Deputy Head of Service"), _cell("June 03"), _cell(""), _cell("")]
                    rows.append(_row([_cell("", "<w:vMerge/>"), _cell("", "<w:vMerge/>"), *more]))
    title = _paragraphs("County Council") + _paragraphs("Children's Services Improvement Plan")
    xml = f"<w:document {_W}><w:body>{title}<w:tbl>{''.join(rows)}</w:tbl></w:body></w:document>"
    return _with_document(xml.encode())


def _with_document(xml: bytes) -> bytes:
    """A minimal .docx around `xml`: the content types, the package's and its relations."""
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>"
    )
    relations = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", relations)
        archive.writestr("word/document.xml", xml)
    return out.getvalue()


class RollBack(Exception):
    pass


def median_ms(work: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    data = layered_tracker()
    grid = read_grid_bytes(data, name="layered.docx")
    mapping = propose_mapping(grid)
    document = document_from_mapping(grid, mapping)
    print(
        f"Layered Word tracker: {len(data) / 1024:,.0f} KB, {document.action_count:,} actions, "
        f"{len(document.domains)} sections, {len(mapping.tables[0].rows)} special rows, "
        f"{len(document.warnings)} warnings"
    )
    print(f"  read as a grid   {median_ms(lambda: read_grid_bytes(data, name='l.docx')):8.0f} ms")
    print(f"  propose mapping  {median_ms(lambda: propose_mapping(grid)):8.0f} ms")
    print(f"  apply mapping    {median_ms(lambda: document_from_mapping(grid, mapping)):8.0f} ms")

    def whole() -> None:
        read = read_grid_bytes(data, name="layered.docx")
        imported = document_from_mapping(read, propose_mapping(read))
        try:
            with transaction.atomic():
                plan_import(document=imported, organisation_name="Benchmark Council")
                raise RollBack
        except RollBack:
            pass

    with throwaway_database():
        print(f"  all, and saved   {median_ms(whole):8.0f} ms  (target 2,000 ms; rolled back)")


if __name__ == "__main__":
    main()
