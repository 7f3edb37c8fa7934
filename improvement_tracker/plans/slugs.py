"""A plan's address (its slug): made from its title, unique across all organisations."""

from django.utils.text import slugify

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
