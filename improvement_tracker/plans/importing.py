"""Where an imported plan goes: its organisation, its slug, and the plan it would replace.

One reading, used by the import itself (`services.plan_import`, inside its transaction,
locking the plan it replaces) and by the preview (`documents/preview.py`, outside any
transaction, reading only), so that the preview names the slug the import will use and
refuses where the import would (docs/decisions/0023).
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.text import slugify

from improvement_tracker.accounts.models import Organisation
from improvement_tracker.documents.plan_document import ImportProblem, PlanDocument
from improvement_tracker.plans.models import Plan


class PlanExists(ImportProblem):
    """The plan is already in the database and the caller did not ask to replace it."""


def plan_slug(title: str) -> str:
    return slugify(title)[:200] or "plan"


@dataclass(frozen=True)
class ImportTarget:
    organisation_name: str
    organisation: Organisation | None  # None when the import will create it
    slug: str
    replaces: Plan | None  # the plan to archive first, when asked to replace it


def import_target(
    *,
    document: PlanDocument,
    organisation_name: str = "",
    replace: bool = False,
    lock: bool = False,
) -> ImportTarget:
    """Raises ImportProblem (PlanExists when the plan is there and `replace` is not asked).

    With `lock`, the plan found is locked (select_for_update) for the caller's transaction.
    """
    name = organisation_name or document.organisation
    if not name:
        raise ImportProblem(
            f"{document.source_name}: the document does not name its organisation; "
            "give one with --organisation."
        )
    longest = Organisation._meta.get_field("name").max_length
    if longest is not None and len(name) > longest:
        raise ImportProblem(
            f"{document.source_name}: the organisation's name is {len(name):,} characters "
            f"long; at most {longest:,} fit. Give a shorter one with --organisation."
        )
    organisation = Organisation.objects.filter(name=name).first()
    plans: QuerySet[Plan] = Plan.objects.select_for_update() if lock else Plan.objects.all()
    slug = plan_slug(document.title)
    existing = plans.filter(slug=slug).first()
    owner_id = organisation.pk if organisation is not None else None  # None: a new one
    if existing is not None and existing.organisation_id != owner_id:
        # Another organisation's plan has the title: this one is named after its owner.
        owner_slug = organisation.slug if organisation is not None else slugify(name)[:200]
        slug = plan_slug(f"{owner_slug} {document.title}")
        existing = plans.filter(slug=slug).first()
    if existing is not None and not replace:
        raise PlanExists(
            f"The plan '{existing.title}' ({existing.slug}) already exists. "
            "Nothing was changed; use --replace to archive it and import this file."
        )
    return ImportTarget(name, organisation, slug, existing)
