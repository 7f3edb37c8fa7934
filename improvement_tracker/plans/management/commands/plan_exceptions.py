import json

from improvement_tracker.plans.management.commands._plan_command import PlanCommand
from improvement_tracker.plans.selectors.review import plan_exceptions
from improvement_tracker.plans.selectors.tracker import plan_tracker


class Command(PlanCommand):
    help = "List where a plan's ratings and timescales do not follow its RAG key."

    def handle(self, *args: object, **options: object) -> None:
        plan, as_of = self.plan_as_of(options)
        tracker = plan_tracker(plan=plan, as_of=as_of)
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
