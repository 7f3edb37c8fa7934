"""Update rounds (issue 20): opening one for a board meeting, and closing it.

A round asks for updates on some of a plan's actions (by default every live action that
is not complete) by a deadline before a board date. Updates recorded while it is open,
on its actions, belong to it (`action_record_update` sets `ActionUpdate.round`).
"""

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from improvement_tracker.audit.models import Verb
from improvement_tracker.audit.services import audit_record
from improvement_tracker.plans.models import Action, Plan, UpdateRound
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.selectors.attachments import latest_updates
from improvement_tracker.plans.services.rules import EditRefused, _refuse_if_archived

# How many days before a round's deadline its reminders may start: none to a month.
REMINDER_DAYS = range(0, 31)


@transaction.atomic
def round_open(
    *,
    plan: Plan,
    board_date: dt.date,
    deadline: dt.date,
    by: User | None,
    actions: Iterable[Action] | None = None,
    via: str = "",
) -> UpdateRound:
    """Open a round for the board of `board_date`; refused while another is open.

    `actions` defaults to the plan's open actions: live, in live domains, and whose latest
    update is not complete. `via` names a command that opened it, for the audit trail.
    """
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    _refuse_if_archived(locked)
    if deadline > board_date:
        raise EditRefused(
            "The deadline for updates must be on or before the board date.", field="deadline"
        )
    if locked.rounds.filter(closed_at__isnull=True).exists():
        raise EditRefused("This plan already has an open update round: close it first.")
    chosen = list(actions) if actions is not None else open_actions(locked)
    if any(action.domain.plan_id != locked.pk for action in chosen):
        raise EditRefused("A round can only ask for updates on its own plan's actions.")
    update_round = UpdateRound.objects.create(
        plan=locked,
        board_date=board_date,
        deadline=deadline,
        opened_at=timezone.now(),
        opened_by=by,
    )
    update_round.actions.set(chosen)
    audit_record(
        actor=by,
        verb=Verb.CREATE,
        obj=update_round,
        plan=locked,
        actor_name=via,
        summary=(
            f"Opened an update round for the board of {board_date:%-d %B %Y}: "
            f"{len(chosen)} actions, updates due by {deadline:%-d %B %Y}"
        ),
        after={
            "board_date": board_date.isoformat(),
            "deadline": deadline.isoformat(),
            "actions": sorted(action.pk for action in chosen),
        },
    )
    return update_round


@transaction.atomic
def round_close(*, update_round: UpdateRound, by: User | None) -> UpdateRound:
    """Close an open round: later updates no longer belong to it. It is kept, never deleted."""
    locked = UpdateRound.objects.select_for_update().select_related("plan").get(pk=update_round.pk)
    if locked.closed_at is not None:
        raise EditRefused("This update round is already closed.")
    locked.closed_at = timezone.now()
    locked.closed_by = by
    locked.save(update_fields=["closed_at", "closed_by"])
    audit_record(
        actor=by,
        verb=Verb.CHANGE,
        obj=locked,
        plan=locked.plan,
        summary=f"Closed the update round for the board of {locked.board_date:%-d %B %Y}",
        before={"closed_at": None},
        after={"closed_at": locked.closed_at.isoformat()},
    )
    update_round.closed_at, update_round.closed_by = locked.closed_at, by
    return locked


def round_dates_refusal(*, board_date: dt.date, deadline: dt.date) -> EditRefused | None:
    """What is wrong with a new round's dates, for the page and the command alike: a board
    in the past, or a deadline after the board. `round_open` itself refuses only the
    second, so that a history of past rounds can still be recorded (the demo data)."""
    if board_date < timezone.localdate():
        return EditRefused("The board date must be today or in the future", field="board_date")
    if deadline > board_date:
        return EditRefused(
            "The deadline for updates must be on or before the board date", field="deadline"
        )
    return None


@transaction.atomic
def plan_reminder_days_set(*, plan: Plan, days: int, by: User | None) -> Plan:
    """Change how many days before a round's deadline its reminders start (0 to 30)."""
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    _refuse_if_archived(locked)
    if not REMINDER_DAYS.start <= days < REMINDER_DAYS.stop:
        raise EditRefused(
            f"Days before the deadline must be between {REMINDER_DAYS.start} and "
            f"{REMINDER_DAYS.stop - 1}",
            field="days",
        )
    before = locked.reminder_days_before
    if before == days:
        return locked
    locked.reminder_days_before = days
    locked.save(update_fields=["reminder_days_before"])
    audit_record(
        actor=by,
        verb=Verb.CHANGE,
        obj=locked,
        plan=locked,
        summary=f"Reminders now start {days} days before an update round's deadline",
        before={"reminder_days_before": before},
        after={"reminder_days_before": days},
    )
    plan.reminder_days_before = days
    return locked


def open_actions(plan: Plan) -> list[Action]:
    """A plan's live actions whose latest update is not complete: a round's default."""
    live = Action.objects.filter(
        domain__plan=plan, domain__archived_at__isnull=True, archived_at__isnull=True
    ).select_related("domain")
    latest = latest_updates(live, timezone.localdate())
    done = {Status.COMPLETE.value, Status.COMPLETE_ASSURED.value}
    return [
        action for action in live if action.pk not in latest or latest[action.pk].status not in done
    ]
