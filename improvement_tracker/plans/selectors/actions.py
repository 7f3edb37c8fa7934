"""One action's page: finding it, as it stands, its history, what it was carried between;
and numbering a domain's actions."""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone

# Read on every action page, so written in SQL in the hot path beside its ORM twin.
from improvement_tracker.hotpath.plans import action_in_plan as action_in_plan
from improvement_tracker.hotpath.plans import updates_and_carried_on
from improvement_tracker.plans.models import (
    Action,
    ActionReference,
    ActionUpdate,
    Domain,
    Plan,
    StatusChange,
)
from improvement_tracker.plans.numbering import next_reference
from improvement_tracker.plans.selectors.extra_fields import extra_values
from improvement_tracker.plans.selectors.layers import attach_layers
from improvement_tracker.plans.selectors.tracker import TrackedAction, _track


def latest_update(*, tracked: TrackedAction) -> ActionUpdate | None:
    """The whole update a tracked action shows, with who made it: for one action's pages."""
    if tracked.latest is None:
        return None
    return ActionUpdate.objects.select_related("author").get(pk=tracked.latest.pk)


def action_history(*, action: Action) -> list[ActionUpdate]:
    """Every update of the action, newest first, each with its status change if any."""
    return list(
        ActionUpdate.objects.filter(action=action)
        .select_related("author")
        .prefetch_related(
            Prefetch(
                "status_change",
                queryset=StatusChange.objects.select_related("changed_by"),
            ),
            Prefetch(
                "references",
                queryset=ActionReference.objects.select_related("action__domain__plan"),
            ),
        )
        .order_by("-made_on", "-id")
    )


@dataclass(frozen=True)
class ActionPageReads:
    """What the action page reads on every request, cached or not."""

    fingerprint: str
    carried_from: Action | None  # the action this one was carried forward from
    carried_to: list[Action]  # those carried forward from this one


def action_page_reads(*, plan: Plan, action: Action) -> ActionPageReads:
    """The action's fingerprint and the actions it was carried between.

    The fingerprint changes whenever anything the cached page shows of this action
    changes, as tracker_fingerprint does (ADR 0015): the plan's updated_at, which every
    service that changes the plan moves (plans/services/freshness.py; renumbering too,
    which changes links in progress text); the action's own updated_at and version; and
    its updates' count and newest id, which move even when an update is added or removed
    without the services.

    The carried-forward links are read here, not cached with the page: they name actions
    in other plans, whose changes do not move this plan's fingerprint. One query, and a
    second only when there are links to show (most actions have none).
    """
    count, newest, carried_on = updates_and_carried_on(action_id=action.pk)
    parts = (plan.updated_at, action.updated_at, action.version, count, newest)
    found: list[Action] = []
    if carried_on or action.carried_from_id:
        linked = Q(carried_from_id=action.pk) | Q(pk=action.carried_from_id)
        found = list(Action.objects.filter(linked).select_related("domain__plan").order_by("pk"))
    return ActionPageReads(
        fingerprint="|".join(str(part) for part in parts),
        carried_from=next((a for a in found if a.pk == action.carried_from_id), None),
        carried_to=[a for a in found if a.carried_from_id == action.pk],
    )


def tracked_action(*, action: Action, as_of: dt.date | None = None) -> TrackedAction:
    """One action as it stands at `as_of` (today by default), with its flags and its values
    under the plan's extra fields."""
    as_of = as_of or timezone.localdate()
    tracked = _track([action], as_of)[action.pk]
    tracked.extra = extra_values(actions=[action.pk]).get(action.pk, [])
    # Its objective and activities as they are now, whatever the date (ADR 0041).
    attach_layers([tracked], domains=[action.domain], actions=[action.pk])
    return tracked


def next_action_numbers(*, plan: Plan) -> dict[int, str]:
    """Each domain's next free action reference (archived actions keep theirs), by domain
    id: after 16 comes 17, after 1.4 comes 1.5 (plans/numbering.py)."""
    taken: dict[int, list[str]] = defaultdict(list)
    for domain_id, number in Action.objects.filter(domain__plan=plan).values_list(
        "domain_id", "number"
    ):
        taken[domain_id].append(number)
    return {
        pk: next_reference(taken[pk])
        for pk in Domain.objects.filter(plan=plan).values_list("pk", flat=True)
    }


def numbers_in_order(*, actions: Sequence[Action], kept: Sequence[str]) -> dict[int, str]:
    """1, 2, 3… for the actions in the order given, skipping numbers archived actions keep."""
    free = (str(n) for n in range(1, len(actions) + len(kept) + 1) if str(n) not in kept)
    return {action.pk: number for action, number in zip(actions, free, strict=False)}
