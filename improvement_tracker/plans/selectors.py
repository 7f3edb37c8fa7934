"""Selectors read plans for pages, commands and exporters.

They own the prefetching, so that the number of queries does not grow with the rows.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from improvement_tracker.plans.models import Action, Domain, Plan, RagKeyEntry
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.tables import Counted, row_labels, table1, table2


@dataclass
class TrackerDomain:
    domain: Domain
    actions: list[Action]

    @cached_property
    def anchors(self) -> dict[int, str]:
        """Each action's id on the page, so that "see action 16" can link to it."""
        return {a.number: f"action-{self.domain.position}-{a.number}" for a in self.actions}


@dataclass
class Tracker:
    plan: Plan
    as_of: dt.date
    key: list[RagKeyEntry]
    domains: list[TrackerDomain]
    table1: dict[str, dict[str, int]]
    table2: dict[str, int]

    @property
    def domain_labels(self) -> list[str]:
        return [entry.domain.label for entry in self.domains]

    @property
    def table1_rows(self) -> list[str]:
        return row_labels(self.table1)

    @property
    def action_count(self) -> int:
        return sum(len(entry.actions) for entry in self.domains)

    @property
    def unrated_count(self) -> int:
        return self.table1["Totals"][Status.NOT_RATED.label]


def plan_list() -> QuerySet[Plan]:
    return Plan.objects.filter(archived_at__isnull=True).select_related("organisation")


def plan_tracker(*, plan: Plan, as_of: dt.date | None = None) -> Tracker:
    actions = Action.objects.order_by("number").prefetch_related("leads")
    domains = list(
        Domain.objects.filter(plan=plan)
        .order_by("position")
        .prefetch_related(Prefetch("actions", queryset=actions))
    )
    entries = [TrackerDomain(domain, list(domain.actions.all())) for domain in domains]
    counted = [
        Counted(entry.domain.label, Status(action.status), action.high_priority)
        for entry in entries
        for action in entry.actions
    ]
    return Tracker(
        plan=plan,
        as_of=as_of or timezone.localdate(),
        key=list(plan.rag_key.order_by("id")),
        domains=entries,
        table1=table1([entry.domain.label for entry in entries], counted),
        table2=table2(counted),
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
    }
