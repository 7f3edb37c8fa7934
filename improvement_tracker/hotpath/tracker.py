"""A whole plan's actions and their activities for the tracker and exports, read as rows
rather than models, and their leads without a related manager each
(plans/selectors/tracker.py, attachments.py and layers.py call these).

Plain twins: the actions and activities as models, and their leads by prefetch_related,
which is what the tracker reads them as with the hot path off.
"""

from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Exists, OuterRef, Q, QuerySet

from improvement_tracker.hotpath.rows import Selected, link
from improvement_tracker.hotpath.twins import twin_of
from improvement_tracker.plans.models import (
    Action,
    Activity,
    Domain,
    ExtraField,
    Lead,
    Objective,
    Plan,
)

# What a row holds of each action: every field but the two timestamps, which nothing
# shows (converting them cost a 1,000-action tracker about 2.5 ms).
ROW_FIELDS = tuple(
    field.attname
    for field in Action._meta.concrete_fields
    if field.attname not in {"created_at", "updated_at"}
)


def live_actions_plain(*, domains: list[Domain], actions: QuerySet[Action]) -> dict[int, list[Any]]:
    """Each domain's actions among `actions`, in number order, by the domain's id; each
    action knows its domain (one of `domains`) without a query."""
    by_domain: dict[int, list[Any]] = {domain.pk: [] for domain in domains}
    domain_of = {domain.pk: domain for domain in domains}
    for action in actions.order_by("number_order"):
        action.domain = domain_of[action.domain_id]
        by_domain[action.domain_id].append(action)
    return by_domain


@twin_of(live_actions_plain)
def live_actions(*, domains: list[Domain], actions: QuerySet[Action]) -> dict[int, list[Any]]:
    """As named tuples of ROW_FIELDS, which carry the same names as the model's fields:
    building a thousand Action models cost a cold export about 8 ms, and exports read
    only the values. `action_from_row` builds the model when a page needs one."""
    by_domain: dict[int, list[Any]] = {domain.pk: [] for domain in domains}
    for row in actions.order_by("number_order").values_list(*ROW_FIELDS, named=True):
        by_domain[row.domain_id].append(row)
    return by_domain


def action_from_row(row: Any, domain: Domain | None) -> Action:
    """The model of an action `live_actions` read as a row, with its domain."""
    action = Action.from_db(connection.alias, ROW_FIELDS, row)
    link(action, "domain", domain)
    return action


def leads_by_action_plain(*, actions: QuerySet[Action]) -> dict[int, list[Lead]]:
    """Each action's leads, by name (as Lead's Meta orders them), by the action's id."""
    return {action.pk: list(action.leads.all()) for action in actions.prefetch_related("leads")}


@twin_of(leads_by_action_plain)
def leads_by_action(*, actions: QuerySet[Action]) -> dict[int, list[Lead]]:
    """In two queries: the links, then the few leads they name. prefetch_related reads
    the same rows, but builds a related manager and a queryset for each action: about
    40 ms of a cold 1,000-action tracker (docs/performance.md, "Cold tracker and exports")."""
    links = list(
        Action.leads.through.objects.filter(action_id__in=actions).values_list(
            "action_id", "lead_id"
        )
    )
    leads = Lead.objects.in_bulk({lead_id for _, lead_id in links})
    by_action: dict[int, list[Lead]] = {}
    for action_id, lead_id in links:
        # Each query sees the database as it is then: skip a lead deleted in between.
        if lead_id in leads:
            by_action.setdefault(action_id, []).append(leads[lead_id])
    return {pk: sorted(found, key=lambda lead: lead.name) for pk, found in by_action.items()}


# What a row holds of each activity: every field, as the model has them.
ACTIVITY_FIELDS = tuple(field.attname for field in Activity._meta.concrete_fields)


