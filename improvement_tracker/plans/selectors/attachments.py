"""What the tracker attaches to each action it shows: its latest update as at a date, the
actions that update refers to, its leads and its values under the plan's extra fields.

Each is read for any number of actions in a fixed number of queries (plans/selectors/
tracker.py: plan_tracker and _track call these; layers.py attaches objectives and
activities the same way).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import OuterRef, QuerySet, Subquery

from improvement_tracker.hotpath import tracker as hot_tracker
from improvement_tracker.plans.models import (
    Action,
    ActionReference,
    ActionUpdate,
    Domain,
    Plan,
)
from improvement_tracker.plans.selectors.extra_fields import plan_extra_values

if TYPE_CHECKING:
    from improvement_tracker.plans.selectors.tracker import TrackedAction


@dataclass(frozen=True)
class PlanShape:
    """What a plan has beyond its domains and actions, known from the query that reads its
    domains (domains_and_shape): the tracker skips the reads of what it has not, so a plan
    without extra fields, objectives or activities makes no query for them (ADRs 0040,
    0041)."""

    extra_fields: bool
    objectives: list[Domain]  # the domains with live objectives
    activities: bool


def domains_and_shape(*, plan: Plan) -> tuple[list[Domain], PlanShape]:
    """The plan's live domains in order, and its shape, in the one query that reads them
    (hotpath/tracker.py: domains_and_layers)."""
    found = hot_tracker.domains_and_layers(plan=plan)
    domains = [domain for domain, *_ in found]
    shape = PlanShape(
        # A plan without live domains still heads its exports' columns with its fields.
        extra_fields=not found or any(extra for *_, extra in found),
        objectives=[domain for domain, objectives, _, _ in found if objectives],
        activities=any(activities for _, _, activities, _ in found),
    )
    return domains, shape


@dataclass(frozen=True)
class LatestUpdate:
    """What an action's latest update made on or before the as-at date says.

    Plain values, not an ActionUpdate: a 1,000-action tracker reads a thousand of them,
    and building models cost it about 7 ms. `latest_update` reads the whole update
    (who made it, when) for a page about one action.
    """

    pk: int
    made_on: dt.date
    status: str
    progress: str
    evidence: str


def latest_update_id(as_of: dt.date) -> Subquery:
    """The id of an action's latest update made on or before `as_of`."""
    return Subquery(
        ActionUpdate.objects.filter(action=OuterRef("pk"), made_on__lte=as_of)
        .order_by("-made_on", "-id")
        .values("id")[:1]
    )


# Which actions a query is about: their ids, or for a whole plan a queryset, which Django
# compiles in a fraction of the 2 ms it takes over a list of a thousand ids.
ActionIds = Collection[int] | QuerySet[Action]


def latest_updates(action_ids: ActionIds, as_of: dt.date) -> dict[int, LatestUpdate]:
    """Each action's latest update made on or before `as_of`, in one query.

    A queryset is used as it is, not as `pk IN (queryset)`: on PostgreSQL that joined
    every action in the database to the plan's, 14 ms instead of 6 for 1,000 actions
    among 46,000. The actions keep their default order, which looks wasted in a
    subquery but is not: without it PostgreSQL expects more rows and, in a small
    database, reads the whole updates table, 18 ms instead of 5 (docs/performance.md).
    """
    if not isinstance(action_ids, QuerySet) and not action_ids:
        return {}
    actions = (
        action_ids if isinstance(action_ids, QuerySet) else Action.objects.filter(pk__in=action_ids)
    )
    latest_ids = actions.annotate(latest=latest_update_id(as_of)).values("latest")
    rows = (
        ActionUpdate.objects.filter(pk__in=Subquery(latest_ids))
        .order_by()  # the default ordering joins the actions' table for nothing
        .values_list("action_id", "pk", "made_on", "status", "progress", "evidence")
    )
    return {row[0]: LatestUpdate(*row[1:]) for row in rows}


def attach_references(tracked: Iterable[TrackedAction]) -> None:
    """The actions each shown update refers to, wherever they are now.

    One small query for the references; the actions meant are nearly always already
    loaded (they are in the same plan), and one more query fetches any that are not
    (archived, or in an earlier plan year).
    """
    items = list(tracked)
    by_update = {item.latest.pk: item for item in items if item.latest is not None}
    rows = list(
        ActionReference.objects.filter(update_id__in=by_update).values_list(
            "update_id", "number", "action_id"
        )
    )
    # The models of actions shown are built only for those referred to.
    shown = {item.pk: item for item in items}
    missing = {action_id for _, _, action_id in rows if action_id not in shown}
    others = Action.objects.select_related("domain__plan").in_bulk(missing) if missing else {}
    for update_id, number, action_id in rows:
        meant = shown[action_id].action if action_id in shown else others[action_id]
        by_update[update_id].references[number] = meant


def attach_leads(tracked: Iterable[TrackedAction], ids: QuerySet[Action]) -> None:
    """Every action's leads, in a fixed number of queries (hotpath/tracker.py)."""
    by_action = hot_tracker.leads_by_action(actions=ids)
    for item in tracked:
        item.known_leads = by_action.get(item.pk, [])


def attach_extra_values(tracked: Mapping[int, TrackedAction], *, plan: Plan) -> list[str]:
    """Each action's values under the plan's live extra fields (ADR 0040), in one query;
    the fields' names in their order, which head the exports' columns."""
    fields, values_by_action = plan_extra_values(plan=plan)
    for action_id, values in values_by_action.items():
        if action_id in tracked:  # archived actions' values come too; they have no row
            tracked[action_id].extra = values
    return fields
