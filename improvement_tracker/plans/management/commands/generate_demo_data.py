"""Build a realistic demonstration dataset fast, for load tests and for trying the app at scale.

The rows are made by `demo_generator.py` with the models and bulk_create, one organisation at
a time, inside one transaction. The same --seed gives the same rows.
"""

import random
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import Q

from improvement_tracker.accounts.models import Organisation
from improvement_tracker.plans.management.demo_generator import (
    DEMO_PREFIX,
    LARGE_PLAN_SLUG,
    Generator,
)
from improvement_tracker.plans.management.demo_words import EXTRA_FIELDS
from improvement_tracker.plans.models import Action, BoardPack, BoardPackFile, Lead, Plan


class Command(BaseCommand):
    help = (
        "Build a realistic demonstration dataset with bulk inserts: N organisations, each "
        "with plans of actions, plus one plan of 1,000 actions; prints rows per second. "
        "--updates-per-action writes that many monthly progress updates per action. "
        "Demo organisations' slugs start with 'demo-'; --replace deletes those first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisations", type=int, default=3)
        parser.add_argument("--plans-per-organisation", type=int, default=2)
        parser.add_argument("--actions-per-plan", type=int, default=60)
        parser.add_argument(
            "--updates-per-action",
            type=int,
            default=12,
            help="Monthly progress updates per action, each stored as a dated update. Default 12.",
        )
        parser.add_argument(
            "--history-months",
            type=int,
            default=0,
            help="The last N of those months as monthly update rounds (all closed but the "
            "last), each month's updates answering its round, and a board pack row (no "
            "files) for each closed round's board. At most --updates-per-action. Default 0.",
        )
        parser.add_argument(
            "--large-plan-actions",
            type=int,
            default=1000,
            help="Actions in the one large plan (0 for none). Default 1000.",
        )
        parser.add_argument(
            "--large-plan-extra-fields",
            type=int,
            default=0,
            help=f"Extra fields of the large plan (at most {len(EXTRA_FIELDS)}), each with a "
            "value on most of its actions. Default 0.",
        )
        parser.add_argument("--seed", type=int, help="The same seed gives the same rows.")
        parser.add_argument(
            "--replace", action="store_true", help="Delete earlier demo data first."
        )

    def handle(self, *args: object, **options: int | bool | None) -> None:
        sizes = {
            name: int(options[name] or 0)
            for name in (
                "organisations",
                "plans_per_organisation",
                "actions_per_plan",
                "updates_per_action",
                "history_months",
                "large_plan_actions",
                "large_plan_extra_fields",
            )
        }
        if any(value < 0 for value in sizes.values()):
            raise CommandError("Sizes must be 0 or more.")
        if sizes["large_plan_extra_fields"] > len(EXTRA_FIELDS):
            raise CommandError(f"The large plan can have at most {len(EXTRA_FIELDS)} extra fields.")
        if sizes["history_months"] > sizes["updates_per_action"]:
            raise CommandError(
                f"--history-months must be at most --updates-per-action "
                f"({sizes['updates_per_action']}): each round holds its month's updates."
            )
        seed = options["seed"]
        if seed is None:
            seed = random.SystemRandom().randrange(2**32)
        started = time.perf_counter()
        with transaction.atomic():
            self.clear(replace=bool(options["replace"]))
            generator = Generator(
                seed=int(seed),
                updates_per_action=sizes["updates_per_action"],
                history_months=sizes["history_months"],
            )
            for organisation in generator.organisations(sizes["organisations"]):
                plans = generator.plans(organisation, sizes["plans_per_organisation"])
                generator.organisation_plans(organisation, plans, sizes["actions_per_plan"])
            if sizes["large_plan_actions"]:
                self.large_plan(
                    generator, sizes["large_plan_actions"], sizes["large_plan_extra_fields"]
                )
        self.report(generator, seed=int(seed), seconds=time.perf_counter() - started)
        self.refresh_statistics()

    def clear(self, *, replace: bool) -> None:
        demo = Organisation.objects.filter(slug__startswith=DEMO_PREFIX)
        if not demo.exists():
            return
        if not replace:
            raise CommandError(
                f"Demo data is already here ({demo.count()} organisations). "
                "Nothing was changed; use --replace to delete it and generate again."
            )
        plans = Plan.objects.filter(Q(organisation__in=demo) | Q(slug=LARGE_PLAN_SLUG))
        Action.leads.through.objects.filter(action__domain__plan__in=plans).delete()
        Action.objects.filter(domain__plan__in=plans).delete()
        BoardPackFile.objects.filter(pack__plan__in=plans).delete()
        BoardPack.objects.filter(plan__in=plans).delete()
        plans.delete()
        Lead.objects.filter(organisation__in=demo).delete()
        demo.delete()

    def large_plan(self, generator: Generator, actions: int, extra_fields: int = 0) -> None:
        organisation = generator.save(
            Organisation,
            [Organisation(name="Large Plan Council (demo)", slug=f"{DEMO_PREFIX}large")],
        )[0]
        title = f"Large Improvement Plan of {actions:,} actions"
        plan = generator.save(Plan, [generator.plan(organisation, title, LARGE_PLAN_SLUG)])[0]
        made = generator.organisation_plans(organisation, [plan], actions)
        if extra_fields:
            generator.extra_fields(plan, made, extra_fields)
        fields = f", {extra_fields} extra fields" if extra_fields else ""
        self.stdout.write(f"Large plan: /plans/{plan.slug}/ ({actions:,} actions{fields})")

    def refresh_statistics(self) -> None:
        """Bring PostgreSQL's planner statistics and visibility map up to date.

        After a bulk load they describe the empty tables, so the planner guesses and
        index-only scans visit the table. In production autovacuum would catch up a few
        minutes later, in the middle of whatever runs next (a benchmark, say); a hosting
        team runs this after any large import. SQLite has no autovacuum: there the
        unanalysed database is what production sees too, so it is left alone.
        """
        if connection.vendor != "postgresql":
            return
        # VACUUM cannot run inside a transaction (a test's, say); ANALYZE alone can.
        statement = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(statement)
        self.stdout.write(f"{statement} in {time.perf_counter() - started:.1f} s.")

    def report(self, generator: Generator, *, seed: int, seconds: float) -> None:
        total = sum(generator.rows.values())
        for label, count in generator.rows.items():
            self.stdout.write(f"  {label:<28} {count:>9,}")
        self.stdout.write(
            f"Inserted {total:,} rows in {seconds:.1f} s: {total / max(seconds, 1e-9):,.0f} "
            f"rows per second (seed {seed})."
        )
