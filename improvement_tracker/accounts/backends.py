"""Django's password sign-in, reading each request's person with their membership.

Every page asks which organisation the person belongs to (the permission checks and the
navigation), so the membership comes in the same query as the user, not one more.
"""

from typing import Any

from django.contrib.auth import backends
from django.contrib.auth.models import User


def user_with_membership(user_id: Any) -> User | None:
    try:
        return User._default_manager.select_related("membership").get(pk=user_id)
    except User.DoesNotExist:
        return None


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        user = user_with_membership(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
