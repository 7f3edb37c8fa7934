"""Time the PDF board pack of the 1,000-action plan laid out by Typst instead of
WeasyPrint: the evidence for ADR 0020, which proposes the change. Not used by the app.

Run with `make bench-pdf` (it installs requirements-bench.txt, which pins typst) or
`.venv/bin/python bench/pdf_typst.py [--runs N]`. It builds the same plan as
bench/pdf_export.py and lays it out the way the app would: the plan as JSON, one fresh
interpreter per export running Typst on bench/board_pack.typ. It prints CPU (ours and
the child's), wall seconds, pages, bytes and whether the PDF is tagged, then checks the
text: every action is there, and markup typed into a plan comes out as typed. Figures
are printed, never asserted.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from bench.documents import document  # noqa: E402
from bench.pdf_export import children_cpu, page_count  # noqa: E402
from improvement_tracker.documents.colours import STATUS_FILLS, STATUS_TEXT  # noqa: E402
from improvement_tracker.documents.plan_document import PlanDocument  # noqa: E402
from improvement_tracker.documents.selectors import plan_document_for  # noqa: E402
from improvement_tracker.plans.models import Plan  # noqa: E402
from improvement_tracker.plans.rag import Status  # noqa: E402
from improvement_tracker.plans.services import plan_import  # noqa: E402

TEMPLATE = Path(__file__).resolve().parent / "board_pack.typ"
# A fresh interpreter per export, as the WeasyPrint layout runs now (ADR 0019): Typst
# holds about 200 MiB at its peak for 1,000 actions, which an app server would keep.
_LAYOUT = (
    "import sys, typst; sys.stdout.buffer.write(typst.compile("
    "sys.argv[1], root=sys.argv[2], sys_inputs={'plan': sys.stdin.read()},"
    " pdf_standards=sys.argv[3:]))"
)
# Typst markup, maths, labels and code: a plan's text must print exactly as typed.
MARKUP = '#read("/etc/passwd") *not bold* _not italic_ $x^2$ <label> @ref `raw` \\ ] = Heading'


def plan_json(document: PlanDocument) -> str:
    def status(value: Status) -> dict[str, str]:
        return {
            "label": value.label,
            "fill": STATUS_FILLS.get(value, ""),
            "text": STATUS_TEXT[value],
        }

    table1 = document.reported.table1 if document.reported else {}
    table2 = document.reported.table2 if document.reported else None
    rows = list(next(iter(table1.values()), {}))
    return json.dumps(
        {
            "title": document.title,
            "organisation": document.organisation,
            "reporting_period": document.reporting_period,
            "key": [
                {"status": status(value), "meaning": document.rag_key[value]}
                for value in Status.rated()
                if value in document.rag_key
            ],
            "table1": {
                "columns": list(table1),
                "rows": [
                    {
                        "status": row,
                        "counts": [str(table1[column].get(row, "")) for column in table1],
                    }
                    for row in rows
                ],
            },
            "table2": [
                {"status": label, "count": str(count)} for label, count in (table2 or {}).items()
            ],
            "domains": [
                {
                    "title": domain.title,
                    "actions": [
                        {
                            "number": str(action.number),
                            "text": ("*" if action.high_priority else "") + action.text,
                            "lead": action.lead,
                            "timescale": action.timescale,
                            "status": status(action.status),
                            "progress": action.progress,
                        }
                        for action in domain.actions
                    ],
                }
                for domain in document.domains
            ],
        }
    )


def write_pdf(document: PlanDocument, standards: tuple[str, ...] = ()) -> bytes:
    laid_out = subprocess.run(  # noqa: S603 - this interpreter, a fixed script, our own JSON
        [sys.executable, "-c", _LAYOUT, str(TEMPLATE), str(TEMPLATE.parent), *standards],
        input=plan_json(document).encode(),
        capture_output=True,
        check=False,
    )
    if laid_out.returncode != 0 or not laid_out.stdout.startswith(b"%PDF"):
        raise RuntimeError(laid_out.stderr.decode(errors="replace").strip())
    return laid_out.stdout


def pdf_text(pdf: bytes) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        return ""
    return subprocess.run(  # noqa: S603 - poppler's pdftotext, our own PDF on its input
        [pdftotext, "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def tagged(pdf: bytes) -> str:
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        return "-"
    info = subprocess.run(  # noqa: S603 - poppler's pdfinfo, our own PDF on its input
        [pdfinfo, "-"], input=pdf, capture_output=True, check=False
    ).stdout.decode()
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Tagged:")), "-")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        plan = Plan.objects.get(pk=plan_import(document=document()).pk)
        board = plan_document_for(plan=plan)
        actions = sum(len(domain.actions) for domain in board.domains)
        print(f"Typst PDF board pack of {actions} actions; load average {os.getloadavg()[0]:.2f}")
        print(f"{'run':>4} {'CPU s':>7} {'wall s':>7} {'pages':>6} {'bytes':>10} {'tagged':>7}")
        cpus, walls = [], []
        for run in range(1, runs + 1):
            cpu, wall = time.process_time() + children_cpu(), time.perf_counter()
            pdf = write_pdf(board)
            cpu = time.process_time() + children_cpu() - cpu
            wall = time.perf_counter() - wall
            cpus.append(cpu)
            walls.append(wall)
            print(
                f"{run:>4} {cpu:>7.2f} {wall:>7.2f} {page_count(pdf):>6} {len(pdf):>10,}"
                f" {tagged(pdf):>7}"
            )
        print(
            f"median CPU {statistics.median(cpus):.2f} s, wall {statistics.median(walls):.2f} s "
            f"(target 1 s); load average {os.getloadavg()[0]:.2f}"
        )
        text = " ".join(pdf_text(pdf).split())
        missing = [
            domain_action.number
            for domain in board.domains
            for domain_action in domain.actions
            if f"Action {domain_action.number}:" not in text
        ]
        print(f"actions missing from the text: {len(missing)} {missing[:5]}")
        first = board.domains[0].actions[0]
        hostile = replace(
            board,
            domains=[replace(board.domains[0], actions=[replace(first, text=MARKUP)])],
        )
        printed = pdf_text(write_pdf(hostile))
        print("markup printed as typed:", all(word in printed for word in MARKUP.split()))
        try:
            write_pdf(board, standards=("ua-1",))
            print("PDF/UA-1: Typst's checks passed")
        except RuntimeError as refused:
            print(f"PDF/UA-1: refused: {refused}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
