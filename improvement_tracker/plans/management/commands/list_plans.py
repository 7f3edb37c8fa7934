"""Every plan's slug, title, organisation and whether it is archived: what the other
commands are given a slug from."""

import json

from django.core.management.base import BaseCommand, CommandParser

from improvement_tracker.plans.selectors.plans import plan_register


class Command(BaseCommand):
    help = "List every plan: slug, title, organisation and whether it is archived."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--json",
            action="store_true",
            help="Print a JSON list of {slug, title, organisation, archived} for machines.",
        )

    def handle(self, *args: object, **options: object) -> None:
        plans = plan_register()
        if options["json"]:
            self.stdout.write(json.dumps(plans, indent=2, ensure_ascii=False))
            return
        if not plans:
            self.stdout.write("There are no plans yet.")
            return
        headings = {"slug": "Slug", "title": "Title", "organisation": "Organisation"}
        rows = [
            {
                **{key: str(plan[key]) for key in headings},
                "archived": "yes" if plan["archived"] else "no",
            }
            for plan in plans
        ]
        headings["archived"] = "Archived"
        widths = {
            key: max(len(heading), *(len(row[key]) for row in rows))
            for key, heading in headings.items()
        }
        for line in [headings, {key: "-" * width for key, width in widths.items()}, *rows]:
            self.stdout.write("  ".join(line[key].ljust(widths[key]) for key in headings).rstrip())
