"""`manage.py plan_changes SLUG [--since] [--until] [--json]`: what changed in a plan between
two dates, the list the "What changed" page shows (plans/selectors/changes.py)."""

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from improvement_tracker.plans.key_checks import long_date
from improvement_tracker.plans.management.commands._plan_command import plan_named, read_as_of
from improvement_tracker.plans.selectors.changes import default_since, plan_changes


class Command(BaseCommand):
    help = "List what changed in a plan between two dates (default: since the last board)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument(
            "--since",
            default=None,
            help="From the end of this date, YYYY-MM-DD (default: the last issued board "
            "pack's board date, else a month before --until).",
        )
        parser.add_argument(
            "--until", default=None, help="To the end of this date, YYYY-MM-DD (default: today)."
        )
        parser.add_argument("--json", action="store_true", help="Print JSON for machines.")

    def handle(self, *args: object, **options: object) -> None:
        plan = plan_named(options["slug"])
        until = read_as_of(options["until"], option="--until") or timezone.localdate()
        since = read_as_of(options["since"], option="--since") or default_since(plan, until=until)
        if since > until:
            raise CommandError(
                f"--since ({since.isoformat()}) is after --until ({until.isoformat()}): "
                "give a start on or before the end."
            )
        changes = plan_changes(plan, since=since, until=until)
        if options["json"]:
            rows = [change.as_json() for change in changes]
            self.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False))
            return
        self.stdout.write(
            f"{plan.title}, from {long_date(since)} to {long_date(until)}: {len(changes)} change(s)"
        )
        for change in changes:
            self.stdout.write(f"  {change.domain} {change.reference}: {change.words}")
