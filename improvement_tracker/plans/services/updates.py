"""Dated progress updates: recording one, and accepting suggested statuses."""

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from improvement_tracker.audit.models import Verb
from improvement_tracker.audit.services import audit_record
from improvement_tracker.plans.models import (
    Action,
    ActionReference,
    ActionUpdate,
    StatusChange,
    UpdateRound,
)
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.references import referenced_numbers
from improvement_tracker.plans.selectors.status_keys import status_keys
from improvement_tracker.plans.services.freshness import plan_changed
from improvement_tracker.plans.services.rules import StaleAction, UpdateRefused, _refuse_if_archived


@transaction.atomic
def action_record_update(
    *,
    action: Action,
    by: User | None,
    made_on: dt.date,
    status: Status,
    progress: str,
    evidence: str = "",
    period: str = "",
    reason: str = "",
    expected_version: int,
) -> ActionUpdate:
    """Add a dated progress update; a change of status is recorded with who, from, to and why.

    Refused with StaleAction when the action changed since `expected_version` was read,
    so that nobody overwrites another person's update without seeing it.
    """
    locked = Action.objects.select_for_update().select_related("domain__plan").get(pk=action.pk)
    if locked.version != expected_version:
        raise StaleAction(locked)
    _refuse_if_archived(locked.domain.plan, locked)
    if made_on > timezone.localdate():
        raise UpdateRefused("An update cannot be dated in the future.")
    previous = (
        ActionUpdate.objects.filter(action=locked, made_on__lte=made_on)
        .order_by("-made_on", "-id")
        .first()
    )
    update = ActionUpdate.objects.create(
        action=locked,
        made_on=made_on,
        period=period,
        author=by,
        status=status,
        progress=progress,
        evidence=evidence,
        # The open round that asks for it, if any: the update answers that round.
        round=UpdateRound.objects.filter(closed_at__isnull=True, actions=locked).first(),
    )
    _record_references([update])
    from_status = Status(previous.status) if previous else Status.NOT_RATED
    if from_status is not status:
        StatusChange.objects.create(
            action=locked,
            update=update,
            changed_by=by,
            from_status=from_status,
            to_status=status,
            reason=reason,
        )
    plan = locked.domain.plan
    plan_changed(plan)
    summary = f"{locked.domain.label}, action {locked.number}: update dated {made_on}"
    if from_status is not status:
        # In the plan's own words: a trust's on track is its "Amber", never the example's.
        key = status_keys([plan.pk])[plan.pk]
        summary += f", status {key.describe(from_status)} → {key.describe(status)}"
    audit_record(
        actor=by,
        verb=Verb.STATUS if from_status is not status else Verb.UPDATE,
        obj=locked,
        plan=plan,
        summary=summary,
        before=_update_values(previous),
        after={**(_update_values(update) or {}), "reason": reason},
    )
    locked.version += 1
    locked.save(update_fields=["version", "updated_at"])
    action.version = locked.version
    return update


@transaction.atomic
def suggestions_accept(
    *,
    choices: list[tuple[Action, Status, str]],
    by: User | None,
    made_on: dt.date,
    period: str,
) -> list[ActionUpdate]:
    """Record a person's chosen statuses for unrated actions, all or none.

    Each keeps the action's words as they stood and becomes an ordinary status change.
    """
    updates = []
    for action, status, reason in choices:
        latest = (
            ActionUpdate.objects.filter(action=action, made_on__lte=made_on)
            .order_by("-made_on", "-id")
            .first()
        )
        updates.append(
            action_record_update(
                action=action,
                by=by,
                made_on=made_on,
                period=period,
                status=status,
                progress=latest.progress if latest else "",
                evidence=latest.evidence if latest else "",
                reason=reason,
                expected_version=action.version,
            )
        )
    return updates


def _record_references(updates: list[ActionUpdate]) -> None:
    """Resolve each "action N" in new updates to the action numbered N in its domain now.

    The words stay as written; the reference follows the action if it is later
    renumbered or moved (docs/decisions/0010). A number no action has is left unlinked.
    """
    wanted = {
        update.pk: (update.action.domain_id, referenced_numbers(update.progress, update.evidence))
        for update in updates
    }
    domain_ids = {domain_id for domain_id, numbers in wanted.values() if numbers}
    if not domain_ids:
        return
    numbering = {
        (domain_id, number): pk
        for pk, domain_id, number in Action.objects.filter(domain_id__in=domain_ids).values_list(
            "pk", "domain_id", "number"
        )
    }
    ActionReference.objects.bulk_create(
        ActionReference(update_id=update_pk, number=number, action_id=numbering[domain_id, number])
        for update_pk, (domain_id, numbers) in wanted.items()
        for number in numbers
        if (domain_id, number) in numbering
    )


def _update_values(update: ActionUpdate | None) -> dict[str, object] | None:
    if update is None:
        return None
    return {
        "made_on": update.made_on.isoformat(),
        "period": update.period,
        "status": update.status,
        "progress": update.progress,
        "evidence": update.evidence,
    }
