"""Send the update rounds' notices that are due: safe to run every few minutes (ADR 0055)."""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from improvement_tracker.notices.sending import send_due_notices


def moment(text: str) -> dt.datetime:
    """An ISO date and time; without an offset it is the site's time zone (Europe/London)."""
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"--now must be an ISO date and time, such as 2027-03-01T09:00, not {text!r}"
        ) from None
    return timezone.make_aware(value) if timezone.is_naive(value) else value


class Command(BaseCommand):
    help = (
        "Email the notices of open update rounds that are due: the opening email, reminders "
        "before and on the deadline, and the escalation to plan managers after it. Each is "
        "sent once however often this runs; a failed send is retried on the next run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now",
            type=moment,
            default=None,
            help="Send what is due at this moment (ISO date and time) rather than now.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        summary = send_due_notices(now=options["now"])
        self.stdout.write(f"send_reminders: {summary}")
        for error in sorted(set(summary.errors))[:5]:
            self.stderr.write(f"Not sent: {error}")
