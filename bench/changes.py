"""Time "what changed" over a year of the 1,000-action plan, cold: `plan_changes` and the page.

Run with `.venv/bin/python bench/changes.py [--runs N]`. It builds its own throw-away SQLite
database (or uses DATABASE_URL) with generate_demo_data's 1,000-action plan and 24 monthly
updates per action (January 2019 to December 2020), then, with the clock moved into 2020
by time-machine, makes edits through the services as people would: timescales moved,
actions moved to another domain, archived, added. "Cold": a fresh plan object and a cleared
cache each run. It prints the median wall and CPU milliseconds and the queries made, over
2020 (31 December 2019 to 31 December 2020). Target (issue 20): ≤ 150 ms. Never asserted.
"""

import argparse
import datetime as dt
import shutil
from pathlib import Path

import time_machine

# The throw-away database, the production settings and django.setup(), and the cold run
# (a cleared cache, its writes rolled back), as the cold exports benchmark has them.
from cold_exports import SCRATCH, report
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from improvement_tracker.plans.models import Action, Domain, Plan
from improvement_tracker.plans.selectors.changes import plan_changes
from improvement_tracker.plans.services import actions as action_services
from improvement_tracker.plans.services import archiving

RUNS = 9
SLUG = "demo-large-improvement-plan"
SINCE, UNTIL = dt.date(2019, 12, 31), dt.date(2020, 12, 31)


def edit_through_the_year(plan: Plan) -> int:
    """Each month of 2020: ten timescales moved, three actions moved, two archived, one added."""
    domains = list(Domain.objects.filter(plan=plan).order_by("position"))
    actions = list(Action.objects.filter(domain__plan=plan).order_by("id"))
    edits = 0
    for month in range(1, 13):
        day = dt.datetime(2020, month, 15, 12, tzinfo=dt.UTC)
        with time_machine.travel(day, tick=False):
            chosen = actions[(month - 1) * 16 : month * 16]
            for action in chosen[:10]:
                action_services.action_edit(
                    action=action,
                    text=action.text,
                    lead_text=action.lead_text,
                    leads=list(action.leads.all()),
                    timescale_text=f"{day:%B} 2021",
                    high_priority=action.high_priority,
                    expected_version=action.version,
                    by=None,
                )
            for action in chosen[10:13]:
                target = domains[(domains.index(action.domain) + 1) % len(domains)]
                action_services.action_move(
                    action=action,
                    domain=target,
                    number=f"M{action.pk}",
                    expected_version=action.version,
                    by=None,
                )
            for action in chosen[13:15]:
                action.refresh_from_db()
                archiving.action_archive(action=action, by=None, expected_version=action.version)
            action_services.action_add(
                domain=domains[0],
                number=f"N{month}",
                text="An action the board added.",
                lead_text="",
                leads=[],
                timescale_text="March 2021",
                high_priority=False,
                by=None,
            )
            edits += 16
    return edits


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)  # as load.py does
    call_command(
        "generate_demo_data", "--organisations=0", "--seed=2020", "--updates-per-action=24"
    )
    plan = Plan.objects.get(slug=SLUG)
    edits = edit_through_the_year(plan)
    user = get_user_model().objects.create_superuser("changes-bench", password=None)
    client = Client()
    client.force_login(user)
    url = reverse("plans:changes", args=[SLUG])
    query = {"since": SINCE.isoformat(), "until": UNTIL.isoformat()}
    work = {
        "plan_changes over 2020": lambda: plan_changes(
            Plan.objects.get(slug=SLUG), since=SINCE, until=UNTIL
        ),
        "What changed page (test client)": lambda: client.get(url, query),
    }
    actions = Action.objects.filter(domain__plan=plan).count()
    print(f"{plan.title}: {actions} actions, 24 monthly updates each, {edits} edits in 2020")
    print(f"cold, {connection.vendor}, production settings; target ≤ 150 ms")
    report(work, args.runs)
    found = plan_changes(Plan.objects.get(slug=SLUG), since=SINCE, until=UNTIL)
    print(f"{len(found)} changes found, {len({c.kind for c in found})} kinds")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)
