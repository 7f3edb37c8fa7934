"""Load the demo plan with a year of board cycles (once), and give its people fresh one-time
passwords; `make run` and `make serve` run it after `load_example` (issue 20, ADR 0060)."""

import datetime as dt
import time

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from improvement_tracker.accounts.services import person_one_time_password
from improvement_tracker.documents.packs import pack_issue
from improvement_tracker.plans.demo_history import ORGANISATION, demo_history_load
from improvement_tracker.plans.models import BoardPack, Plan

DEFAULT_SEED = 2026


class Command(BaseCommand):
    help = (
        "Load a second, generated demo plan with a year of monthly update rounds (the last "
        "still open), updates by the people who act for its leads, and its past boards' "
        "packs; made through the services, so audited as real use. Run again, it finds the "
        "plan and changes nothing but its people's one-time passwords, which it prints."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="The same seed gives the same plan."
        )

    def handle(self, *args: object, **options: object) -> None:
        started = time.perf_counter()
        seed = options["seed"]
        if not isinstance(seed, int):
            raise CommandError("--seed must be a whole number.")
        with transaction.atomic():
            demo = demo_history_load(seed=seed, today=timezone.localdate(), issue_pack=_issue)
            passwords = [
                (user, words, person_one_time_password(user=user, by=None))
                for user, words in demo.people
            ]
        plan = demo.plan
        if demo.created:
            rounds, packs = plan.rounds.count(), plan.board_packs.count()
            self.stdout.write(
                f"Loaded the demo history: {plan.slug} ({ORGANISATION}), {rounds} update rounds "
                f"and {packs} board packs in {time.perf_counter() - started:.1f} s"
            )
        else:
            self.stdout.write("The demo history is already loaded.")
        for user, words, password in passwords:
            self.stdout.write(f"Sign in as: {user.get_username()} / {password} ({words})")
        if passwords:
            self.stdout.write(
                "Those are one-time passwords: each person chooses their own at first sign-in."
            )


def _issue(plan: Plan, board_date: dt.date, by: User) -> BoardPack:
    """A past board's pack, issued as its round closes (documents' service, above plans)."""
    return pack_issue(plan=plan, board_date=board_date, by=by)
