"""Render the tracker page for plans of 10, 100 and 1,000 actions, of 1,000 actions with
five extra fields (ADR 0040), and of those in layers, objectives over the actions and two
activities under each (ADR 0041); print time and queries.

Run with `make bench` (or `.venv/bin/python bench/tracker_render.py`). It builds its
own throw-away SQLite database; figures are printed, never asserted.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.plans import plan_document, throwaway_database  # noqa: E402
from improvement_tracker.accounts.models import Membership, Organisation  # noqa: E402
from improvement_tracker.plans.rag import Status  # noqa: E402
from improvement_tracker.plans.services.importing import plan_import  # noqa: E402

RUNS = 7
# (actions, extra fields): the 1,000-action plan again with five extra fields, a value
# under each on every action, is what issue 18 asks the tracker to keep within 10% of.
SIZES = [(10, 0, False), (100, 0, False), (1000, 0, False), (1000, 5, False), (1000, 5, True)]


def build_plan(actions: int, extra_fields: int = 0, layers: bool = False) -> str:
    document = plan_document(
        actions,
        title=f"Benchmark plan of {actions} actions and {extra_fields} extra fields",
        statuses=[*Status.rated(), Status.NOT_RATED],
        text=lambda n, d: f"Action {n} of domain {d}: improve the quality of practice. " * 2,
        progress="Progress is reported to the board. See action 1 above. " * 4,
        extra_fields=extra_fields,
        layers=layers,
    )
    if layers:
        document.title += " in layers"
    return plan_import(document=document).slug


def main() -> None:
    with throwaway_database():
        user = get_user_model().objects.create_user(username="bench")
        client = Client()
        client.force_login(user)
        member = False
        print(f"Tracker page render, median of {RUNS} runs (SQLite, test settings)")
        print(
            f"{'actions':>8} {'extra':>6} {'layers':>6} {'cold ms':>8} {'cold cpu':>9} "
            f"{'warm ms':>8} {'warm cpu':>9} {'queries':>8} {'bytes':>9}"
        )
        for size, extra, layers in SIZES:
            slug = build_plan(size, extra, layers)
            if not member:  # a board member of the council: reads through the real checks
                Membership.objects.create(
                    user=user, organisation=Organisation.objects.get(name="Benchmark Council")
                )
                member = True
            url = f"/plans/{slug}/"
            client.get(url)  # warm caches
            # Cold: the plan's cached parts are built from the database (after any change).
            # Warm: served from the cache while the plan is unchanged (ADR 0015).
            figures = {}
            for kind in ("cold", "warm"):
                times, cpu = [], []
                for _ in range(RUNS):
                    if kind == "cold":
                        cache.clear()
                    start, start_cpu = time.perf_counter(), time.process_time()
                    response = client.get(url)
                    times.append(time.perf_counter() - start)
                    cpu.append(time.process_time() - start_cpu)
                    assert response.status_code == 200
                    assert response.content.count(b'id="action-') == size
                    assert response.content.count(b"<strong>Outcome:</strong>") == (
                        size if extra >= 2 else 0
                    )
                figures[kind] = (statistics.median(times), statistics.median(cpu))
            cache.clear()  # count the queries of a cold page: the most it can make
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            (cold, cold_cpu), (warm, warm_cpu) = figures["cold"], figures["warm"]
            print(
                f"{size:>8} {extra:>6} {'yes' if layers else 'no':>6} {cold * 1000:>8.1f} "
                f"{cold_cpu * 1000:>9.1f} {warm * 1000:>8.1f} {warm_cpu * 1000:>9.1f} "
                f"{len(queries):>8} {len(response.content):>9}"
            )
        print(f"organisations: {Organisation.objects.count()}")


if __name__ == "__main__":
    main()
