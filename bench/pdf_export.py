"""Time the PDF board pack of the 1,000-action plan alone: CPU (ours and the layout
processes') and wall seconds per export, and the pages and bytes it made.

Run with `.venv/bin/python bench/pdf_export.py [--runs N]`. It builds the same plan as
bench/documents.py in a throw-away SQLite database. The layout runs in child processes,
so their CPU is read from `resource.getrusage(RUSAGE_CHILDREN)`. Figures are printed,
never asserted; on a shared machine compare CPU, which other work hardly changes.
"""

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()


from bench.documents import document  # noqa: E402
from bench.plans import throwaway_database  # noqa: E402
from improvement_tracker.documents.exporters.pdf import write_pdf  # noqa: E402
from improvement_tracker.documents.selectors import plan_document_for  # noqa: E402
from improvement_tracker.plans.models import Plan  # noqa: E402
from improvement_tracker.plans.services.importing import plan_import  # noqa: E402


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def page_count(pdf: bytes) -> str:
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        return "-"
    info = subprocess.run(  # noqa: S603 - poppler's pdfinfo, our own PDF on its input
        [pdfinfo, "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    with throwaway_database():
        plan = Plan.objects.get(pk=plan_import(document=document()).pk)
        board = plan_document_for(plan=plan)
        actions = sum(len(domain.actions) for domain in board.domains)
        print(f"PDF board pack of {actions} actions; load average {os.getloadavg()[0]:.2f}")
        print(f"{'run':>4} {'CPU s':>7} {'wall s':>7} {'pages':>6} {'bytes':>9}")
        cpus, walls = [], []
        for run in range(1, runs + 1):
            cpu, wall = time.process_time() + children_cpu(), time.perf_counter()
            pdf = write_pdf(board)
            cpu = time.process_time() + children_cpu() - cpu
            wall = time.perf_counter() - wall
            pages = page_count(pdf)
            cpus.append(cpu)
            walls.append(wall)
            print(f"{run:>4} {cpu:>7.2f} {wall:>7.2f} {pages:>6} {len(pdf):>9,}")
        print(
            f"median CPU {statistics.median(cpus):.2f} s, wall {statistics.median(walls):.2f} s "
            f"(target 1 s); load average {os.getloadavg()[0]:.2f}"
        )


if __name__ == "__main__":
    main()
