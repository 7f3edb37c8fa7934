"""Time reading an update round of a 1,000-action plan (issue 20).

Run with `.venv/bin/python bench/rounds.py`. The plan has twelve past rounds and an open
one asking about every action, half of them updated in it; one person acts for both its
leads. Timed (median of five, warm): `round_progress`, `plan_rounds`, `open_round_asks`
for all 1,000 actions, and the round's page, the rounds page and "My actions" through the
test client, with each one's queries. Figures are printed, never asserted. The pages'
figures include the test environment's recording of every template rendered (a copy of
the context per include), which a served page does not pay.
"""

import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.plans import plan_document, throwaway_database  # noqa: E402
from improvement_tracker.accounts.models import Membership, PlanRole, Role  # noqa: E402
from improvement_tracker.plans.models import Action, ActionUpdate, Lead, Plan  # noqa: E402
from improvement_tracker.plans.rag import Status  # noqa: E402
from improvement_tracker.plans.selectors.rounds import (  # noqa: E402
    open_round_asks,
    plan_rounds,
    round_progress,
)
from improvement_tracker.plans.services.importing import plan_import  # noqa: E402
from improvement_tracker.plans.services.rounds import round_close, round_open  # noqa: E402

ACTIONS, PAST_ROUNDS, RUNS = 1_000, 12, 5


def median_ms(work: Callable[[], object]) -> tuple[float, int]:
    """The median time of `work` in milliseconds, and the queries one run makes."""
    work()  # warm
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        work()
    return statistics.median(times), len(queries)


def plan_with_rounds() -> tuple[Plan, User]:
    document = plan_document(
        ACTIONS,
        title="Benchmark plan",
        statuses=[Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK],
        text=lambda n, d: f"Action {n} of domain {d}.",
        progress="Reported.",
    )
    plan = plan_import(document=document, organisation_name="Benchmark Council")
    today = timezone.localdate()
    for month in range(PAST_ROUNDS, 0, -1):
        board = today - dt.timedelta(days=30 * month)
        past = round_open(plan=plan, board_date=board, deadline=board, by=None)
        round_close(update_round=past, by=None)
    opened = round_open(
        plan=plan, board_date=today + dt.timedelta(days=14), deadline=today, by=None
    )
    ids = list(opened.actions.values_list("pk", flat=True))
    ActionUpdate.objects.bulk_create(
        ActionUpdate(action_id=pk, made_on=today, status=Status.ON_TRACK, round=opened)
        for pk in ids[::2]
    )
    person = User.objects.create_user(username="manager")  # signed in by force_login
    Membership.objects.create(user=person, organisation=plan.organisation)
    PlanRole.objects.create(plan=plan, user=person, role=Role.MANAGER)
    for lead in Lead.objects.filter(organisation=plan.organisation):
        lead.people.add(person)
    return plan, person


def main() -> None:
    with throwaway_database():
        plan, person = plan_with_rounds()
        update_round = plan.rounds.get(closed_at__isnull=True)
        ids = list(Action.objects.filter(domain__plan=plan).values_list("pk", flat=True))
        client = Client()
        client.force_login(person)
        progress = round_progress(update_round)
        print(
            f"A round of {progress.total:,} actions ({progress.updated:,} updated, "
            f"{len(progress.leads)} leads), {PAST_ROUNDS} past rounds; median of {RUNS}, warm"
        )
        rows = [
            ("round_progress", lambda: round_progress(update_round)),
            ("plan_rounds", lambda: plan_rounds(plan=plan)),
            ("open_round_asks, 1,000 actions", lambda: open_round_asks(ids)),
            (
                "the round's page",
                lambda: client.get(f"/plans/{plan.slug}/rounds/{update_round.pk}/"),
            ),
            ("the rounds page", lambda: client.get(f"/plans/{plan.slug}/rounds/")),
            ("My actions, 1,000 actions", lambda: client.get(reverse("plans:my_actions"))),
        ]
        for name, work in rows:
            ms, queries = median_ms(work)
            print(f"  {name:32} {ms:8.1f} ms  {queries:3} queries")


if __name__ == "__main__":
    main()
