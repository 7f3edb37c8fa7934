"""The leads a plan's actions may name, and its organisation's register."""

from django.db.models import Count, Prefetch, Q

from improvement_tracker.plans.models import (
    Lead,
    Plan,
)


def lead_choices(*, plan: Plan) -> list[Lead]:
    """The leads a plan's actions may name: its organisation's register."""
    return list(
        Lead.objects.filter(
            organisation_id=plan.organisation_id, merged_into__isnull=True
        ).order_by("name")
    )


def lead_register(*, plan: Plan) -> list[Lead]:
    """The plan's organisation's leads, each with its action count in this plan
    (`plan_actions`), its people and the other spellings merged into it."""
    in_plan = Q(
        actions__domain__plan=plan,
        actions__archived_at__isnull=True,
        actions__domain__archived_at__isnull=True,
    )
    return list(
        Lead.objects.filter(organisation_id=plan.organisation_id, merged_into__isnull=True)
        .annotate(plan_actions=Count("actions", filter=in_plan, distinct=True))
        .prefetch_related(
            Prefetch("merged_leads", queryset=Lead.objects.order_by("name")), "people"
        )
        .order_by("name")
    )
