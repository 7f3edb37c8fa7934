"""Who holds which role on a plan, and the leads a person acts for.

Each runs in one transaction and records an audit event with before and after.
"""

from django.contrib.auth.models import User
from django.db import transaction

from improvement_tracker.accounts.models import PlanRole, Role
from improvement_tracker.audit.models import Verb
from improvement_tracker.audit.services import audit_record
from improvement_tracker.plans.models import Lead, Plan


@transaction.atomic
def plan_role_set(*, plan: Plan, user: User, role: Role, by: User | None) -> PlanRole:
    existing = PlanRole.objects.select_for_update().filter(plan=plan, user=user).first()
    before = {"user": user.get_username(), "role": existing.role} if existing else None
    if existing is None:
        existing = PlanRole.objects.create(plan=plan, user=user, role=role)
    else:
        existing.role = role
        existing.save(update_fields=["role", "updated_at"])
    audit_record(
        actor=by,
        verb=Verb.ROLE,
        obj=existing,
        plan=plan,
        summary=f"{user.get_username()} is now {Role(role).label} of '{plan.title}'",
        before=before,
        after={"user": user.get_username(), "role": role},
    )
    return existing


@transaction.atomic
def plan_role_remove(*, plan: Plan, user: User, by: User | None) -> None:
    existing = PlanRole.objects.select_for_update().filter(plan=plan, user=user).first()
    if existing is None:
        return
    audit_record(
        actor=by,
        verb=Verb.ROLE,
        obj=existing,
        plan=plan,
        summary=f"{user.get_username()} no longer has a role on '{plan.title}'",
        before={"user": user.get_username(), "role": existing.role},
        after=None,
    )
    existing.delete()


@transaction.atomic
def lead_people_set(*, plan: Plan, user: User, leads: list[Lead], by: User | None) -> None:
    """Link a person to the leads they act for, among the plan organisation's leads."""
    register = Lead.objects.filter(organisation=plan.organisation)
    before = sorted(register.filter(people=user).values_list("name", flat=True))
    for lead in register.filter(people=user):
        lead.people.remove(user)
    for lead in leads:
        lead.people.add(user)
    after = sorted(lead.name for lead in leads)
    audit_record(
        actor=by,
        verb=Verb.ROLE,
        obj=user,
        plan=plan,
        summary=f"{user.get_username()} leads: {', '.join(after) or 'none'}",
        before={"leads": before},
        after={"leads": after},
    )
