"""What the commands about one plan share: its slug, --as-of and --json, and the plan read."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser

from improvement_tracker.plans.models import Plan


class PlanCommand(BaseCommand):
    """A command about one plan as it stood on a date, printed for people or as JSON."""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument(
            "--as-of",
            dest="as_of",
            default=None,
            help="Show the plan as it stood on this date, YYYY-MM-DD (default: today).",
        )
        parser.add_argument("--json", action="store_true", help="Print JSON for machines.")

    def plan_as_of(self, options: dict[str, object]) -> tuple[Plan, dt.date | None]:
        """The plan the slug names and the date asked for (None: today), or a clear refusal."""
        return plan_named(options["slug"]), read_as_of(options["as_of"])


def plan_named(slug: object) -> Plan:
    """The plan with this slug, or a clear refusal."""
    plan = Plan.objects.filter(slug=slug).first()
    if plan is None:
        raise CommandError(f"There is no plan '{slug}'.")
    return plan


def read_as_of(value: object, *, option: str = "--as-of") -> dt.date | None:
    """The date an option gives (None if not given), or a refusal naming the option."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as error:
        raise CommandError(
            f"{option} '{value}' is not a date: give it as YYYY-MM-DD, for example 2020-10-31."
        ) from error
