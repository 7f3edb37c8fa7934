"""Open an update round for a board meeting from the command line: the page's service and rules."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser

from improvement_tracker.plans.models import Plan
from improvement_tracker.plans.services import rounds as rounds_services
from improvement_tracker.plans.services.rules import EditRefused

OPTIONS = {"board_date": "--board-date", "deadline": "--deadline"}


class Command(BaseCommand):
    help = (
        "Open an update round on a plan: every open action is asked for an update by the "
        "deadline, for the board of the board date. Refused while the plan has a round open."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The plan's address name (manage.py list_plans)")
        parser.add_argument(
            "--board-date", dest="board_date", required=True, help="YYYY-MM-DD, today or later"
        )
        parser.add_argument(
            "--deadline", required=True, help="YYYY-MM-DD, on or before the board date"
        )

    def handle(self, *args: object, **options: object) -> None:
        board_date, deadline = (_date(name, options[name]) for name in OPTIONS)
        plan = Plan.objects.filter(slug=options["slug"]).first()
        if plan is None:
            raise CommandError(f"There is no plan '{options['slug']}': see manage.py list_plans.")
        refusal = rounds_services.round_dates_refusal(board_date=board_date, deadline=deadline)
        try:
            if refusal is not None:
                raise refusal
            opened = rounds_services.round_open(
                plan=plan,
                board_date=board_date,
                deadline=deadline,
                by=None,
                via="manage.py open_round",
            )
        except EditRefused as refused:
            where = f"{OPTIONS[refused.field]}: " if refused.field in OPTIONS else ""
            raise CommandError(f"{where}{refused.message.rstrip('.')}.") from refused
        count = opened.actions.count()
        self.stdout.write(
            f"Opened an update round on {plan.title} for the board of {board_date:%-d %B %Y}: "
            f"{count} action{'s' if count != 1 else ''}, updates due by {deadline:%-d %B %Y}."
        )


def _date(name: str, value: object) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as error:
        raise CommandError(
            f"{OPTIONS[name]} '{value}' is not a date: give it as YYYY-MM-DD, "
            "for example 2027-03-10."
        ) from error
