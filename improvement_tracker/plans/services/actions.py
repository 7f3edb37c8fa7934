"""Adding, changing, moving and renumbering actions."""

import datetime as dt
from collections.abc import Mapping, Sequence
from types import EllipsisType

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from improvement_tracker.audit.models import Verb
from improvement_tracker.audit.services import audit_record
from improvement_tracker.plans.models import (
    Action,
    Domain,
    Lead,
    Objective,
    Plan,
)
from improvement_tracker.plans.numbering import clean_reference, natural_key, reference_problem
from improvement_tracker.plans.services.extra_fields import extra_values_of, set_extra_values
from improvement_tracker.plans.services.freshness import plan_changed
from improvement_tracker.plans.services.objectives import check_objective
from improvement_tracker.plans.services.rules import (
    EditRefused,
    StaleNumbers,
    _locked_action,
    _refuse_if_archived,
    _saved,
)
from improvement_tracker.plans.timescales import Kind, parse_timescale


def _action_values(action: Action) -> dict[str, object]:
    """What an action says, for the audit trail's before and after."""
    return {
        "domain": action.domain.label,
        "number": action.number,
        "text": action.text,
        "lead_text": action.lead_text,
        "leads": sorted(lead.name for lead in action.leads.all()),
        "timescale_text": action.timescale_text,
        "timescale_kind": action.timescale_kind,
        "timescale_date": action.timescale_date.isoformat() if action.timescale_date else None,
        "high_priority": action.high_priority,
        "extra": extra_values_of(action),
        "objective": str(action.objective) if action.objective_id else None,
        "version": action.version,
    }


def _read_timescale(text: str) -> tuple[str, dt.date | None]:
    """A person's timescale must be readable: an impossible date is refused, never fixed."""
    reading = parse_timescale(text)
    if reading.kind in (Kind.INVALID_DATE, Kind.UNRECOGNISED):
        raise EditRefused(reading.problem or "The timescale cannot be read", field="timescale_text")
    return reading.kind, reading.date


def _check_leads(plan: Plan, leads: Sequence[Lead]) -> None:
    for lead in leads:
        if lead.organisation_id != plan.organisation_id or lead.merged_into_id is not None:
            raise EditRefused("Select leads from the list", field="leads")


def _clean_number(number: str, *, field: str = "number") -> str:
    """The reference as written, stripped; refused unless it is one a URL can carry."""
    cleaned = clean_reference(number)
    problem = reference_problem(cleaned)
    if problem:
        raise EditRefused(problem, field=field)
    return cleaned


def _check_number_free(domain: Domain, number: str, *, action: Action | None = None) -> None:
    """Numbers are unique in a domain, exactly as written, archived actions included: they
    keep theirs (docs/decisions/0038)."""
    taken = Action.objects.filter(domain=domain, number=number)
    if action is not None:
        taken = taken.exclude(pk=action.pk)
    holder = taken.first()
    if holder is not None:
        archived = " (archived)" if holder.archived_at else ""
        raise EditRefused(
            f"{domain.label} already has an action {number}{archived}: choose another number",
            field="number",
        )


@transaction.atomic
def action_add(
    *,
    domain: Domain,
    number: str,
    text: str,
    lead_text: str,
    leads: Sequence[Lead],
    timescale_text: str,
    high_priority: bool,
    by: User | None,
    extra: Mapping[int, str] | None = None,
    objective: Objective | None = None,
) -> Action:
    """Add an action to a domain; it is Not rated until someone records an update.

    `extra` gives its values under the plan's extra fields, by the field's id; `objective`
    the one of the domain's objectives it serves (ADR 0041)."""
    locked = Domain.objects.select_for_update().select_related("plan").get(pk=domain.pk)
    _refuse_if_archived(locked.plan, locked)
    number = _clean_number(number)
    objective = check_objective(locked, objective)
    _check_number_free(locked, number)
    _check_leads(locked.plan, leads)
    kind, date = _read_timescale(timescale_text)
    action = Action.objects.create(
        domain=locked,
        number=number,
        number_order=natural_key(number),
        text=text,
        lead_text=lead_text,
        timescale_text=timescale_text,
        timescale_kind=kind,
        timescale_date=date,
        high_priority=high_priority,
        objective=objective,
    )
    action.leads.set(leads)
    set_extra_values(action, extra or {})
    plan_changed(locked.plan)
    audit_record(
        actor=by,
        verb=Verb.CREATE,
        obj=action,
        plan=locked.plan,
        summary=f"Added {locked.label}, action {number}",
        after=_action_values(action),
    )
    return action


