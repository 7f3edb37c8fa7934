import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from improvement_tracker.plans.management.commands._as_of import add_as_of, read_as_of
from improvement_tracker.plans.models import Plan
from improvement_tracker.plans.selectors.plans import plan_summary
from improvement_tracker.plans.selectors.tracker import plan_tracker


class Command(BaseCommand):
    help = "Print a plan's Table 1 and Table 2 (and the document's reported figures)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        add_as_of(parser)
        parser.add_argument("--json", action="store_true", help="Print JSON for machines.")

    def handle(self, *args: object, **options: object) -> None:
        plan = Plan.objects.filter(slug=options["slug"]).first()
        if plan is None:
            raise CommandError(f"There is no plan '{options['slug']}'.")
        as_of = read_as_of(options["as_of"])
        if options["json"]:
            summary = plan_summary(plan=plan, as_of=as_of)
            self.stdout.write(json.dumps(summary, indent=2, ensure_ascii=False))
            return
        tracker = plan_tracker(plan=plan, as_of=as_of)
        self.stdout.write(f"{plan.title}, as at {tracker.as_of:%-d %B %Y}")
        for label, counts in tracker.table1.items():
            figures = ", ".join(f"{status} {n}" for status, n in counts.items())
            self.stdout.write(f"  {label}: {figures}")
        figures = ", ".join(f"{s} {n}" for s, n in tracker.table2.items())
        self.stdout.write(f"  High priority: {figures}")
        self.stdout.write(f"  Flags: {tracker.flag_total}")
