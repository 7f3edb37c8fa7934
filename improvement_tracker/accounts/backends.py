"""Django's password sign-in, reading each request's person with their membership.

Every page asks which organisation the person belongs to (the permission checks and the
navigation), so the membership comes in the same query as the user, not one more. Every
request makes this read, so it is written in SQL (core/rows.py).
"""

from typing import Any

from django.contrib.auth import backends
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.utils import timezone

from improvement_tracker.accounts.models import Membership
from improvement_tracker.accounts.one_time_passwords import one_time_password_expired
from improvement_tracker.core.rows import Selected, fetch_one, link


def user_with_membership(user_id: Any) -> User | None:
    try:
        pk = User._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    user, membership = Selected(User, "u"), Selected(Membership, "m")
    sql = (
        f"SELECT {user.columns}, {membership.columns} FROM {user.table}"  # noqa: S608 - names from the models
        f" LEFT JOIN {membership.table} ON {membership.col('user')} = {user.col('id')}"
        f" WHERE {user.col('id')} = %s"
    )
    found = fetch_one(sql, [pk], user, membership)
    if found is None:
        return None
    person, their_membership = found
    assert isinstance(person, User)  # noqa: S101 - narrows the type: the row is this user's
    assert their_membership is None or isinstance(their_membership, Membership)  # noqa: S101
    link(person, "membership", their_membership)
    if their_membership is not None:
        link(their_membership, "user", person)
    return person


class ModelBackend(backends.ModelBackend):
    """A one-time password past its time no longer signs in, nor keeps a session signed in
    (ADR 0030): the sign-in page then says only what it says of any wrong password."""

    def user_can_authenticate(self, user: User | AnonymousUser | None) -> bool:
        return super().user_can_authenticate(user) and not (
            user is not None and one_time_password_expired(user, now=timezone.now())
        )

    def get_user(self, user_id: Any) -> User | None:
        user = user_with_membership(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