@transaction.atomic
def action_edit(
    *,
    action: Action,
    text: str,
    lead_text: str,
    leads: Sequence[Lead],
    timescale_text: str,
    high_priority: bool,
    expected_version: int,
    by: User | None,
    extra: Mapping[int, str] | None = None,
    objective: Objective | EllipsisType | None = ...,
) -> Action:
    """Change what an action says, its leads, timescale, priority and its values under the
    plan's extra fields (`extra`, by the field's id; a field not given keeps its value), and
    its objective (one of its domain's, or None; not given, it keeps its own).

    Refused with StaleAction when the action changed since `expected_version` was read.
    Its status and progress are not here: they are dated updates (ADR 0005).
    """
    locked = _locked_action(action, expected_version)
    plan = locked.domain.plan
    _check_leads(plan, leads)
    kind, date = _read_timescale(timescale_text)
    before = _action_values(locked)
    fields = ["text", "lead_text", "high_priority", "timescale_text"]
    if not isinstance(objective, EllipsisType):
        locked.objective = check_objective(locked.domain, objective)
        fields.append("objective")
    locked.text, locked.lead_text, locked.high_priority = text, lead_text, high_priority
    locked.timescale_text, locked.timescale_kind, locked.timescale_date = (
        timescale_text,
        kind,
        date,
    )
    locked.leads.set(leads)
    set_extra_values(locked, extra or {})
    _saved(locked, action, [*fields, "timescale_kind", "timescale_date"])
    after = _action_values(locked)
    said = [key for key in after if key not in {"version", "extra"}]
    changed = [key for key in said if after[key] != before[key]]
    changed += _changed_extra(before, after)
    plan_changed(plan)
    audit_record(
        actor=by,
        verb=Verb.CHANGE,
        obj=locked,
        plan=plan,
        summary=f"Changed {locked.domain.label}, action {locked.number}: "
        + (", ".join(changed) if changed else "nothing"),
        before=before,
        after=after,
    )
    return locked


def _changed_extra(before: dict[str, object], after: dict[str, object]) -> list[str]:
    """The extra fields whose values changed, by name, for the audit summary."""
    old, new = before["extra"], after["extra"]
    assert isinstance(old, dict) and isinstance(new, dict)  # noqa: S101 - extra_values_of's
    return [name for name in dict.fromkeys([*old, *new]) if old.get(name) != new.get(name)]


@transaction.atomic
def action_move(
    *, action: Action, domain: Domain, number: str, expected_version: int, by: User | None
) -> Action:
    """Move an action to another domain (or number) of its plan; its history goes with it.

    References to it in updates follow it (docs/decisions/0010).
    """
    locked = _locked_action(action, expected_version)
    target = Domain.objects.select_for_update().select_related("plan").get(pk=domain.pk)
    if target.plan_id != locked.domain.plan_id:
        raise EditRefused("Select a domain of this plan", field="domain")
    if target.archived_at is not None:
        raise EditRefused(f"{target.label} is archived: select another domain", field="domain")
    number = _clean_number(number)
    _check_number_free(target, number, action=locked)
    before = _action_values(locked)
    moved = ["domain", "number", "number_order"]
    if target.pk != locked.domain_id and locked.objective_id is not None:
        # An objective is its domain's: an action moved to another leaves it (ADR 0041).
        locked.objective = None
        moved.append("objective")
    locked.domain = target
    locked.set_number(number)
    _saved(locked, action, moved)
    action.domain = target
    action.set_number(number)
    plan_changed(target.plan)
    audit_record(
        actor=by,
        verb=Verb.CHANGE,
        obj=locked,
        plan=target.plan,
        summary=f"Moved {before['domain']}, action {before['number']} "
        f"to {target.label}, action {number}",
        before=before,
        after=_action_values(locked),
    )
    return locked


@transaction.atomic
def domain_renumber(
    *,
    domain: Domain,
    numbers: Mapping[int, str],
    expected_versions: Mapping[int, int | None],
    by: User | None,
) -> list[Action]:
    """Give a domain's actions new numbers, all at once; returns the actions renumbered.

    `numbers` maps every action in use in the domain (by id) to its new reference (text,
    stripped here). They must all differ, and must not be one an archived action keeps. Refused
    with StaleNumbers if any action was added, archived or changed since they were read.
    References in updates follow the actions (docs/decisions/0010); no update changes.
    """
    locked = Domain.objects.select_for_update().select_related("plan").get(pk=domain.pk)
    _refuse_if_archived(locked.plan, locked)
    actions = list(
        Action.objects.select_for_update().filter(domain=locked).order_by("number_order")
    )
    live = {a.pk: a for a in actions if a.archived_at is None}
    if set(live) != set(numbers) or any(
        live[pk].version != expected_versions.get(pk) for pk in live
    ):
        raise StaleNumbers(f"The actions of {locked.label} changed while they were renumbered.")
    numbers = {pk: _clean_number(n, field=f"number_{pk}") for pk, n in numbers.items()}
    if len(set(numbers.values())) != len(numbers):
        raise EditRefused("Give every action a different number")
    kept = {a.number: a for a in actions if a.archived_at is not None}
    for pk, number in numbers.items():
        if number in kept:
            raise EditRefused(
                f"Number {number} is kept by an archived action: choose another number",
                field=f"number_{pk}",
            )
    changed = [live[pk] for pk in live if live[pk].number != numbers[pk]]
    if not changed:
        return []
    before = {str(a.pk): a.number for a in changed}
    # (domain, number) is unique and checked row by row: park the changed actions on
    # references no plan can write ("~" is not allowed), then give them their new ones.
    for action in changed:
        action.number = f"~{action.pk}"
    Action.objects.bulk_update(changed, ["number"])
    now = timezone.now()
    for action in changed:
        action.set_number(numbers[action.pk])
        action.version, action.updated_at = action.version + 1, now
    Action.objects.bulk_update(changed, ["number", "number_order", "version", "updated_at"])
    plan_changed(locked.plan)
    audit_record(
        actor=by,
        verb=Verb.CHANGE,
        obj=locked,
        plan=locked.plan,
        summary=f"Renumbered {len(changed)} action{'s' if len(changed) != 1 else ''} of "
        f"{locked.label}: " + ", ".join(f"{before[str(a.pk)]} → {a.number}" for a in changed),
        before={"numbers": before},
        after={"numbers": {str(a.pk): a.number for a in changed}},
    )
    return changed
