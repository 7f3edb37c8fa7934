"""Changes to an organisation's people: adding a person, a one-time password.

Each runs in one transaction and records an audit event with before and after. Roles on
plans are `plans/services/roles.py`.
"""

import secrets

from django.contrib.auth.models import User
from django.db import transaction

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
    """Give the person a fresh random password, to be passed on once; it is returned,
    never stored or recorded (only its hash)."""
    password = secrets.token_urlsafe(16)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(
        actor=by,
        verb=Verb.PASSWORD,
        obj=user,
        summary=f"{user.get_username()} was given a one-time password",
    )
    return password
