"""Merging two spellings of one lead in an organisation's register (ADR 0022).

The register is the organisation's, so a merge reaches all its live plans; archived
plans are kept as they were, their actions still linked to the spelling they named.
Each live plan whose actions move gets the merge in its own audit history.
"""

from collections import defaultdict

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from improvement_tracker.audit.models import Verb
from improvement_tracker.audit.services import audit_record
from improvement_tracker.plans.models import Action, Lead, Plan
from improvement_tracker.plans.services.freshness import plan_changed
from improvement_tracker.plans.services.rules import EditRefused


@transaction.atomic
def leads_merge(*, keep: Lead, merge: Lead, by: User | None) -> Lead:
    """Make two spellings of one lead one lead: `keep`, under its own name.

    Every action of a live plan and every person linked to `merge` is linked to `keep`
    instead, and `merge` stays in the register only as another spelling of `keep`, so
    that an import meeting it again links to `keep`. Actions' lead text is not changed:
    it is the plan's own words. Each action whose leads change gets a new version.
    """
    locked = {
        lead.pk: lead
        for lead in Lead.objects.select_for_update().filter(pk__in=[keep.pk, merge.pk])
    }
    kept, merged = locked[keep.pk], locked.get(merge.pk)
    if merged is None or merged.pk == kept.pk:
        raise EditRefused("Select two different leads", field="merge")
    if merged.organisation_id != kept.organisation_id:
        raise EditRefused("Select leads of the same organisation", field="merge")
    if kept.merged_into_id is not None or merged.merged_into_id is not None:
        raise EditRefused("That lead has already been merged into another", field="merge")
    links = Action.leads.through.objects
    live = {"action__domain__plan__archived_at__isnull": True}
    moving = list(
        links.filter(lead=merged, **live).values_list("action_id", "action__domain__plan_id")
    )
    moved_actions = [action_id for action_id, _ in moving]
    already = set(links.filter(lead=kept, **live).values_list("action_id", flat=True))
    links.bulk_create(
        Action.leads.through(action_id=pk, lead_id=kept.pk)
        for pk in moved_actions
        if pk not in already
    )
    links.filter(lead=merged, action_id__in=moved_actions).delete()
    people = Lead.people.through.objects
    moved_people = list(people.filter(lead=merged).values_list("user_id", flat=True))
    kept.people.add(*moved_people)
    people.filter(lead=merged).delete()
    Lead.objects.filter(merged_into=merged).update(merged_into=kept)
    merged.merged_into = kept
    merged.save(update_fields=["merged_into", "updated_at"])
    touched = list(Action.objects.select_for_update().filter(pk__in=moved_actions))
    now = timezone.now()
    for action in touched:
        action.version, action.updated_at = action.version + 1, now
    Action.objects.bulk_update(touched, ["version", "updated_at"])
    plans = Plan.objects.in_bulk({plan_id for _, plan_id in moving})
    plan_changed(*plans.values())
    _audit(kept, merged, moving, already, moved_people, plans, by=by)
    return kept


def _audit(
    kept: Lead,
    merged: Lead,
    moving: list[tuple[int, int]],
    already: set[int],
    moved_people: list[int],
    plans: dict[int, Plan],
    *,
    by: User | None,
) -> None:
    """One event in the history of each live plan whose actions moved, naming only that
    plan's actions; one event with no plan when no action moved (people only)."""
    by_plan: dict[int, list[int]] = defaultdict(list)
    for action_id, moved_in in moving:
        by_plan[moved_in].append(action_id)
    in_plan: dict[int, set[int]] = defaultdict(set)
    for action_id, kept_in in Action.objects.filter(pk__in=already).values_list(
        "pk", "domain__plan_id"
    ):
        in_plan[kept_in].add(action_id)
    people = f"{len(moved_people)} {'person' if len(moved_people) == 1 else 'people'}"
    plan_ids: list[int | None] = [*sorted(by_plan)] or [None]
    for plan_id in plan_ids:
        plan = plans[plan_id] if plan_id is not None else None
        actions = sorted(by_plan[plan_id]) if plan_id is not None else []
        kept_actions = sorted(in_plan[plan_id]) if plan_id is not None else []
        where = f" in '{plan.title}'" if plan else ""
        audit_record(
            actor=by,
            verb=Verb.CHANGE,
            obj=kept,
            plan=plan,
            summary=f"Merged the lead {merged.name} into {kept.name}{where}: "
            f"{len(actions)} action{'s' if len(actions) != 1 else ''}, {people} moved",
            before={
                "kept": {"id": kept.pk, "name": kept.name, "actions": kept_actions},
                "merged": {
                    "id": merged.pk,
                    "name": merged.name,
                    "actions": actions,
                    "people": sorted(moved_people),
                },
            },
            after={
                "kept": {
                    "id": kept.pk,
                    "name": kept.name,
                    "actions": sorted(set(kept_actions) | set(actions)),
                },
                "merged": {"id": merged.pk, "name": merged.name, "merged_into": kept.pk},
            },
        )
