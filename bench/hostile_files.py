"""Peak memory and time of each hostile file, and of the largest files the limits accept.

Run with `.venv/bin/python bench/hostile_files.py` (or `make bench-hostile`). Each file is
made here (tests/documents/hostile.py), written to a temporary folder, and run in a fresh
Python process through what the upload page does with it: read the stored bytes,
`read_plan_bytes`, then `preview_import` against a throw-away SQLite database. The child
prints its peak RSS growth over that work (the kernel's high-water mark, VmHWM, taken
once the libraries are imported and the file is in memory; not getrusage's ru_maxrss,
which Linux carries over from the parent across exec) and the wall time. Linux only.
Figures are printed, never asserted (docs/performance.md keeps them).
"""

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

CHILD = """
import json, sys, time
from pathlib import Path
import django
django.setup()
import lxml.etree, openpyxl  # what a worker that has imported before holds already
from improvement_tracker.documents.importers import read_plan_bytes
from improvement_tracker.plans.plan_document import ImportProblem
from improvement_tracker.documents.preview import preview_import
import improvement_tracker.documents.importers.docx, improvement_tracker.documents.importers.xlsx
import improvement_tracker.documents.importers.csv, improvement_tracker.documents.importers.text
def peak_kb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
path = Path(sys.argv[1])
data = path.read_bytes()
before = peak_kb()
started = time.perf_counter()
try:
    document = read_plan_bytes(data, name=sys.argv[2])
    preview = preview_import(document=document, organisation_name="Council")
    outcome = f"accepted: {document.action_count:,} actions"
except ImportProblem as problem:
    outcome = "refused: " + str(problem).splitlines()[0]
seconds = time.perf_counter() - started
grown = peak_kb() - before
print(json.dumps({"seconds": seconds, "mb": grown / 1024, "outcome": outcome}))
"""


def largest_accepted() -> dict[str, tuple[str, Callable[[], bytes]]]:
    """Files just inside the limits: the most memory and time an accepted file can take."""
    from tests.documents.builders import Domain, Row, csv_tracker, excel_tracker, word_tracker
    from tests.documents.hostile import MB, paragraph_flood

    words = "The panel reviewed the pathway and agreed the next steps with partners. "
    progress = (words * 30)[:2_000]
    rows = [
        {"No": n, "Action": words * 4, "Lead": "Director", "Timescale": "31/03/2021",
         "Status": "Green", "Progress": progress}
        for n in range(1, 5_001)
    ]  # fmt: skip
    word_rows = [Row(str(n), words * 4, progress=progress) for n in range(1, 5_001)]
    return {
        "5,000 actions in Word": (
            "large.docx",
            lambda: word_tracker([Domain("HELP AND PROTECTION", [word_rows])]),
        ),
        "5,000 actions in Excel": ("large.xlsx", lambda: excel_tracker(rows)),
        "Word, just under 1,000,000 XML elements": (
            "elements.docx",
            lambda: paragraph_flood(int(5.9 * MB)),  # 6 bytes an empty paragraph
        ),
        "Excel, just under 100,000 cells": (
            "cells.xlsx",
            lambda: excel_tracker(
                [
                    {"No": n, **{f"Column {c}": f"Cell {c}" for c in range(2, 11)}}
                    for n in range(1, 9_950)
                ]
            ),
        ),
        "5,000 actions in CSV": (
            "large.csv",
            lambda: csv_tracker([list(rows[0]), *([str(v) for v in r.values()] for r in rows)]),
        ),
    }


def main() -> None:
    import django

    django.setup()
    from tests.documents.hostile import HOSTILE

    files = {label: (name, make) for label, (name, make, _) in HOSTILE.items()}
    files.update(largest_accepted())
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{Path(folder) / 'db.sqlite3'}"}
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True
        )
        print(f"{'file':<46} {'size':>9} {'peak RSS +':>11} {'time':>8}  outcome")
        for label, (name, make) in files.items():
            path = Path(folder) / name
            path.write_bytes(make())
            result = subprocess.run(  # noqa: S603 - our own interpreter and script
                [sys.executable, "-c", CHILD, str(path), name],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0:
                print(f"{label:<46} failed: {result.stderr.strip().splitlines()[-1:]}")
                continue
            figures = json.loads(result.stdout.splitlines()[-1])
            size = path.stat().st_size / 1024 / 1024
            print(
                f"{label:<46} {size:>6.2f} MB {figures['mb']:>8.1f} MB {figures['seconds']:>6.2f} s"
                f"  {figures['outcome'][:90]}"
            )
            path.unlink()


if __name__ == "__main__":
    main()
