"""A plan's address (its slug), and which plan importing a title would replace.

`import_target` is the one answer for `plan_import` and for everyone who checks a
replacement before it happens, so the plan a person is allowed to replace is exactly
the plan that gets archived, however its slug was made.
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.text import slugify

from improvement_tracker.accounts.models import Organisation
from improvement_tracker.plans.models import Plan


def plan_slug(title: str) -> str:
    return slugify(title)[:200] or "plan"


def free_slug(base: str) -> str:
    """`base`, or `base-2`, `base-3`… : the first no plan holds."""
    slug, n = base, 1
    while Plan.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base[:190]}-{n}"
    return slug


@dataclass(frozen=True)
class ImportTarget:
    slug: str  # the slug the imported plan will be saved under
    existing: Plan | None  # the live plan of the organisation a replacing import archives


def import_target(*, organisation: Organisation, title: str, lock: bool = False) -> ImportTarget:
    """Where an import of `title` into `organisation` lands, and the plan it would replace.

    The title's slug, unless another organisation's plan or an archived plan holds it;
    then the organisation-prefixed slug, on the same terms; then the first free variant
    of that. Only a live plan of the same organisation is ever replaced: another
    organisation's plans and archived plans are left as they are. `lock` (inside a
    transaction) locks the plans looked at until it ends.
    """
    plans: QuerySet[Plan] = Plan.objects.select_for_update() if lock else Plan.objects.all()
    candidates = [plan_slug(title), plan_slug(f"{organisation.slug} {title}")]
    for slug in candidates:
        holder = plans.filter(slug=slug).first()
        if holder is None:
            return ImportTarget(slug, None)
        if holder.organisation_id == organisation.pk and holder.archived_at is None:
            return ImportTarget(slug, holder)
    return ImportTarget(free_slug(candidates[-1]), None)
