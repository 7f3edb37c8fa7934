"""Django's password sign-in, reading each request's person with their membership
(hotpath/people.py: one query, not two)."""

from typing import Any

from django.contrib.auth import backends
from django.contrib.auth.models import AnonymousUser, User
from django.utils import timezone

from improvement_tracker.accounts.one_time_passwords import one_time_password_expired
from improvement_tracker.hotpath.people import user_with_membership


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
