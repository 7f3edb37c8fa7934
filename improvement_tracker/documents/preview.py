"""What an import would create, worked out from the plan document without writing anything.

The upload page and `import_plan --dry-run` show the same preview: the plan it would
replace, its domains and their counts, the statuses and high priorities found, the columns
kept as extra fields, every
warning and the reconciliation with the document's own tables; the command also shows
the slug (the page does not: another organisation's plan of the same title changes it,
and the page says nothing about other organisations). Every check the import makes
before it writes was made when the file was read (tables.check_document) or is made
here by the import's own `import_target` and replace check; the rest is pure arithmetic
on the document. Nothing here opens a transaction, so on SQLite a preview never holds
the write lock that every other person's save must wait for (ADR 0023).
"""

from collections.abc import Callable
from dataclasses import dataclass

from improvement_tracker.documents.reconcile import reconciliation, rows_figures
from improvement_tracker.plans.importing import import_target
from improvement_tracker.plans.models import Plan
from improvement_tracker.plans.plan_document import PlanDocument
from improvement_tracker.plans.tables import TOTALS


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
    # Columns no field reads, kept as the plan's extra fields: (name, actions with a value).
    extra_fields: tuple[tuple[str, int], ...] = ()

    def lines(self) -> list[str]:
        """The preview as text, for the command line."""
        lines = [f"  {d.label}: {d.actions} actions" for d in self.domains]
        lines.append("Statuses found: " + _counts(self.statuses))
        lines.append("High priority found: " + _counts(self.high_priority))
        if self.extra_fields:
            lines.append(
                "Kept as extra fields: "
                + ", ".join(f"{name} ({n} with a value)" for name, n in self.extra_fields)
            )
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
    """Raises ImportProblem (or PlanExists) where the real import would; reads only."""
    target = import_target(document=document, organisation_name=organisation_name, replace=replace)
    if target.replaces is not None and may_replace is not None:
        may_replace(target.replaces)
    computed1, computed2 = rows_figures(document)
    return ImportPreview(
        document=document,
        slug=target.slug,
        domains=[DomainPreview(d.label, d.title, len(d.actions)) for d in document.domains],
        statuses=computed1[TOTALS],
        high_priority=computed2,
        warnings=list(document.warnings),
        reconciliation=reconciliation(document),
        replaces=target.replaces.title if target.replaces is not None else "",
        extra_fields=tuple(
            (name, sum(1 for d in document.domains for a in d.actions if a.extra.get(name)))
            for name in document.extra_fields
        ),
    )


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{label} {n}" for label, n in counts.items())
