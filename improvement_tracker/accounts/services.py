"""Changes to an organisation's people: adding a person, a one-time password.

Each runs in one transaction and records an audit event with before and after. Roles on
plans are `plans/services/roles.py`.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from improvement_tracker.accounts.models import Membership, Organisation
from improvement_tracker.audit.models import Verb
from improvement_tracker.audit.services import audit_record


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
