from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from improvement_tracker.documents.importers import read_plan_file
from improvement_tracker.documents.importers.apply_mapping import read_with_mapping
from improvement_tracker.documents.importers.grid import read_grid_file
from improvement_tracker.documents.importers.mapping_json import mapping_to_json
from improvement_tracker.documents.importers.proposal import propose_mapping
from improvement_tracker.documents.preview import preview_import
from improvement_tracker.documents.reconcile import reconciliation
from improvement_tracker.plans.importing import PlanExists
from improvement_tracker.plans.plan_document import ImportProblem
from improvement_tracker.plans.services.importing import plan_import


class Command(BaseCommand):
    help = (
        "Import a progress tracker (.txt, .docx, .xlsx or .csv) as a plan: all of it, or "
        "nothing. --dry-run shows what would be created and every warning."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--organisation", default="", help="Organisation that owns it.")
        parser.add_argument(
            "--replace", action="store_true", help="Archive an existing copy and import again."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be imported; save nothing."
        )
        parser.add_argument(
            "--show-mapping",
            action="store_true",
            help="Print the proposed mapping of a .docx, .xlsx or .csv file as JSON; import none.",
        )
        parser.add_argument(
            "--mapping",
            type=Path,
            help="Read a .docx, .xlsx or .csv file as this mapping says (--show-mapping's).",
        )

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["path"]))
        organisation = str(options["organisation"])
        replace = bool(options["replace"])
        try:
            if options["show_mapping"]:
                self.stdout.write(mapping_to_json(propose_mapping(read_grid_file(path))), ending="")
                return
            if options["mapping"]:
                document = read_with_mapping(path, Path(str(options["mapping"])))
            else:
                document = read_plan_file(path)
            if options["dry_run"]:
                preview = preview_import(
                    document=document, organisation_name=organisation, replace=replace
                )
                self.stdout.write(f"Dry run: nothing was saved. Would import plan {preview.slug}:")
                self.stdout.write("\n".join(preview.lines()))
                return
            plan = plan_import(document=document, organisation_name=organisation, replace=replace)
        except PlanExists as problem:
            raise CommandError(
                f"{problem} Use --replace to archive it and import this file."
            ) from problem
        except ImportProblem as problem:
            raise CommandError(str(problem)) from problem
        self.stdout.write(
            f"Imported plan {plan.slug}: {len(document.domains)} domains, "
            f"{document.action_count} actions"
        )
        for domain in document.domains:
            self.stdout.write(f"  {domain.label}: {len(domain.actions)} actions")
        if document.warnings:
            self.stdout.write(f"{len(document.warnings)} warning(s):")
            for warning in document.warnings:
                self.stdout.write(f"  - {warning}")
        for line in reconciliation(document):
            self.stdout.write(line)
