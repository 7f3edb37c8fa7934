"""Password changes: by the person, by an administrator in the admin site, by a reset link.

Each is audited (Verb.PASSWORD, Verb.PASSWORD_RESET) in the transaction that saves it,
and each ends a one-time password's hold: the person has a password of their own now
(ADR 0030).
"""

from axes.models import AccessAttempt
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import User
from django.db import transaction

from improvement_tracker.accounts.models import Membership
from improvement_tracker.audit.models import Verb
from improvement_tracker.audit.services import audit_record


def _one_time_password_done(user: User) -> bool:
    """The person no longer holds a one-time password; whether they did."""
    return bool(
        Membership.objects.filter(user=user)
        .exclude(one_time_password_expires=None)
        .update(one_time_password_expires=None)
    )


def record_password_change(*, user: User, by: User, ip_address: str | None, how: str) -> None:
    """Audit a password already saved (the admin site saves it itself)."""
    if _one_time_password_done(user):
        how += ", in place of a one-time password"
    own = by.pk == user.pk
    audit_record(
        actor=by,
        verb=Verb.PASSWORD,
        obj=user,
        summary=f"{user.get_username()} changed their password{how}"
        if own
        else f"{by.get_username()} set a new password for {user.get_username()}{how}",
        ip_address=ip_address,
    )


@transaction.atomic
def password_change(*, user: User, password: str, by: User, ip_address: str | None) -> None:
    user.set_password(password)
    user.save(update_fields=["password"])
    record_password_change(user=user, by=by, ip_address=ip_address, how="")


@transaction.atomic
# Quoted: SetPasswordForm is generic in django-stubs only, not at run time.
def password_reset_complete(*, form: "SetPasswordForm[User]", ip_address: str | None) -> User:
    """Save the password chosen through a reset link. Whoever holds the email has proved
    they are the person, so failed sign-ins against the account no longer lock it."""
    user: User = form.save()
    AccessAttempt.objects.filter(username=user.get_username()).delete()
    _one_time_password_done(user)
    audit_record(
        actor=user,
        verb=Verb.PASSWORD_RESET,
        obj=user,
        summary=f"{user.get_username()} chose a new password through a reset link",
        ip_address=ip_address,
    )
    return user
