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

from bench.load import FULL, QUICK, SERVER_ENV, django_setup, prepare, run

WARM_RUNS, COLD_RUNS = 50, 11
TARGET_MS = 50


def person_of_the_organisation() -> tuple["User", str]:
    """A person of an organisation with the most live plans (five, in the dataset): a
    manager of each, acting for the lead of its first plan's first action, with an
    update round open on that plan."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Q
    from django.utils import timezone

    from improvement_tracker.accounts.models import Membership, Organisation, PlanRole, Role
    from improvement_tracker.plans.models import Action, Plan
    from improvement_tracker.plans.services.rounds import round_open

    live = Count("plans", filter=Q(plans__archived_at__isnull=True))
    organisation = Organisation.objects.annotate(n=live).order_by("-n", "pk").first()
    assert organisation is not None, "generate_demo_data made no organisations"
    # Made once: a kept dataset (--keep) has them already.
    person: User = get_user_model().objects.get_or_create(username="bench-home")[0]
    Membership.objects.get_or_create(user=person, organisation=organisation)
    plans = list(Plan.objects.filter(organisation=organisation, archived_at__isnull=True))
    for plan in plans:
        PlanRole.objects.get_or_create(plan=plan, user=person, role=Role.MANAGER)
    first = Action.objects.filter(domain__plan=plans[0]).order_by("id").first()
    assert first is not None and first.leads.exists(), "the first plan's first action has a lead"
    lead = first.leads.first()
    lead.people.add(person)  # type: ignore[union-attr]
    led = Action.objects.filter(leads=lead, domain__plan__organisation=organisation).count()
    today = timezone.localdate()
    if not plans[0].rounds.filter(closed_at__isnull=True).exists():
        round_open(
            plan=plans[0],
            board_date=today + dt.timedelta(days=14),
            deadline=today + dt.timedelta(days=7),
            by=None,
        )
    return person, f"{organisation.name}: {len(plans)} live plans, {led} actions of their lead"


def viewer_of_every_plan() -> "User":
    """load.py's person: a member of the large plan's organisation, a viewer of all others."""
    from django.contrib.auth import get_user_model

    from bench.load import sign_in

    sign_in()
    person: User = get_user_model().objects.get(username="bench")
    return person


def timings(client: "Client", path: str, *, cold: bool) -> tuple[list[float], list[float]]:
    """Each request's wall time and this process's CPU time, in ms: on SQLite the database
    works in this process too, and CPU time is what other work on the machine skews least."""
    from django.core.cache import cache

    runs = COLD_RUNS if cold else WARM_RUNS
    found, cpu = [], []
    client.get(path)  # the session's write, and the first build
    for _ in range(runs):
        if cold:
            cache.clear()
        started, used = time.perf_counter(), time.process_time()
        response = client.get(path)
        found.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return found, cpu


def report(name: str, client: "Client", path: str) -> None:
    for cold in (False, True):
        ms, cpu = timings(client, path, cold=cold)
        p50 = statistics.median(ms)
        met = "met" if p50 <= TARGET_MS else "MISSED"
        verdict = "" if cold else f"  target ≤ {TARGET_MS} ms: {met}"
        kind = "cold" if cold else "warm"
        print(
            f"  {name:<32} {kind}  p50 {p50:7.1f} ms  p90 {_p90(ms):7.1f} ms"
            f"  CPU p50 {statistics.median(cpu):7.1f} ms{verdict}",
            flush=True,
        )


def _p90(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.9) - 1 if len(values) > 1 else 0]


def load_average() -> str:
    return " ".join(f"{n:.1f}" for n in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 organisations, not 150")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument(
        "--keep",
        type=Path,
        help="a SQLite file to build the dataset in and keep, or to reuse if it exists",
    )
    args = parser.parse_args()
    sizes = QUICK if args.quick else FULL
    scratch = Path(tempfile.mkdtemp(prefix="improvement-tracker-bench-home-"))
    env = {**os.environ, **SERVER_ENV, "MEDIA_ROOT": str(scratch / "media")}
    database = args.keep or scratch / "db.sqlite3"
    env.setdefault("DATABASE_URL", f"sqlite:///{database.resolve()}")
    try:
        started = time.monotonic()
        if args.keep is None or not args.keep.exists():
            prepare(env, sizes, args.seed)
            print(f"Dataset built in {time.monotonic() - started:.0f} s", flush=True)
        else:  # a kept dataset, brought up to the code's migrations
            run([sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"], env)
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
        print(f"Load average: {load_average()} (2 cores here; other work skews wall times)")
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
