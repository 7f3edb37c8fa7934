import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from improvement_tracker.plans.management.commands._as_of import add_as_of, read_as_of
from improvement_tracker.plans.models import Plan
from improvement_tracker.plans.selectors.review import plan_exceptions
from improvement_tracker.plans.selectors.tracker import plan_tracker


class Command(BaseCommand):
    help = "List where a plan's ratings and timescales do not follow its RAG key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        add_as_of(parser)
        parser.add_argument("--json", action="store_true", help="Print JSON for machines.")

    def handle(self, *args: object, **options: object) -> None:
        plan = Plan.objects.filter(slug=options["slug"]).first()
        if plan is None:
            raise CommandError(f"There is no plan '{options['slug']}'.")
        tracker = plan_tracker(plan=plan, as_of=read_as_of(options["as_of"]))
        rows = [
            {
                "domain": row.domain.label,
                "number": row.action.number,
                "kind": row.flag.kind.value,
                "reason": row.flag.reason,
            }
            for row in plan_exceptions(tracker)
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False))
            return
        self.stdout.write(f"{plan.title}, as at {tracker.as_of:%-d %B %Y}: {len(rows)} flag(s)")
        for row in rows:
            self.stdout.write(f"  {row['domain']} {row['number']}: {row['reason']}")
