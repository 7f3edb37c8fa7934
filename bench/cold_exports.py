"""Time the 1,000-action plan cold: the selector, the CSV and Word exports, the tracker page.

Run with `.venv/bin/python bench/cold_exports.py [--profile NAME]`. "Cold" is the first
request after a change to the plan: the cache is cleared before every run, so nothing
is served from it (ADR 0015). It builds its own throw-away SQLite database (or uses
DATABASE_URL) with generate_demo_data's 1,000-action plan and 24 updates per action,
and runs under the production settings with the start-up heap frozen, as a worker does.

For each part it prints the median wall and CPU milliseconds and the queries made.
`--profile NAME` prints cProfile's view of that part instead (NAME is one of the rows).
Figures are printed, never asserted.
"""

import argparse
import cProfile
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from load import SERVER_ENV  # the production settings with throw-away loopback secrets

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCRATCH = Path(tempfile.mkdtemp(prefix="improvement-tracker-cold-"))
os.environ.update(SERVER_ENV, LOG_LEVEL="ERROR", ALLOWED_HOSTS="testserver")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SCRATCH / 'db.sqlite3'}")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from improvement_tracker.documents.exporters import FORMATS  # noqa: E402
from improvement_tracker.documents.selectors import plan_document_for  # noqa: E402
from improvement_tracker.plans.models import Plan  # noqa: E402
from improvement_tracker.plans.selectors.tracker import plan_tracker  # noqa: E402

RUNS = 9
SLUG = "demo-large-improvement-plan"


def parts(plan: Plan, client: Client) -> dict[str, Callable[[], object]]:
    def export(file_format: str) -> Callable[[], object]:
        url = reverse("documents:export", args=[plan.slug, file_format])
        return lambda: client.get(url)

    return {
        "plan_tracker": lambda: plan_tracker(plan=plan),
        "CSV, plan_document_for + writer": lambda: FORMATS["csv"].write(
            plan_document_for(plan=plan)
        ),
        "Word, plan_document_for + writer": lambda: FORMATS["docx"].write(
            plan_document_for(plan=plan)
        ),
        "CSV export page (test client)": export("csv"),
        "Word export page (test client)": export("docx"),
        "tracker page (test client)": lambda: client.get(plan.get_absolute_url()),
    }


def cold(work: Callable[[], object]) -> tuple[float, float, int]:
    """Wall ms, CPU ms and queries of one cold run; what it wrote (an audit event) is undone."""
    cache.clear()
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with transaction.atomic():
        point = transaction.savepoint()
        with connection.execute_wrapper(count):
            start, start_cpu = time.perf_counter(), time.process_time()
            result = work()
            cpu, wall = time.process_time() - start_cpu, time.perf_counter() - start
        transaction.savepoint_rollback(point)
    status = getattr(result, "status_code", 200)
    assert status == 200, status
    return wall * 1000, cpu * 1000, len(queries)


def large_plan(username: str) -> tuple[Plan, Client]:
    """The database made ready (migrated, static files collected, the 1,000-action plan
    generated once) and a client signed in as the superuser `username`."""
    call_command("migrate", verbosity=0)
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)  # as load.py does
    if not Plan.objects.filter(slug=SLUG).exists():
        call_command(
            "generate_demo_data", "--organisations=0", "--seed=2020", "--updates-per-action=24"
        )
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    user = user or user_model.objects.create_superuser(username, password=None)
    client = Client()
    client.force_login(user)
    return Plan.objects.select_related("organisation").get(slug=SLUG), client


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", help="print cProfile's view of this part")
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args()
    plan, client = large_plan("cold-bench")
    work = parts(plan, client)
    if args.profile:
        cold(work[args.profile])
        profiler = cProfile.Profile()
        profiler.runcall(lambda: [cold(work[args.profile]) for _ in range(3)])
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(40)
        stats.sort_stats("tottime").print_stats(20)
        return
    print(f"{plan.title}, cold ({connection.vendor}, production settings, gc frozen)")
    report(work, args.runs)


def report(work: dict[str, Callable[[], object]], runs: int) -> None:
    """Each part's median and least wall and CPU milliseconds over `runs` cold runs and its
    queries, between the machine's load averages (bench/changes.py prints so too)."""
    print(f"Load average before: {Path('/proc/loadavg').read_text().strip()}\n")
    # The least wall time is the run least held up by other work on a shared machine.
    print(f"{'':34} {'wall ms':>8} {'min wall':>8} {'CPU ms':>8} {'min CPU':>8} {'queries':>8}")
    for name, part in work.items():
        cold(part)  # warm the code paths, not the data: every run clears the cache
        timed = [cold(part) for _ in range(runs)]
        wall, least = statistics.median(r[0] for r in timed), min(r[0] for r in timed)
        cpu, least_cpu = statistics.median(r[1] for r in timed), min(r[1] for r in timed)
        print(f"{name:34} {wall:8.1f} {least:8.1f} {cpu:8.1f} {least_cpu:8.1f} {timed[0][2]:8}")
    print(f"\nLoad average after: {Path('/proc/loadavg').read_text().strip()}")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)
