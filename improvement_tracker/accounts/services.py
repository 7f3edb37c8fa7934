"""Changes to who may do what: roles on plans, leads' people, organisation members.

Each runs in one transaction and records an audit event with before and after.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from improvement_tracker.accounts.models import Membership, Organisation, PlanRole, Role
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


@transaction.atomic
def organisation_person_add(
    *,
    organisation: Organisation,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    is_admin: bool,
    by: User | None,
) -> User:
    """A new account in the organisation, with no password until they set one by email."""
    user = User.objects.create_user(
        username=username, email=email, first_name=first_name, last_name=last_name
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    Membership.objects.create(user=user, organisation=organisation, is_admin=is_admin)
    audit_record(
        actor=by,
        verb=Verb.CREATE,
        obj=user,
        summary=f"Added {username} to {organisation.name}"
        + (" as an organisation administrator" if is_admin else ""),
        after={"username": username, "email": email, "is_admin": is_admin},
    )
    return user


@transaction.atomic
def person_one_time_password(*, user: User, by: User | None) -> str:
    """Give a person of an organisation a fresh random password, to be passed on once; it
    is returned, never stored or recorded (only its hash). Whoever signs in with it must
    choose their own first, and after ONE_TIME_PASSWORD_DAYS it no longer signs in (ADR 0030).
    A password given before, one-time or their own, stops working."""
    membership = Membership.objects.select_for_update().get(user=user)
    password = secrets.token_urlsafe(16)
    user.set_password(password)
    user.save(update_fields=["password"])
    earlier = membership.one_time_password_expires
    expires = timezone.now() + timedelta(days=settings.ONE_TIME_PASSWORD_DAYS)
    membership.one_time_password_expires = expires
    membership.save(update_fields=["one_time_password_expires"])
    audit_record(
        actor=by,
        verb=Verb.PASSWORD,
        obj=user,
        summary=f"{user.get_username()} was given a one-time password, "
        f"valid until {expires:%d %B %Y %H:%M} UTC or until they choose their own",
        before={"one_time_password_expires": earlier.isoformat() if earlier else None},
        after={"one_time_password_expires": expires.isoformat()},
    )
    return password
