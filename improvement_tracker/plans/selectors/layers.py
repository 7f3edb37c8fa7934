"""A plan's objectives and activities (ADR 0041) as the tracker and exports show them: each
read in one query per plan, whatever the number of actions."""

from collections.abc import Collection, Iterable, Sequence
from typing import Any, Protocol, TypeVar

from django.db.models import QuerySet

from improvement_tracker.hotpath import tracker as hot_tracker
from improvement_tracker.plans.models import Action, Activity, Domain, Objective, Plan


class Layered(Protocol):
    """What the tracker knows of an action (selectors/tracker.py: TrackedAction)."""

    objective: Objective | None
    activities: Sequence[Activity]

    @property
    def pk(self) -> int: ...
    @property
    def row(self) -> Any: ...


T = TypeVar("T", bound=Layered)


def live_objectives(*, domains: Sequence[Domain]) -> dict[int, Objective]:
    """The domains' objectives in use, by id, in their order (reference, then position)."""
    found = Objective.objects.filter(domain__in=domains, archived_at__isnull=True)
    return {objective.pk: objective for objective in found.order_by("number_order", "position")}


def domain_objectives(*, domain: Domain) -> list[Objective]:
    """All the domain's objectives, live first in their order, then the archived ones."""
    found = Objective.objects.filter(domain=domain).order_by("number_order", "position")
    return sorted(found, key=lambda objective: objective.archived_at is not None)


def live_activities(*, actions: Collection[int] | QuerySet[Action]) -> dict[int, list[Activity]]:
    """Each action's activities in use, in their order, by the action's id."""
    found: dict[int, list[Activity]] = {}
    rows = Activity.objects.filter(action_id__in=actions, archived_at__isnull=True)
    for activity in rows.order_by("action_id", "position"):
        found.setdefault(activity.action_id, []).append(activity)
    return found


def attach_layers(
    tracked: Iterable[Layered],
    *,
    domains: Sequence[Domain],
    actions: Collection[int] | None = None,
    plan: Plan | None = None,
    activities: bool = True,
) -> list[Objective]:
    """Give each tracked action its objective (a live one, of `domains`) and its live
    activities: those of `actions` (ids), or of the whole `plan`. No domains, no query for
    objectives; `activities=False` when the caller knows there are none (PlanShape).
    Returns the domains' live objectives in their order, those no action serves included
    (exports write them, ADR 0048)."""
    objectives = live_objectives(domains=domains) if domains else {}
    found: dict[int, list[Activity]] = {}
    if activities and plan is not None:
        found = hot_tracker.plan_activities(plan=plan)
    elif activities:
        found = live_activities(actions=actions or [])
    if not objectives and not found:
        return []  # a plan without layers: every action keeps its defaults, None and []
    for item in tracked:
        item.objective = objectives.get(item.row.objective_id)
        item.activities = found.get(item.pk, ())
    return list(objectives.values())


def in_objective_order(actions: list[T]) -> list[T]:
    """Actions without an objective first, then each objective's, in the objectives' order;
    within each, as they came (in number order)."""
    if all(action.objective is None for action in actions):
        return actions
    order = {
        action.objective.pk: (action.objective.number_order, action.objective.position)
        for action in actions
        if action.objective is not None
    }

    def rank(action: T) -> tuple[int, str, int]:
        if action.objective is None:
            return (0, "", 0)
        return (1, *order[action.objective.pk])

    return sorted(actions, key=rank)


def action_activities(*, action: Action) -> list[Activity]:
    """All the action's activities, live first in their order, then the archived ones."""
    found = Activity.objects.filter(action=action).order_by("position")
    return sorted(found, key=lambda activity: activity.archived_at is not None)
