"""Profile the 1,000-action tracker page in-process and time each part of it separately.

Run with `make bench-profile` (or `.venv/bin/python bench/profile_tracker.py`). It builds
its own throw-away SQLite database (or uses DATABASE_URL) with generate_demo_data's
1,000-action plan, renders the page under the production settings (DEBUG off, cached
templates), and prints:

1. the page's time and queries, median of several runs;
2. the time of each part on its own: the selector, the template, and per-row helpers
   the template calls 1,000 times, so that each suggested fix has a figure beside it;
3. pyinstrument's call tree for a few requests (frames above 2 %), and the functions
   that take the most time themselves.

Figures are printed, never asserted.
"""

import gc
import os
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
SCRATCH = Path(tempfile.mkdtemp(prefix="improvement-tracker-profile-"))
os.environ.update(SERVER_ENV, LOG_LEVEL="ERROR")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SCRATCH / 'db.sqlite3'}")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from pyinstrument import Profiler  # noqa: E402

from improvement_tracker.plans import selectors  # noqa: E402
from improvement_tracker.plans.models import Action, Plan  # noqa: E402
from improvement_tracker.plans.templatetags.tracker import (  # noqa: E402
    status_tag,
    with_action_links,
)

RUNS = 9
SLUG = "demo-large-improvement-plan"


def median_ms(work: Callable[[], object], runs: int = RUNS) -> str:
    """Median wall and CPU milliseconds: CPU time holds steady when other work shares the cores."""
    work()  # warm
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return f"{statistics.median(wall) * 1000:7.1f} {statistics.median(cpu) * 1000:7.1f}"


def parts(client: Client, plan: Plan) -> None:
    url = plan.get_absolute_url()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    # Count now: each request clears the connection's query log.
    counted = f"  {len(queries)} queries, {len(response.content):,} bytes"
    print(f"{'':<54} {'wall ms':>7} {'CPU ms':>7}")
    print(f"{'Whole page (test client, in-process)':<54} {median_ms(lambda: client.get(url))}")
    print(counted)

    def selector() -> selectors.Tracker:
        return selectors.plan_tracker(plan=plan)

    tracker = selector()
    actions = [a for entry in tracker.domains for a in entry.actions]
    request = RequestFactory().get(url)
    request.user = get_user_model().objects.get(username="profile")

    def template() -> str:
        return render_to_string("plans/tracker.html", {"tracker": tracker}, request=request)

    def no_leads() -> list[Action]:
        return list(Action.objects.filter(domain__plan=plan).select_related("domain"))

    def only_shown() -> list[tuple[object, ...]]:
        shown = ["domain_id", "number", "high_priority", "text", "lead_text"]
        shown += ["timescale_text", "status", "progress"]
        return list(Action.objects.filter(domain__plan=plan).values_list(*shown))

    anchors = {entry.domain.position: entry.anchors for entry in tracker.domains}
    rows = [
        ("selector plan_tracker (3 queries with prefetches)", selector),
        ("  the same actions without prefetching leads", no_leads),
        ("  only the columns the page shows, as tuples", only_shown),
        ("template render, given the selector's result", template),
        ("  action.timescale (parse_timescale) x1,000", lambda: [a.timescale for a in actions]),
        (
            "  with_action_links x1,000",
            lambda: [with_action_links(a.progress, anchors[a.domain.position]) for a in actions],
        ),
        ("  status_tag x1,000", lambda: [status_tag(a.status) for a in actions]),
    ]
    print("\nEach part on its own (medians):")
    for label, work in rows:
        print(f"  {label:<52} {median_ms(work)}")


def tree(client: Client, url: str) -> None:
    profiler = Profiler(interval=0.0002)
    profiler.start()
    for _ in range(5):
        client.get(url)
    profiler.stop()
    hide = {"filter_threshold": 0.02}
    print("\npyinstrument, 5 requests, share of their time (frames under 2 % hidden):")
    print(profiler.output_text(time="percent_of_total", processor_options=hide))
    print("Functions by their own time (pyinstrument, flat):")
    flat = profiler.output_text(time="percent_of_total", flat=True, processor_options=hide)
    print("\n".join(flat.splitlines()[:25]))


def main() -> None:
    call_command("migrate", verbosity=0)
    if not Plan.objects.filter(slug=SLUG).exists():
        call_command(
            "generate_demo_data", "--organisations=0", "--seed=2020", "--updates-per-action=24"
        )
    user, _ = get_user_model().objects.get_or_create(username="profile")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    plan = Plan.objects.get(slug=SLUG)
    # As each gunicorn worker does after start-up (config/gunicorn.conf.py).
    gc.collect()
    gc.freeze()
    print(f"Tracker page of {plan.title} ({connection.vendor}, production settings, gc frozen)")
    print(f"Load average before: {Path('/proc/loadavg').read_text().strip()}\n")
    parts(client, plan)
    tree(client, plan.get_absolute_url())


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)
