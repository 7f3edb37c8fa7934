import datetime as dt
from argparse import ArgumentTypeError
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from improvement_tracker.documents.exporters import FORMAT_NAMES
from improvement_tracker.documents.selectors import plan_document_for
from improvement_tracker.documents.services import document_export
from improvement_tracker.plans.models import Plan


class Command(BaseCommand):
    help = "Write a plan's board pack as Word, PDF, Excel or CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--format", required=True, choices=FORMAT_NAMES, dest="file_format")
        parser.add_argument(
            "--as-of", type=_date, default=None, help="The tracker as at this date (YYYY-MM-DD)."
        )
        parser.add_argument("--output", required=True, type=Path, help="The file to write.")

    def handle(self, *args: object, **options: object) -> None:
        plan = Plan.objects.select_related("organisation").filter(slug=options["slug"]).first()
        if plan is None:
            raise CommandError(f"There is no plan '{options['slug']}'.")
        as_of = options["as_of"] if isinstance(options["as_of"], dt.date) else None
        document = plan_document_for(plan=plan, as_of=as_of)
        data = document_export(
            plan=plan,
            file_format=str(options["file_format"]),
            by=None,
            as_of=as_of,
            filters=(),
            build=lambda: document,
            keep=lambda: True,
        )
        output = Path(str(options["output"]))
        try:
            output.write_bytes(data)
        except OSError as error:
            raise CommandError(f"{output}: cannot be written ({error.strerror}).") from error
        self.stdout.write(
            f"Wrote {output} ({len(data):,} bytes): {plan.slug}, "
            f"{document.action_count} actions in {len(document.domains)} domains."
        )


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise ArgumentTypeError(f"'{text}' is not a date written as YYYY-MM-DD") from error
