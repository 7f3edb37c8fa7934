"""Write a plan as a PDF board pack: the Word pack's content, laid out by WeasyPrint.

The HTML is a Django template (documents/board_pack.html); WeasyPrint repeats each
table's header row on every page and prints on landscape A4. WeasyPrint's layout of a
large plan takes hundreds of megabytes that a long-lived app server would keep after
the PDF is made, so it runs in a process of its own that gives them back when it ends.
"""

import subprocess
import sys

from django.template.loader import render_to_string

from improvement_tracker.documents.colours import STATUS_FILLS, STATUS_TEXT
from improvement_tracker.documents.plan_document import PlanDocument
from improvement_tracker.plans.rag import Status

# Run by a fresh interpreter: the HTML on standard input, the PDF on standard output.
# The collector is off: layout makes millions of short-lived objects, and collecting
# them cost a sixth of the CPU (1.6 of 9.3 s for 1,000 actions) to save about 6 MiB in a
# process that ends, and gives all its memory back, as soon as the PDF is written.
_LAYOUT = "import gc, sys; gc.disable(); from weasyprint import HTML; sys.stdout.buffer.write(HTML(string=sys.stdin.read()).write_pdf())"  # noqa: E501
LAYOUT_SECONDS = 600


def write_pdf(document: PlanDocument) -> bytes:
    laid_out = subprocess.run(  # noqa: S603 - this interpreter, a fixed script, our own HTML
        [sys.executable, "-c", _LAYOUT],
        input=board_pack_html(document).encode(),
        capture_output=True,
        timeout=LAYOUT_SECONDS,
        check=False,
    )
    if laid_out.returncode != 0 or not laid_out.stdout.startswith(b"%PDF"):
        problem = laid_out.stderr.decode(errors="replace").strip().splitlines()[-1:]
        raise RuntimeError(f"WeasyPrint could not lay out the PDF: {' '.join(problem)}")
    return laid_out.stdout


def board_pack_html(document: PlanDocument) -> str:
    status_colours = [
        (status, {"fill": STATUS_FILLS.get(status, "FFFFFF"), "text": STATUS_TEXT[status]})
        for status in Status
    ]
    key = [
        (status, document.rag_key[status])
        for status in Status.rated()
        if status in document.rag_key
    ]
    table1_rows: list[tuple[str, list[int | None]]] = []
    if document.reported is not None:
        table1 = document.reported.table1
        for row in next(iter(table1.values()), {}):
            table1_rows.append((row, [table1[column].get(row) for column in table1]))
    return render_to_string(
        "documents/board_pack.html",
        {
            "document": document,
            "status_colours": status_colours,
            "key": key,
            "table1_columns": list(document.reported.table1) if document.reported else [],
            "table1_rows": table1_rows,
            "table2": document.reported.table2 if document.reported else None,
        },
    )
