"""Delete uploaded trackers that were neither imported nor cancelled: run it daily."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from improvement_tracker.documents import services


class Command(BaseCommand):
    help = (
        "Delete uploads left between preview and confirm for longer than --older-than-hours "
        f"(default {services.UPLOADS_KEPT_HOURS}). Run it daily, from one place."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than-hours", type=int, default=services.UPLOADS_KEPT_HOURS, metavar="H"
        )

    def handle(self, *args: object, **options: int) -> None:
        hours = options["older_than_hours"]
        if hours < 1:
            raise CommandError(
                f"--older-than-hours must be 1 or more, not {hours}: a younger upload may be "
                "in someone's preview now."
            )
        deleted = services.clear_abandoned_uploads(
            before=timezone.now() - dt.timedelta(hours=hours)
        )
        for name in deleted:
            self.stdout.write(f"Deleted {name}")
        self.stdout.write(f"{len(deleted)} abandoned upload(s) older than {hours} hours deleted.")
