"""Time exporting and importing a 1,000-action plan in each format; print the figures.

Run with `.venv/bin/python bench/documents.py`. It builds its own throw-away SQLite
database. Export is plan_document_for plus the writer; import is reading the file
into a PlanDocument plus plan_import (rolled back), as the upload page's confirm does.
Then, as issue 19 asks, a 1,000-action layered Word tracker (3 levels, merged cells) of
another body's shape, imported by way of a proposed mapping (bench/mapping.py).
Figures are printed, never asserted.
"""

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.db import transaction  # noqa: E402

from bench import mapping as layered_word  # noqa: E402
from bench.plans import plan_document, throwaway_database  # noqa: E402
from improvement_tracker.documents.exporters import FORMATS  # noqa: E402
from improvement_tracker.documents.importers import read_plan_bytes  # noqa: E402
from improvement_tracker.documents.selectors import plan_document_for  # noqa: E402
from improvement_tracker.plans.models import Plan  # noqa: E402
from improvement_tracker.plans.plan_document import PlanDocument  # noqa: E402
from improvement_tracker.plans.rag import Status  # noqa: E402
from improvement_tracker.plans.services.importing import plan_import  # noqa: E402

ACTIONS = 1000


class RollBack(Exception):
    pass


def document() -> PlanDocument:
    return plan_document(
        ACTIONS,
        title="Benchmark plan",
        statuses=[*Status.rated(), Status.NOT_RATED],  # the example's, as before meanings
        text=lambda n, _: f"Action {n}: improve the quality of practice – “awkward” text 😀. " * 2,
        progress="Progress is reported to the board.\nSee action 1 above. " * 4,
    )


def as_text(plan: PlanDocument) -> bytes:
    """The plan as the text importer reads it (tab-separated, as saved from Word)."""
    lines = [plan.organisation, plan.title, f"(Updated {plan.reporting_period})", "Table 1", ""]
    labels = [domain.label for domain in plan.domains]
    lines += ["\t".join(["Current Status", *labels, "Totals"]), "", ""]
    for domain in plan.domains:
        lines += [domain.title, "", "NO\t*ACTION\tLEAD\tTIMESCALE\t**STATUS\tPROGRESS UPDATE"]
        for a in domain.actions:
            text = f"*{a.text}" if a.high_priority else a.text
            cells = [str(a.number), text, a.lead, a.timescale, a.status.label, a.progress]
            lines.append("\t".join(cell.replace("\n", " ") for cell in cells))
        lines.append("")
    return "\n".join(lines).encode("utf-8")


def median_ms(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def import_once(data: bytes, name: str) -> None:
    imported = read_plan_bytes(data, name=name)
    try:
        with transaction.atomic():
            plan_import(document=imported, organisation_name="Benchmark Council", replace=True)
            raise RollBack
    except RollBack:
        pass


def main() -> None:
    with throwaway_database():
        plan = Plan.objects.get(pk=plan_import(document=document()).pk)
        print(f"Documents in and out: a plan of {ACTIONS} actions in 3 domains (SQLite)")
        print(f"{'format':>7} {'export ms':>10} {'import ms':>10} {'bytes':>10}")
        files: dict[str, bytes] = {"txt": as_text(document())}
        for name, chosen in FORMATS.items():
            files[name] = chosen.write(plan_document_for(plan=plan))

            def export(chosen=chosen) -> None:
                chosen.write(plan_document_for(plan=plan))

            exported = median_ms(export, 5)
            if name == "pdf":
                print(f"{name:>7} {exported:>10.0f} {'-':>10} {len(files[name]):>10,}")
                continue
            imported = median_ms(lambda name=name: import_once(files[name], f"p.{name}"), 5)
            print(f"{name:>7} {exported:>10.0f} {imported:>10.0f} {len(files[name]):>10,}")
        imported = median_ms(lambda: import_once(files["txt"], "p.txt"), 5)
        print(f"{'txt':>7} {'-':>10} {imported:>10.0f} {len(files['txt']):>10,}")
    print()
    layered_word.main()


if __name__ == "__main__":
    main()
