"""A domain's objectives (ADR 0041): adding, changing and archiving them, and the rule that
an action's objective is one of its own domain's."""

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max

from improvement_tracker.audit.models import Verb
from improvement_tracker.audit.services import audit_record
from improvement_tracker.plans.models import Domain, Objective
from improvement_tracker.plans.numbering import reference_problem
from improvement_tracker.plans.services.archiving import _archived
from improvement_tracker.plans.services.freshness import plan_changed
from improvement_tracker.plans.services.rules import EditRefused, _refuse_if_archived


def _objective_values(objective: Objective) -> dict[str, object]:
    return {
        "domain": objective.domain.label,
        "number": objective.number,
        "text": objective.text,
        "lead_text": objective.lead_text,
    }


def _reference(number: str, *, field: str = "Objective reference") -> str:
    """A reference is optional; one that is given must be one a URL and an export carry."""
    number = number.strip()
    if number:
        problem = reference_problem(number, field=field)
        if problem:
            raise EditRefused(problem, field="number")
    return number


def _text(text: str) -> str:
    if not text.strip():
        raise EditRefused("Enter the objective", field="text")
    return text


def check_objective(domain: Domain, objective: Objective | None) -> Objective | None:
    """The objective as it is now, if it is a live one of the action's own domain: a form
    posted for another domain, or another plan, changes nothing."""
    if objective is None:
        return None
    objective = Objective.objects.select_for_update().get(pk=objective.pk)
    if objective.domain_id != domain.pk:
        raise EditRefused(f"Select an objective of {domain.label}", field="objective")
    if objective.archived_at is not None:
        raise EditRefused(f"{objective} is archived: select another objective", field="objective")
    return objective


def _locked(objective: Objective) -> Objective:
    found = Objective.objects.select_for_update().select_related("domain__plan")
    locked = found.get(pk=objective.pk)
    _refuse_if_archived(locked.domain.plan, locked.domain)
    if locked.archived_at is not None:
        raise EditRefused(f"{locked} is archived and cannot be changed.")
    return locked


@transaction.atomic
def objective_add(
    *, domain: Domain, number: str, text: str, lead_text: str, by: User | None
) -> Objective:
    """Add an objective to a domain, after its last one; no action serves it yet."""
    locked = Domain.objects.select_for_update().select_related("plan").get(pk=domain.pk)
    _refuse_if_archived(locked.plan, locked)
    last = Objective.objects.filter(domain=locked).aggregate(last=Max("position"))["last"] or 0
    objective = Objective(domain=locked, text=_text(text), lead_text=lead_text, position=last + 1)
    objective.set_number(_reference(number))
    objective.save()
    plan_changed(locked.plan)
    audit_record(
        actor=by,
        verb=Verb.CREATE,
        obj=objective,
        plan=locked.plan,
        summary=f"Added {locked.label}, {objective}",
        after=_objective_values(objective),
    )
    return objective


@transaction.atomic
def objective_edit(
    *, objective: Objective, number: str, text: str, lead_text: str, by: User | None
) -> Objective:
    """Change an objective's reference, text and lead; its actions stay with it."""
    locked = _locked(objective)
    before = _objective_values(locked)
    locked.set_number(_reference(number))
    locked.text, locked.lead_text = _text(text), lead_text
    locked.save(update_fields=["number", "number_order", "text", "lead_text"])
    after = _objective_values(locked)
    changed = [key for key in after if after[key] != before[key]]
    plan_changed(locked.domain.plan)
    audit_record(
        actor=by,
        verb=Verb.CHANGE,
        obj=locked,
        plan=locked.domain.plan,
        summary=f"Changed {locked.domain.label}, {locked}: " + (", ".join(changed) or "nothing"),
        before=before,
        after=after,
    )
    return locked


@transaction.atomic
def objective_archive(*, objective: Objective, by: User | None) -> Objective:
    """Archive an objective: it leaves the tracker and the exports, and its actions are shown
    without one; it stays their objective in the record."""
    locked = _locked(objective)
    summary = f"Archived {locked.domain.label}, {locked}"
    _archived(locked, plan=locked.domain.plan, by=by, summary=summary)
    return locked
