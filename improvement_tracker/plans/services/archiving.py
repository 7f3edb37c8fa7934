"""Archiving and restoring plans, domains and actions, and restoring a plan's objectives,
activities and extra fields (archived by their own services): kept, never deleted.

`_archived` and `_restored` are the step every archive and restore takes, an action's aside
(it also raises the action's version); each service keeps its own checks and words."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from improvement_tracker.audit.models import Verb
from improvement_tracker.audit.services import audit_record
from improvement_tracker.plans.models import (
    Action,
    Activity,
    Domain,
    ExtraField,
    Objective,
    Plan,
)
from improvement_tracker.plans.services.freshness import plan_changed
from improvement_tracker.plans.services.rules import (
    EditRefused,
    StaleAction,
    _locked_action,
    _refuse_if_archived,
    _saved,
)


@transaction.atomic
def plan_archive(*, plan: Plan, by: User | None) -> Plan:
    """Archive a plan: it stays readable and reportable, and can no longer be changed."""
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    _refuse_if_archived(locked)
    _archived(locked, plan=locked, by=by, summary=f"Archived the plan '{locked.title}'")
    plan.archived_at = locked.archived_at
    return locked


@transaction.atomic
def domain_archive(*, domain: Domain, by: User | None) -> Domain:
    """Archive a domain: it and its actions leave the tracker and its tables, and are kept."""
    locked = Domain.objects.select_for_update().select_related("plan").get(pk=domain.pk)
    _refuse_if_archived(locked.plan, locked)
    _archived(locked, plan=locked.plan, by=by, summary=f"Archived the domain {locked.label}")
    domain.archived_at = locked.archived_at
    return locked


@transaction.atomic
def action_archive(*, action: Action, by: User | None, expected_version: int) -> Action:
    """Archive an action: it leaves the tracker and its tables, and keeps its number and history."""
    locked = _locked_action(action, expected_version)
    locked.archived_at = timezone.now()
    _saved(locked, action, ["archived_at"])
    plan_changed(locked.domain.plan)
    audit_record(
        actor=by,
        verb=Verb.ARCHIVE,
        obj=locked,
        plan=locked.domain.plan,
        summary=f"Archived {locked.domain.label}, action {locked.number}",
        before={"archived_at": None, "version": locked.version - 1},
        after={"archived_at": locked.archived_at.isoformat(), "version": locked.version},
    )
    action.archived_at = locked.archived_at
    return locked


@transaction.atomic
def domain_restore(*, domain: Domain, by: User | None) -> Domain:
    """Bring an archived domain back: it and its actions not archived on their own return
    to the tracker and its tables. Its label and position were kept for it."""
    locked = Domain.objects.select_for_update().select_related("plan").get(pk=domain.pk)
    _refuse_if_archived(locked.plan)
    if locked.archived_at is None:
        raise EditRefused(f"{locked.label} is not archived.")
    _restored(locked, plan=locked.plan, by=by, summary=f"Restored the domain {locked.label}")
    domain.archived_at = None
    return locked


@transaction.atomic
def action_restore(*, action: Action, by: User | None, expected_version: int) -> Action:
    """Bring an archived action back onto the tracker, with its number and history."""
    locked = Action.objects.select_for_update().select_related("domain__plan").get(pk=action.pk)
    if locked.version != expected_version:
        raise StaleAction(locked)
    _refuse_if_archived(locked.domain.plan)
    label = f"{locked.domain.label}, action {locked.number}"
    if locked.domain.archived_at is not None:
        raise EditRefused(f"{locked.domain.label} is archived: restore it to restore {label}.")
    if locked.archived_at is None:
        raise EditRefused(f"{label} is not archived.")
    archived_at, locked.archived_at = locked.archived_at, None
    _saved(locked, action, ["archived_at"])
    plan_changed(locked.domain.plan)
    audit_record(
        actor=by,
        verb=Verb.RESTORE,
        obj=locked,
        plan=locked.domain.plan,
        summary=f"Restored {label}",
        before={"archived_at": archived_at.isoformat(), "version": locked.version - 1},
        after={"archived_at": None, "version": locked.version},
    )
    action.archived_at = None
    return locked


@transaction.atomic
def objective_restore(*, objective: Objective, by: User | None) -> Objective:
    """Bring an archived objective back: the actions it still serves are shown under it
    again. Refused while its domain is archived: restore the domain first."""
    found = Objective.objects.select_for_update().select_related("domain__plan")
    locked = found.get(pk=objective.pk)
    domain = locked.domain
    _refuse_if_archived(domain.plan)
    label = f"{domain.label}, {locked}"
    if domain.archived_at is not None:
        raise EditRefused(f"{domain.label} is archived: restore it to restore {label}.")
    if locked.archived_at is None:
        raise EditRefused(f"{label} is not archived.")
    _restored(locked, plan=domain.plan, by=by, summary=f"Restored {label}")
    objective.archived_at = None
    return locked


@transaction.atomic
def activity_restore(*, activity: Activity, by: User | None) -> Activity:
    """Bring an archived activity back under its action. Refused while its action or the
    action's domain is archived: restore that first."""
    found = Activity.objects.select_for_update().select_related("action__domain__plan")
    locked = found.get(pk=activity.pk)
    action = locked.action
    _refuse_if_archived(action.domain.plan)
    owner = f"{action.domain.label}, action {action.number}"
    label = f"{locked} of {owner}"
    if action.domain.archived_at is not None:
        raise EditRefused(f"{action.domain.label} is archived: restore it to restore {label}.")
    if action.archived_at is not None:
        raise EditRefused(f"{owner} is archived: restore it to restore {label}.")
    if locked.archived_at is None:
        raise EditRefused(f"{label} is not archived.")
    _restored(locked, plan=action.domain.plan, by=by, summary=f"Restored {label}")
    activity.archived_at = None
    return locked


