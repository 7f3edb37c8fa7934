"""Check that no audit event was changed, deleted or inserted behind the app (ADR 0025)."""

from django.core.management.base import BaseCommand, CommandError

from improvement_tracker.audit.verification import verify_chain


class Command(BaseCommand):
    help = (
        "Walk the audit trail's hash chain, oldest event first; report the first broken "
        "link and exit with status 1, or say the chain is intact."
    )

    def handle(self, *args: object, **options: object) -> None:
        report = verify_chain()
        if not report.intact:
            raise CommandError(
                f"Audit event {report.broken_id}: {report.problem}. "
                f"The chain is broken there ({report.events:,} events checked)."
            )
        self.stdout.write(f"{report.events:,} events, chain intact")
        if report.newest_id is not None:
            # Events removed from the end leave an intact, shorter chain: only a copy of
            # the head kept elsewhere shows that (ADR 0025).
            self.stdout.write(f"Newest: event {report.newest_id}, hash {report.newest_hash}")
