import json

from improvement_tracker.plans.management.commands._plan_command import PlanCommand
from improvement_tracker.plans.selectors.plans import plan_summary
from improvement_tracker.plans.selectors.tracker import plan_tracker


class Command(PlanCommand):
    help = "Print a plan's Table 1 and Table 2 (and the document's reported figures)."

    def handle(self, *args: object, **options: object) -> None:
        plan, as_of = self.plan_as_of(options)
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