@transaction.atomic
def extra_field_restore(*, field: ExtraField, by: User | None) -> ExtraField:
    """Bring an archived field back, in its old place, with the values it kept. Refused
    while a field in use has its name, whatever the case: exports head a column with it."""
    locked = ExtraField.objects.select_for_update().select_related("plan").get(pk=field.pk)
    _refuse_if_archived(locked.plan)
    if locked.archived_at is None:
        raise EditRefused(f"The field {locked.name} is not archived.")
    clash = (
        ExtraField.objects.filter(plan=locked.plan, name__iexact=locked.name, archived_at=None)
        .exclude(pk=locked.pk)
        .first()
    )
    if clash is not None:
        raise EditRefused(
            f"The field {locked.name} cannot be restored: this plan already has a field "
            f"called {clash.name}. Rename that field first."
        )
    _restored(locked, plan=locked.plan, by=by, summary=f"Restored the field {locked.name}")
    field.archived_at = None
    return locked


def _restored(
    item: Domain | Objective | Activity | ExtraField, *, plan: Plan, by: User | None, summary: str
) -> None:
    """Bring a locked, archived item of `plan` back, mark the plan changed and audit it."""
    archived_at, item.archived_at = item.archived_at, None
    item.save(update_fields=["archived_at"])
    plan_changed(plan)
    audit_record(
        actor=by,
        verb=Verb.RESTORE,
        obj=item,
        plan=plan,
        summary=summary,
        before={"archived_at": archived_at.isoformat() if archived_at else None},
        after={"archived_at": None},
    )


def _archived(
    item: Plan | Domain | Objective | Activity | ExtraField,
    *,
    plan: Plan,
    by: User | None,
    summary: str,
) -> None:
    """Archive a locked item of `plan` (or the plan itself) now, mark the plan changed and
    audit it."""
    item.archived_at = timezone.now()
    item.save(update_fields=["archived_at"])
    plan_changed(plan)
    audit_record(
        actor=by,
        verb=Verb.ARCHIVE,
        obj=item,
        plan=plan,
        summary=summary,
        before={"archived_at": None},
        after={"archived_at": item.archived_at.isoformat()},
    )
