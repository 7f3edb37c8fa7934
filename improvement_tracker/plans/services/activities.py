"""An action's activities (sub-actions, ADR 0041): adding, changing and archiving them.

An activity's status is the document's, changed here by an audited edit like its words;
the action's own status stays its dated updates' (ADR 0005).
"""

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max

from improvement_tracker.audit.models import Verb
from improvement_tracker.audit.services import audit_record
from improvement_tracker.plans.models import Action, Activity
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.services.actions import _read_timescale
from improvement_tracker.plans.services.archiving import _archived
from improvement_tracker.plans.services.freshness import plan_changed
from improvement_tracker.plans.services.objectives import _reference
from improvement_tracker.plans.services.rules import EditRefused, _refuse_if_archived


def _activity_values(activity: Activity) -> dict[str, object]:
    return {
        "action": str(activity.action),
        "number": activity.number,
        "text": activity.text,
        "lead_text": activity.lead_text,
        "timescale_text": activity.timescale_text,
        "timescale_kind": activity.timescale_kind,
        "timescale_date": activity.timescale_date.isoformat() if activity.timescale_date else None,
        "status": activity.status,
    }


def _status(status: Status | str) -> str:
    try:
        return Status(status).value
    except ValueError:
        raise EditRefused("Select a status", field="status") from None


def _fill(
    activity: Activity, *, number: str, text: str, lead_text: str, timescale_text: str, status: str
) -> None:
    if not text.strip():
        raise EditRefused("Enter the activity", field="text")
    activity.number = _reference(number, field="Activity reference")
    activity.text, activity.lead_text = text, lead_text
    activity.timescale_text = timescale_text
    activity.timescale_kind, activity.timescale_date = _read_timescale(timescale_text)
    activity.status = _status(status)


def _locked_action(action: Action) -> Action:
    locked = Action.objects.select_for_update().select_related("domain__plan").get(pk=action.pk)
    _refuse_if_archived(locked.domain.plan, locked)
    return locked


@transaction.atomic
def activity_add(
    *,
    action: Action,
    number: str,
    text: str,
    lead_text: str,
    timescale_text: str,
    status: Status | str,
    by: User | None,
) -> Activity:
    """Add an activity after the action's last one."""
    locked = _locked_action(action)
    last = Activity.objects.filter(action=locked).aggregate(last=Max("position"))["last"] or 0
    activity = Activity(action=locked, position=last + 1)
    _fill(
        activity,
        number=number,
        text=text,
        lead_text=lead_text,
        timescale_text=timescale_text,
        status=status,
    )
    activity.save()
    plan = locked.domain.plan
    plan_changed(plan)
    audit_record(
        actor=by,
        verb=Verb.CREATE,
        obj=activity,
        plan=plan,
        summary=f"Added {activity} to {locked.domain.label}, action {locked.number}",
        after=_activity_values(activity),
    )
    return activity


@transaction.atomic
def activity_edit(
    *,
    activity: Activity,
    number: str,
    text: str,
    lead_text: str,
    timescale_text: str,
    status: Status | str,
    by: User | None,
) -> Activity:
    """Change what an activity says, its lead, timescale and status."""
    locked = _locked_activity(activity)
    before = _activity_values(locked)
    _fill(
        locked,
        number=number,
        text=text,
        lead_text=lead_text,
        timescale_text=timescale_text,
        status=status,
    )
    fields = ["number", "text", "lead_text", "timescale_text", "timescale_kind", "timescale_date"]
    locked.save(update_fields=[*fields, "status"])
    after = _activity_values(locked)
    changed = [key for key in after if after[key] != before[key]]
    plan = locked.action.domain.plan
    plan_changed(plan)
    audit_record(
        actor=by,
        verb=Verb.CHANGE,
        obj=locked,
        plan=plan,
        summary=f"Changed {locked} of {locked.action.domain.label}, action "
        f"{locked.action.number}: " + (", ".join(changed) or "nothing"),
        before=before,
        after=after,
    )
    return locked


@transaction.atomic
def activity_archive(*, activity: Activity, by: User | None) -> Activity:
    """Archive an activity: it leaves the tracker and the exports, and is kept."""
    locked = _locked_activity(activity)
    action = locked.action
    summary = f"Archived {locked} of {action.domain.label}, action {action.number}"
    _archived(locked, plan=action.domain.plan, by=by, summary=summary)
    return locked


def _locked_activity(activity: Activity) -> Activity:
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    locked.action = _locked_action(locked.action)
    if locked.archived_at is not None:
        raise EditRefused(f"{locked} is archived and cannot be changed.")
    return locked
