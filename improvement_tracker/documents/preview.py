"""What an import would create, worked out by doing it and rolling it back.

The upload page and `import_plan --dry-run` show the same preview: the plan it would
replace, its domains and their counts, the statuses and high priorities found, every
warning and the reconciliation with the document's own tables; the command also shows
the slug (the page does not: another organisation's plan of the same title changes it,
and the page says nothing about other organisations). Running the real service in
a rolled-back transaction means the preview fails exactly where the import would.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from improvement_tracker.documents.plan_document import PlanDocument
from improvement_tracker.documents.reconcile import reconciliation
from improvement_tracker.plans.models import Plan
from improvement_tracker.plans.services import plan_import
from improvement_tracker.plans.tables import TOTALS, Counted, table1, table2


class _RollBack(Exception):
    """Raised inside the transaction so that everything it did is undone."""


@dataclass(frozen=True)
class DomainPreview:
    label: str
    title: str
    actions: int


@dataclass(frozen=True)
class ImportPreview:
    document: PlanDocument
    slug: str
    domains: list[DomainPreview]
    statuses: dict[str, int]  # status label -> actions, with "Total"
    high_priority: dict[str, int]  # status label -> high-priority actions, with "Total"
    warnings: list[str]
    reconciliation: list[str]
    replaces: str = ""  # the title of the organisation's plan a replacing import archives

    def lines(self) -> list[str]:
        """The preview as text, for the command line."""
        lines = [f"  {d.label}: {d.actions} actions" for d in self.domains]
        lines.append("Statuses found: " + _counts(self.statuses))
        lines.append("High priority found: " + _counts(self.high_priority))
        if self.warnings:
            lines.append(f"{len(self.warnings)} warning(s):")
            lines.extend(f"  - {warning}" for warning in self.warnings)
        return [*lines, *self.reconciliation]


def preview_import(
    *,
    document: PlanDocument,
    organisation_name: str = "",
    replace: bool = False,
    may_replace: Callable[[Plan], None] | None = None,
) -> ImportPreview:
    """Raises ImportProblem (or PlanExists) where the real import would."""
    replaced: list[str] = []

    def check(existing: Plan) -> None:
        if may_replace is not None:
            may_replace(existing)
        replaced.append(existing.title)

    try:
        with transaction.atomic():
            plan = plan_import(
                document=document,
                organisation_name=organisation_name,
                replace=replace,
                may_replace=check,
            )
            slug = plan.slug
            raise _RollBack
    except _RollBack:
        pass
    counted = [
        Counted(domain.label, action.status, action.high_priority)
        for domain in document.domains
        for action in domain.actions
    ]
    return ImportPreview(
        document=document,
        slug=slug,
        domains=[DomainPreview(d.label, d.title, len(d.actions)) for d in document.domains],
        statuses=table1([d.label for d in document.domains], counted)[TOTALS],
        high_priority=table2(counted),
        warnings=list(document.warnings),
        reconciliation=reconciliation(document),
        replaces=replaced[0] if replaced else "",
    )


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{label} {n}" for label, n in counts.items())
