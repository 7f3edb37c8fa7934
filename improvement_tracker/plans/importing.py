"""Where an imported plan goes: its organisation, its slug, and the plan it would replace.

One reading, used by the import itself (`services/importing.py: plan_import`, inside its
transaction, locking the plans it looks at) and by the preview (`documents/preview.py`,
outside any transaction, reading only), so that the preview refuses where the import would
(ADR 0023), and the plan a person is allowed to replace is exactly the plan that gets
archived, however its slug was made (ADR 0022).
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.text import slugify

from improvement_tracker.accounts.models import Organisation
from improvement_tracker.plans.models import Plan
from improvement_tracker.plans.plan_document import ImportProblem, PlanDocument
from improvement_tracker.plans.slugs import free_slug, plan_slug


class PlanExists(ImportProblem):
    """The plan is already in the database and the caller did not ask to replace it.

    The message says nothing of how to ask: the command and the page each add their own.
    """


@dataclass(frozen=True)
class ImportTarget:
    organisation_name: str
    organisation: Organisation | None  # None when the import will create it
    slug: str  # the slug the imported plan will be saved under
    replaces: Plan | None  # the organisation's live plan a replacing import archives


def import_target(
    *,
    document: PlanDocument,
    organisation_name: str = "",
    replace: bool = False,
    lock: bool = False,
) -> ImportTarget:
    """Raises ImportProblem (PlanExists when the plan is there and `replace` is not asked).

    The title's slug, unless another organisation's plan or an archived plan holds it;
    then the organisation-prefixed slug, on the same terms; then the first free variant
    of that. Only a live plan of the same organisation is ever replaced: another
    organisation's plans and archived plans are left as they are. With `lock` (inside a
    transaction) the plans looked at are locked until it ends.
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
    owner_id = organisation.pk if organisation is not None else None  # None: a new one
    owner_slug = organisation.slug if organisation is not None else slugify(name)[:200]
    plans: QuerySet[Plan] = Plan.objects.select_for_update() if lock else Plan.objects.all()
    candidates = [plan_slug(document.title), plan_slug(f"{owner_slug} {document.title}")]
    for slug in candidates:
        holder = plans.filter(slug=slug).first()
        if holder is None:
            return ImportTarget(name, organisation, slug, None)
        if holder.organisation_id == owner_id and holder.archived_at is None:
            if not replace:
                raise PlanExists(
                    f"The plan '{holder.title}' ({holder.slug}) already exists. "
                    "Nothing was changed."
                )
            return ImportTarget(name, organisation, slug, holder)
    return ImportTarget(name, organisation, free_slug(candidates[-1]), None)
