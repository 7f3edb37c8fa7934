"""The reads every plan and action page makes, in SQL written once (rows.py, ADRs 0021
and 0029), each after its plain ORM twin, which says what it returns.

Django builds a queryset's SQL afresh each time it runs; for these small reads building
took three to ten times as long as the database took to answer (docs/performance.md).
Table and column names come from the models, so renaming one cannot leave a query
behind; the values are always parameters.
"""

from typing import NamedTuple

from django.db import connection
from django.db.models import Count, Max

from improvement_tracker.accounts.models import Organisation, PlanRole
from improvement_tracker.hotpath.rows import Selected, fetch_one, fetch_value, link
from improvement_tracker.hotpath.twins import twin_of
from improvement_tracker.plans.models import Action, ActionUpdate, Domain, Plan


def plan_by_slug_plain(*, slug: str) -> Plan | None:
    """The plan a page's address names, with its organisation."""
    return Plan.objects.select_related("organisation").filter(slug=slug).first()


@twin_of(plan_by_slug_plain)
def plan_by_slug(*, slug: str) -> Plan | None:
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
    assert isinstance(the_plan, Plan)  # noqa: S101 - narrows the type: the row is a plan's
    link(the_plan, "organisation", its_organisation)
    return the_plan


def role_on_plan_plain(*, plan_id: int, user_id: int) -> str | None:
    """The person's role on the plan, if any (at most one: a unique constraint)."""
    roles = PlanRole.objects.filter(plan_id=plan_id, user_id=user_id)
    role: str | None = roles.values_list("role", flat=True).first()
    return role


@twin_of(role_on_plan_plain)
def role_on_plan(*, plan_id: int, user_id: int) -> str | None:
    roles = Selected(PlanRole, "r")
    sql = (
        f"SELECT {roles.col('role')} FROM {roles.table}"  # noqa: S608 - names from the model
        f" WHERE {roles.col('plan')} = %s AND {roles.col('user')} = %s"
    )
    role: str | None = fetch_value(sql, [plan_id, user_id])
    return role


def action_in_plan_plain(*, plan: Plan, position: int, number: str) -> Action | None:
    """Action `number` of the plan's domain at `position`, with its domain and plan."""
    action = (
        Action.objects.select_related("domain")
        .filter(domain__plan=plan, domain__position=position, number=number)
        .first()
    )
    if action is not None:
        action.domain.plan = plan
    return action


@twin_of(action_in_plan_plain)
def action_in_plan(*, plan: Plan, position: int, number: str) -> Action | None:
    action, domain = Selected(Action, "a"), Selected(Domain, "d")
    sql = (
        f"SELECT {action.columns}, {domain.columns} FROM {action.table}"  # noqa: S608 - names from the models
        f" JOIN {domain.table} ON {domain.col('id')} = {action.col('domain')}"
        f" WHERE {domain.col('plan')} = %s AND {domain.col('position')} = %s"
        f" AND {action.col('number')} = %s"
    )
    found = fetch_one(sql, [plan.pk, position, number], action, domain)
    if found is None:
        return None
    the_action, its_domain = found
    assert isinstance(the_action, Action) and isinstance(its_domain, Domain)  # noqa: S101
    link(its_domain, "plan", plan)
    link(the_action, "domain", its_domain)
    return the_action


def tracker_fingerprint_plain(*, plan: Plan) -> str:
    """Changes whenever anything the tracker shows of this plan changes; one query.

    The plan's updated_at, which the services move whenever they change what it shows
    (plans/services/freshness.py); and, for edits that bypass the services (the admin, a
    shell), the count of its actions, the newest action's updated_at and its newest
    update's id.
    """
    found = Plan.objects.filter(pk=plan.pk).aggregate(
        changed=Max("updated_at"),
        actions=Count("domains__actions", distinct=True),
        action_changed=Max("domains__actions__updated_at"),
        newest_update=Max("domains__actions__updates__id"),
    )
    return "|".join(
        str(found[name]) for name in ("changed", "actions", "action_changed", "newest_update")
    )


@twin_of(tracker_fingerprint_plain)
def tracker_fingerprint(*, plan: Plan) -> str:
    """The plan's newest update is found as the newest of its actions' newest, each one
    step down an index (`update_newest`). Asked for directly, "the plan's updates, newest
    first", PostgreSQL walked the updates back from the newest in the database until it
    met one of this plan's: half a second for the first organisation's plans among 1.1
    million updates. Django took 2.3 ms to build it as three subqueries.
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


class UpdatesAndCarriedOn(NamedTuple):
    updates: int  # how many updates the action has
    newest: int | None  # the newest update's id
    carried_on: bool  # whether any action was carried forward from this one


def updates_and_carried_on_plain(*, action_id: int) -> UpdatesAndCarriedOn:
    """What the action page reads of an action on every request, cached page or not."""
    found = ActionUpdate.objects.filter(action_id=action_id).aggregate(
        count=Count("id"), newest=Max("id")
    )
    carried_on = Action.objects.filter(carried_from_id=action_id).exists()
    return UpdatesAndCarriedOn(found["count"], found["newest"], carried_on)


@twin_of(updates_and_carried_on_plain)
def updates_and_carried_on(*, action_id: int) -> UpdatesAndCarriedOn:
    """In one query: Django took about ten times as long to build these subqueries as the
    database took to answer them (ADR 0029)."""
    updates, actions = Selected(ActionUpdate, "u"), Selected(Action, "a")
    sql = (
        f"SELECT COUNT(*), MAX({updates.col('id')}),"  # noqa: S608 - names from the models
        f" EXISTS (SELECT 1 FROM {actions.table} WHERE {actions.col('carried_from')} = %s)"
        f" FROM {updates.table} WHERE {updates.col('action')} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [action_id, action_id])
        count, newest, carried_on = cursor.fetchone()
    return UpdatesAndCarriedOn(count, newest, bool(carried_on))