def plan_activities_plain(*, plan: Plan) -> dict[int, list[Any]]:
    """Each of the plan's actions' activities in use, in their order, by the action's id.

    By a join on the plan rather than `action IN (the plan's live actions)`: that subquery
    took SQLite 0.8 ms for a 1,000-action plan, the join 0.5 ms. Archived actions' come
    too; the tracker has no row to give them to."""
    found: dict[int, list[Any]] = {}
    rows = Activity.objects.filter(action__domain__plan=plan, archived_at__isnull=True)
    for activity in rows.order_by("action_id", "position"):
        found.setdefault(activity.action_id, []).append(activity)
    return found


@twin_of(plan_activities_plain)
def plan_activities(*, plan: Plan) -> dict[int, list[Any]]:
    """As named tuples of ACTIVITY_FIELDS, which carry the model's field names: the tracker
    and exports only read their values, and building 2,000 Activity models was most of
    what a layered plan's activities cost a cold tracker (docs/performance.md)."""
    found: dict[int, list[Any]] = {}
    rows = Activity.objects.filter(action__domain__plan=plan, archived_at__isnull=True)
    for row in rows.order_by("action_id", "position").values_list(*ACTIVITY_FIELDS, named=True):
        found.setdefault(row.action_id, []).append(row)
    return found


# A live domain, and whether it has live objectives, whether live activities under its
# live actions, and whether its plan has live extra fields.
DomainLayers = tuple[Domain, bool, bool, bool]


def domains_and_layers_plain(*, plan: Plan) -> list[DomainLayers]:
    """The plan's live domains in order, each with what it has beyond its actions (three
    EXISTS beside it, each answered from an index), in the one query that reads them."""
    live = Q(archived_at__isnull=True)
    found = (
        Domain.objects.filter(live, plan=plan)
        .annotate(
            has_objectives=Exists(Objective.objects.filter(live, domain=OuterRef("pk"))),
            has_activities=Exists(
                Activity.objects.filter(
                    live, action__domain=OuterRef("pk"), action__archived_at__isnull=True
                )
            ),
            has_extra_fields=Exists(ExtraField.objects.filter(live, plan=OuterRef("plan"))),
        )
        .order_by("position")
    )
    return [(d, d.has_objectives, d.has_activities, d.has_extra_fields) for d in found]


@twin_of(domains_and_layers_plain)
def domains_and_layers(*, plan: Plan) -> list[DomainLayers]:
    """In SQL written once: the ORM took about 1 ms to build the three EXISTS on every
    cold tracker and export, most of what skipping the reads they answer saves."""
    domain, objective = Selected(Domain, "d"), Selected(Objective, "o")
    activity, action, field = (
        Selected(Activity, "t"),
        Selected(Action, "a"),
        Selected(ExtraField, "f"),
    )
    sql = (
        f"SELECT {domain.columns},"  # noqa: S608 - names from the models
        f" EXISTS(SELECT 1 FROM {objective.table} WHERE {objective.col('domain')} ="
        f" {domain.col('id')} AND {objective.col('archived_at')} IS NULL),"
        f" EXISTS(SELECT 1 FROM {activity.table} JOIN {action.table}"
        f" ON {action.col('id')} = {activity.col('action')}"
        f" WHERE {action.col('domain')} = {domain.col('id')}"
        f" AND {action.col('archived_at')} IS NULL AND {activity.col('archived_at')} IS NULL),"
        f" EXISTS(SELECT 1 FROM {field.table} WHERE {field.col('plan')} = {domain.col('plan')}"
        f" AND {field.col('archived_at')} IS NULL)"
        f" FROM {domain.table} WHERE {domain.col('plan')} = %s"
        f" AND {domain.col('archived_at')} IS NULL ORDER BY {domain.col('position')}"
    )
    db = connections[DEFAULT_DB_ALIAS]
    with db.cursor() as cursor:
        cursor.execute(sql, [plan.pk])
        rows = cursor.fetchall()
    width = len(domain.fields)
    found: list[DomainLayers] = []
    for row in rows:
        built = domain.build(row[:width], db)
        assert isinstance(built, Domain)  # noqa: S101 - narrows the type: the row is a domain's
        found.append((built, bool(row[width]), bool(row[width + 1]), bool(row[width + 2])))
    return found
