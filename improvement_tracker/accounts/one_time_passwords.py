"""One-time passwords (`manage.py add_person`): whoever signs in with one chooses their own
before anything else, and one left unused stops signing in (ADR 0030).

The mark is on the person's Membership, which every request reads with the person
(backends.py), so checking it costs no query.
"""

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


def one_time_password_expires(user: AbstractBaseUser | AnonymousUser) -> datetime | None:
    """When the person's one-time password stops working; None when they hold none."""
    membership = getattr(user, "membership", None)  # none: a superuser outside any organisation
    return membership.one_time_password_expires if membership is not None else None


def must_choose_password(user: AbstractBaseUser | AnonymousUser) -> bool:
    return one_time_password_expires(user) is not None


def one_time_password_expired(user: AbstractBaseUser | AnonymousUser, *, now: datetime) -> bool:
    expires = one_time_password_expires(user)
    return expires is not None and expires <= now
