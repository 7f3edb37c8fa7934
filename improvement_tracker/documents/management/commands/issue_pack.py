"""manage.py issue_pack SLUG --board-date YYYY-MM-DD: the board packs page's service."""

import datetime as dt
from argparse import ArgumentTypeError

from django.core.management.base import BaseCommand, CommandError, CommandParser

from improvement_tracker.documents.packs import pack_issue
from improvement_tracker.plans.models import Plan
from improvement_tracker.plans.services.rules import EditRefused


class Command(BaseCommand):
    help = (
        "Issue a plan's board pack for a board date: its tables, flags and files frozen "
        "(an earlier pack for the same board is archived)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument(
            "--board-date", required=True, type=_date, help="The board's date (YYYY-MM-DD)."
        )

    def handle(self, *args: object, **options: object) -> None:
        plan = Plan.objects.select_related("organisation").filter(slug=options["slug"]).first()
        if plan is None:
            raise CommandError(f"There is no plan '{options['slug']}'.")
        board_date = options["board_date"]
        if not isinstance(board_date, dt.date):  # argparse's type made it one
            raise CommandError("Give the board date as --board-date YYYY-MM-DD.")
        try:
            pack = pack_issue(plan=plan, board_date=board_date, by=None)
        except EditRefused as refused:
            raise CommandError(refused.message) from refused
        self.stdout.write(
            f"Issued the board pack for {board_date:%Y-%m-%d} of {plan.slug}"
            f" (the plan as at {pack.snapshot['as_of']}"
            + (f"; what changed since {pack.since:%Y-%m-%d}" if pack.since else "")
            + "):"
        )
        for file in pack.files.defer("content").order_by("kind"):
            self.stdout.write(f"  {file.name}  sha256 {file.sha256}")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise ArgumentTypeError(f"'{text}' is not a date written as YYYY-MM-DD") from error
