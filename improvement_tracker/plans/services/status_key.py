"""A plan's own status key: stored for a new plan, and changed by its plan manager (ADR 0039)."""

from collections.abc import Sequence

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import OuterRef, Subquery

from improvement_tracker.audit.models import Verb
from improvement_tracker.audit.services import audit_record
from improvement_tracker.plans.models import Action, ActionUpdate, Plan, RagKeyEntry, TagColour
from improvement_tracker.plans.rag import NOT_RATED_ENTRY, KeyEntry, Status, StatusKey
from improvement_tracker.plans.services.freshness import plan_changed
from improvement_tracker.plans.services.rules import EditRefused, _refuse_if_archived


def key_entries(plan: Plan, key: StatusKey) -> list[RagKeyEntry]:
    """The rows that store `key` for a new plan, in its order (the caller saves them)."""
    return [
        RagKeyEntry(
            plan=plan,
            status=entry.status.value,
            label=entry.label,
            colour=entry.colour,
            description=entry.description,
            position=position,
        )
        for position, entry in enumerate(key.entries, start=1)
    ]


def _key_values(entries: Sequence[KeyEntry]) -> list[dict[str, str]]:
    return [
        {
            "meaning": entry.status.value,
            "label": entry.label,
            "colour": entry.colour,
            "description": entry.description,
        }
        for entry in entries
    ]


def _check(entries: Sequence[KeyEntry]) -> None:
    seen: dict[str, KeyEntry] = {}
    meanings: set[Status] = set()
    if not any(entry.status is Status.NOT_RATED for entry in entries):
        # Not rated is always there, under its usual label when the key gives none.
        entries = [NOT_RATED_ENTRY, *entries]
    for entry in entries:
        if entry.status in meanings:
            raise EditRefused(f"The key gives '{entry.status.meaning}' twice")
        meanings.add(entry.status)
        if not entry.label.strip():
            raise EditRefused(
                f"Enter a label for {entry.status.meaning}", field=f"{entry.status.value}_label"
            )
        if len(entry.label) > 50:
            raise EditRefused(
                "Label must be 50 characters or fewer", field=f"{entry.status.value}_label"
            )
        if entry.colour not in TagColour.values:
            raise EditRefused(
                f"Select a colour for {entry.label}", field=f"{entry.status.value}_colour"
            )
        other = seen.get(entry.label.strip().casefold())
        if other is not None:
            raise EditRefused(
                f"The label {entry.label} is already used for {other.status.meaning}",
                field=f"{entry.status.value}_label",
            )
        seen[entry.label.strip().casefold()] = entry
    if all(entry.status is Status.NOT_RATED for entry in entries):
        raise EditRefused("Select at least one status the plan uses")


def actions_holding(plan: Plan, statuses: set[Status]) -> dict[Status, list[Action]]:
    """The plan's live actions whose latest update has one of `statuses`, by status."""
    latest = ActionUpdate.objects.filter(action=OuterRef("pk")).order_by("-made_on", "-id")
    actions = (
        Action.objects.filter(
            domain__plan=plan, archived_at__isnull=True, domain__archived_at__isnull=True
        )
        .annotate(latest_status=Subquery(latest.values("status")[:1]))
        .filter(latest_status__in=[status.value for status in statuses])
        .select_related("domain")
        .order_by("domain__position", "number")
    )
    found: dict[Status, list[Action]] = {}
    for action in actions:
        found.setdefault(Status(action.latest_status), []).append(action)
    return found


@transaction.atomic
def plan_key_set(*, plan: Plan, entries: Sequence[KeyEntry], by: User | None) -> StatusKey:
    """Replace the plan's key with `entries` (the meanings it uses, in order).

    Refused on an archived plan, for a duplicate or missing label, and for dropping a
    meaning that a live action's latest update still has (the refusal names them).
    """
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    _refuse_if_archived(locked)
    cleaned = [
        KeyEntry(entry.status, entry.label.strip(), entry.colour, entry.description.strip())
        for entry in entries
    ]
    _check(cleaned)
    before = list(RagKeyEntry.objects.filter(plan=locked).order_by("position", "id"))
    dropped = {Status(row.status) for row in before} - {entry.status for entry in cleaned}
    dropped.discard(Status.NOT_RATED)  # always available, whatever the key says
    held = actions_holding(locked, dropped)
    if held:
        status, actions = next(iter(held.items()))
        numbers = ", ".join(str(action) for action in actions[:10])
        more = f" and {len(actions) - 10} more" if len(actions) > 10 else ""
        label = next(row.label for row in before if row.status == status.value)
        raise EditRefused(
            f"{label} is the latest status of {numbers}{more}: "
            "give those actions another status before the key drops it",
            field=f"{status.value}_used",
        )
    RagKeyEntry.objects.filter(plan=locked).delete()
    RagKeyEntry.objects.bulk_create(key_entries(locked, StatusKey(tuple(cleaned))))
    plan_changed(locked)
    audit_record(
        actor=by,
        verb=Verb.CHANGE,
        obj=locked,
        plan=locked,
        summary=f"Changed the status key of '{locked.title}'",
        before={"key": _key_values([row.as_entry() for row in before])},
        after={"key": _key_values(cleaned)},
    )
    plan.__dict__.pop("status_key", None)
    return StatusKey(tuple(cleaned))
