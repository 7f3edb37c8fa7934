"""Home page and portfolio benchmark (issue 20): p50 of each for an organisation's person,
on the load benchmark's dataset (bench/load.py builds it: 751 plans, 1.1 million updates).

Run with `.venv/bin/python bench/home.py [--quick]`, against DATABASE_URL if it is set,
else a new SQLite file. It builds the dataset as bench/load.py does (`prepare`), makes one
person of the large plan's organisation who manages its plans, acts for a lead and has an
update round open on one plan, and one who sees every plan (load.py's viewer of all),
then requests each page in this process with Django's test client: warm (the figures
kept, ADR 0015) and cold (the cache cleared before each request). Figures are printed,
never asserted; the target is p50 ≤ 50 ms for the organisation's person, warm.
"""

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.test import Client

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import FULL, QUICK, SERVER_ENV, django_setup, prepare

WARM_RUNS, COLD_RUNS = 50, 11
TARGET_MS = 50


def person_of_the_organisation() -> tuple["User", str]:
    """A person of the large plan's organisation: manager of each of its plans, acting
    for the lead of its plans' first actions, with a round open on its largest plan."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.utils import timezone

    from improvement_tracker.accounts.models import Membership, PlanRole, Role
    from improvement_tracker.plans.models import Action, Plan
    from improvement_tracker.plans.services.rounds import round_open

    large = Plan.objects.annotate(n=Count("domains__actions")).order_by("-n").first()
    assert large is not None, "generate_demo_data made no plans"
    organisation = large.organisation
    person: User = get_user_model().objects.create_user(username="bench-home")
    Membership.objects.create(user=person, organisation=organisation)
    plans = list(Plan.objects.filter(organisation=organisation, archived_at__isnull=True))
    for plan in plans:
        PlanRole.objects.create(plan=plan, user=person, role=Role.MANAGER)
        first = Action.objects.filter(domain__plan=plan).order_by("id").first()
        if first is not None:
            lead = first.leads.first()
            if lead is not None:
                lead.people.add(person)
    today = timezone.localdate()
    round_open(
        plan=large,
        board_date=today + dt.timedelta(days=14),
        deadline=today + dt.timedelta(days=7),
        by=None,
    )
    return person, f"{organisation.name}: {len(plans)} live plans"


def viewer_of_every_plan() -> "User":
    """load.py's person: a member of the large plan's organisation, a viewer of all others."""
    from django.contrib.auth import get_user_model

    from bench.load import sign_in

    sign_in()
    person: User = get_user_model().objects.get(username="bench")
    return person


def timings(client: "Client", path: str, *, cold: bool) -> list[float]:
    from django.core.cache import cache

    runs = COLD_RUNS if cold else WARM_RUNS
    found = []
    client.get(path)  # the session's write, and the first build
    for _ in range(runs):
        if cold:
            cache.clear()
        started = time.perf_counter()
        response = client.get(path)
        found.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return found


def report(name: str, client: "Client", path: str) -> None:
    for cold in (False, True):
        ms = timings(client, path, cold=cold)
        p50 = statistics.median(ms)
        met = "met" if p50 <= TARGET_MS else "MISSED"
        verdict = "" if cold else f"  target ≤ {TARGET_MS} ms: {met}"
        kind = "cold" if cold else "warm"
        print(f"  {name:<34} {kind}  p50 {p50:7.1f} ms  p90 {_p90(ms):7.1f} ms{verdict}")


def _p90(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.9) - 1 if len(values) > 1 else 0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 organisations, not 150")
    parser.add_argument("--seed", type=int, default=2020)
    args = parser.parse_args()
    sizes = QUICK if args.quick else FULL
    scratch = Path(tempfile.mkdtemp(prefix="improvement-tracker-bench-home-"))
    env = {**os.environ, **SERVER_ENV, "MEDIA_ROOT": str(scratch / "media")}
    env.setdefault("DATABASE_URL", f"sqlite:///{scratch / 'db.sqlite3'}")
    try:
        started = time.monotonic()
        prepare(env, sizes, args.seed)
        print(f"Dataset built in {time.monotonic() - started:.0f} s")
        django_setup(env)
        from django.db import connection
        from django.test import Client

        from improvement_tracker.plans.models import ActionUpdate, Plan

        person, described = person_of_the_organisation()
        print(
            f"Home and portfolio, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, "
            f"{connection.vendor}: {Plan.objects.count()} plans, "
            f"{ActionUpdate.objects.count():,} updates; in process (Django's test client)"
        )
        print(f"An organisation's person ({described}):")
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(person)
        report("home", client, "/")
        report("portfolio", client, "/portfolio/")
        report("portfolio, filtered by overdue", client, "/portfolio/?overdue=on")
        print("A person who sees every plan (load.py's viewer of all; 50 to a page):")
        everyone = Client(HTTP_HOST="127.0.0.1")
        everyone.force_login(viewer_of_every_plan())
        report("portfolio, first page", everyone, "/portfolio/")
        report("portfolio, filtered by overdue", everyone, "/portfolio/?overdue=on")
        return 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
