"""Plans and their shape: found by address, listed, summarised; their fingerprint."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

# Read on every plan page and every tracker view, so written in SQL in the hot path,
# each beside its plain ORM twin.
from improvement_tracker.hotpath.plans import plan_by_slug as plan_by_slug
from improvement_tracker.hotpath.plans import tracker_fingerprint as tracker_fingerprint
from improvement_tracker.plans.models import Action, Activity, Domain, ExtraField, Objective, Plan
from improvement_tracker.plans.selectors.tracker import plan_tracker


def plan_list() -> QuerySet[Plan]:
    return Plan.objects.filter(archived_at__isnull=True).select_related("organisation")


def archived_plan_list() -> QuerySet[Plan]:
    """Archived plans stay readable and reportable; newest archived first."""
    return (
        Plan.objects.filter(archived_at__isnull=False)
        .select_related("organisation")
        .order_by("-archived_at", "title")
    )


def plan_summary(*, plan: Plan, as_of: dt.date | None = None) -> dict[str, object]:
    """The tracker's figures for machines: what `plan_summary --json` prints."""
    tracker = plan_tracker(plan=plan, as_of=as_of)
    return {
        "plan": plan.slug,
        "as_of": tracker.as_of.isoformat(),
        "domains": tracker.domain_labels,
        "table1": tracker.table1,
        "table2": tracker.table2,
        "reported": plan.reported_figures,
        "flags": tracker.flag_counts,
        # The plan's own key (ADR 0039): the tables' rows are keyed by these labels.
        "key": [
            {"label": entry.label, "colour": entry.colour, "meaning": entry.status.value}
            for entry in map(tracker.status_key.entry, tracker.status_key.statuses)
        ],
    }


def plan_outline(*, plan: Plan) -> list[Domain]:
    """The plan's domains in order, each with its actions: what a plan manager rearranges.

    Archived domains and actions are left out (they are listed by plan_archived_items).
    """
    actions = Action.objects.filter(archived_at__isnull=True).order_by("number_order")
    return list(
        Domain.objects.filter(plan=plan, archived_at__isnull=True)
        .order_by("position")
        .prefetch_related(Prefetch("actions", queryset=actions))
    )


def live_domains(*, plan: Plan) -> list[Domain]:
    return list(Domain.objects.filter(plan=plan, archived_at__isnull=True).order_by("position"))


@dataclass
class ArchivedItems:
    domains: list[Domain]  # archived domains, each with all its actions
    actions: list[Action]  # archived actions of domains still in use
    # Archived on their own (ADR 0041, 0040); those whose domain or action is archived too
    # are listed as well: restoring one says to restore its domain or action first.
    objectives: list[Objective]
    activities: list[Activity]
    fields: list[ExtraField]

    @property
    def anything(self) -> bool:
        return any([self.domains, self.actions, self.objectives, self.activities, self.fields])


def plan_archived_items(*, plan: Plan) -> ArchivedItems:
    """What has been archived from a plan: kept, and listed here rather than on the tracker."""
    domains = list(
        Domain.objects.filter(plan=plan, archived_at__isnull=False)
        .order_by("position")
        .prefetch_related(Prefetch("actions", queryset=Action.objects.order_by("number_order")))
    )
    actions = list(
        Action.objects.filter(
            domain__plan=plan, domain__archived_at__isnull=True, archived_at__isnull=False
        )
        .select_related("domain")
        .order_by("domain__position", "number_order")
    )
    objectives = list(
        Objective.objects.filter(domain__plan=plan, archived_at__isnull=False)
        .select_related("domain")
        .order_by("domain__position", "number_order", "position")
    )
    activities = list(
        Activity.objects.filter(action__domain__plan=plan, archived_at__isnull=False)
        .select_related("action__domain")
        .order_by("action__domain__position", "action__number_order", "position")
    )
    fields = list(
        ExtraField.objects.filter(plan=plan, archived_at__isnull=False).order_by("position")
    )
    return ArchivedItems(domains, actions, objectives, activities, fields)


def plan_register() -> list[dict[str, object]]:
    """Every plan, archived ones too, by organisation and title, as plain values
    (`manage.py list_plans`): one query."""
    rows = Plan.objects.order_by("organisation__name", "title", "slug").values_list(
        "slug", "title", "organisation__name", "archived_at"
    )
    return [
        {
            "slug": slug,
            "title": title,
            "organisation": organisation,
            "archived": archived is not None,
        }
        for slug, title, organisation, archived in rows
    ]
