"""Time issuing the 1,000-action plan's board pack, and downloading its files.

Run with `.venv/bin/python bench/packs.py [--runs N]`. It builds its own throw-away
SQLite database (or uses DATABASE_URL) with generate_demo_data's 1,000-action plan and
24 updates per action, under the production settings, as bench/cold_exports.py does.

It prints, for `pack_issue` (the plan as at the board, its board section, its four files,
the snapshot, stored in one transaction), the median wall and CPU milliseconds of the
whole, of the board section and of each file's writer on its own (with the section);
each file's size; and the median time of a download page (the stored bytes, audited).
Figures are printed, never asserted.
"""

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from load import SERVER_ENV  # the production settings with throw-away loopback secrets

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCRATCH = Path(tempfile.mkdtemp(prefix="improvement-tracker-packs-"))
os.environ.update(SERVER_ENV, LOG_LEVEL="ERROR", ALLOWED_HOSTS="testserver")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SCRATCH / 'db.sqlite3'}")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from improvement_tracker.documents.exporters import FORMATS  # noqa: E402
from improvement_tracker.documents.packs import (  # noqa: E402
    PACK_FORMATS,
    board_section_for,
    pack_issue,
    previous_board,
)
from improvement_tracker.documents.selectors import plan_document_for  # noqa: E402
from improvement_tracker.plans.models import BoardPack, Plan  # noqa: E402

RUNS = 3
SLUG = "demo-large-improvement-plan"
BOARD = dt.date(2026, 11, 18)


def timed(work: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds of `runs` runs (CPU of this process only: the
    Word, Excel and PDF writers run in processes of their own, ADR 0017)."""
    walls, cpus = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        cpus.append((time.process_time() - start_cpu) * 1000)
        walls.append((time.perf_counter() - start) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    if not Plan.objects.filter(slug=SLUG).exists():
        call_command(
            "generate_demo_data", "--organisations=0", "--seed=2020", "--updates-per-action=24"
        )
    plan = Plan.objects.select_related("organisation").get(slug=SLUG)
    user_model = get_user_model()
    user = user_model.objects.filter(username="packs-bench").first()
    user = user or user_model.objects.create_superuser("packs-bench", password=None)
    print(
        f"{plan.title}: {plan.domains.count()} domains ({settings.DATABASES['default']['ENGINE']})"
    )
    print(f"Load average before: {Path('/proc/loadavg').read_text().strip()}\n")
    print(f"{'':40} {'wall ms':>9} {'CPU ms':>9}")
    # Each issue for the same board archives the one before: as a manager re-issuing.
    wall, cpu = timed(lambda: pack_issue(plan=plan, board_date=BOARD, by=user), args.runs)
    print(f"{'pack_issue, whole (4 files, stored)':40} {wall:9.1f} {cpu:9.1f}")
    document = plan_document_for(plan=plan, as_of=BOARD)
    wall, cpu = timed(lambda: plan_document_for(plan=plan, as_of=BOARD), args.runs)
    print(f"{'  the plan as at the board (document)':40} {wall:9.1f} {cpu:9.1f}")
    since = previous_board(plan, BOARD)
    document.board = board_section_for(plan, BOARD, since)
    wall, cpu = timed(lambda: board_section_for(plan, BOARD, since), args.runs)
    print(f"{'  its board section (changes, 5 charts)':40} {wall:9.1f} {cpu:9.1f}")
    for kind in PACK_FORMATS:
        wall, cpu = timed(partial(FORMATS[kind].write, document), args.runs)
        print(f"{'  ' + FORMATS[kind].name + ' writer':40} {wall:9.1f} {cpu:9.1f}")
    pack = BoardPack.objects.get(plan=plan, archived_at__isnull=True)
    client = Client()
    client.force_login(user)
    print()
    for file in pack.files.defer("content").order_by("kind"):
        url = reverse("documents:board_pack_file", args=[plan.slug, pack.pk, file.kind])
        wall, cpu = timed(partial(client.get, url), max(args.runs, 9))
        size = len(client.get(url).content)
        name = f"download {file.kind} ({size / 1024:,.0f} KB)"
        print(f"{name:40} {wall:9.1f} {cpu:9.1f}")
    print(f"\nPacks kept: {BoardPack.objects.filter(plan=plan).count()} (all but one archived)")
    print(f"Load average after: {Path('/proc/loadavg').read_text().strip()}")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)
