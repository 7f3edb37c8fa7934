"""Plans and their shape: found by address, listed, summarised; their fingerprint."""

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Prefetch, QuerySet

from improvement_tracker.accounts.models import Organisation
from improvement_tracker.core.rows import Selected, fetch_one, link
from improvement_tracker.plans.models import (
    Action,
    ActionUpdate,
    Domain,
    Plan,
)
from improvement_tracker.plans.selectors.tracker import plan_tracker


def plan_by_slug(*, slug: str) -> Plan | None:
    """The plan a page's address names, with its organisation. Every plan page asks, so it
    is written in SQL (core/rows.py, ADR 0021)."""
    plan, organisation = Selected(Plan, "p"), Selected(Organisation, "o")
    sql = (
        f"SELECT {plan.columns}, {organisation.columns} FROM {plan.table}"  # noqa: S608 - names from the models
        f" JOIN {organisation.table} ON {organisation.col('id')} = {plan.col('organisation')}"
        f" WHERE {plan.col('slug')} = %s"
    )
    found = fetch_one(sql, [slug], plan, organisation)
    if found is None:
        return None
    the_plan, its_organisation = found
    link(the_plan, "organisation", its_organisation)  # type: ignore[arg-type]
    return the_plan  # type: ignore[return-value]


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
    }


def plan_outline(*, plan: Plan) -> list[Domain]:
    """The plan's domains in order, each with its actions: what a plan manager rearranges.

    Archived domains and actions are left out (they are listed by plan_archived_items).
    """
    actions = Action.objects.filter(archived_at__isnull=True).order_by("number")
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


def plan_archived_items(*, plan: Plan) -> ArchivedItems:
    """What has been archived from a plan: kept, and listed here rather than on the tracker."""
    domains = list(
        Domain.objects.filter(plan=plan, archived_at__isnull=False)
        .order_by("position")
        .prefetch_related(Prefetch("actions", queryset=Action.objects.order_by("number")))
    )
    actions = list(
        Action.objects.filter(
            domain__plan=plan, domain__archived_at__isnull=True, archived_at__isnull=False
        )
        .select_related("domain")
        .order_by("domain__position", "number")
    )
    return ArchivedItems(domains, actions)


def tracker_fingerprint(*, plan: Plan) -> str:
    """Changes whenever anything the tracker shows of this plan changes; one query.

    Every service that changes a plan records an audit event, which touches the plan's
    updated_at; edits that bypass the services (the admin, a shell) still move an
    action's updated_at, the count of actions or the newest update's id.

    The plan's newest update is found as the newest of its actions' newest, each one step
    down an index (`update_newest`). Asked for directly, "the plan's updates, newest
    first", PostgreSQL walked the updates back from the newest in the database until it
    met one of this plan's: half a second for the first organisation's plans among 1.1
    million updates (docs/performance.md). Written in SQL as the other reads every page
    makes are (ADRs 0021 and 0029): Django took 2.3 ms to build it as three subqueries.
    """
    plans, domains = Selected(Plan, "p"), Selected(Domain, "d")
    actions, updates = Selected(Action, "a"), Selected(ActionUpdate, "u")
    newest_of_action = (
        f"SELECT {updates.col('id')} FROM {updates.table}"  # noqa: S608 - names from the models
        f" WHERE {updates.col('action')} = {actions.col('id')}"
        f" ORDER BY {updates.col('id')} DESC LIMIT 1"
    )
    sql = (
        f"SELECT {plans.col('updated_at')}, COUNT({actions.col('id')}),"  # noqa: S608
        f" MAX({actions.col('updated_at')}), MAX(({newest_of_action}))"
        f" FROM {plans.table}"
        f" LEFT JOIN {domains.table} ON {domains.col('plan')} = {plans.col('id')}"
        f" LEFT JOIN {actions.table} ON {actions.col('domain')} = {domains.col('id')}"
        f" WHERE {plans.col('id')} = %s GROUP BY {plans.col('id')}, {plans.col('updated_at')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [plan.pk])
        row = cursor.fetchone()
    return "|".join(str(part) for part in row)
