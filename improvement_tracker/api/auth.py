"""Who is calling the API: a personal token sent as `Authorization: Bearer …`, or the
browser's own session (same origin, with Django's CSRF check on every change).

Either way the person is then `request.user`, so every rule below is the pages' own
(`plans/permissions.py`). A token that is unknown, revoked or expired, or whose person
may no longer sign in, is refused as if none was sent (401). A live token of someone the
pages would first send to choose their own password, or to set up the two-factor sign-in
they must use, is refused (403) until they have: a token is no way round either.
"""

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja.errors import AuthorizationError
from ninja.security import HttpBearer, SessionAuth

from improvement_tracker.accounts.one_time_passwords import must_choose_password
from improvement_tracker.accounts.two_factor import has_two_factor, requires_two_factor
from improvement_tracker.api.models import ApiToken
from improvement_tracker.api.selectors import live_token
from improvement_tracker.api.services import api_token_used


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = live_token(secret=token)
        if found is None:
            return None
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        _refuse_until_signed_in_fully(found.user)
        api_token_used(token=found)
        return found


def _refuse_until_signed_in_fully(user: User) -> None:
    """What the pages' middleware asks first (accounts/middleware.py), asked of a token."""
    if must_choose_password(user):
        raise AuthorizationError(
            message="Sign in to the website and choose your own password first: this token "
            "works once you have."
        )
    if requires_two_factor(user) and not has_two_factor(user):
        raise AuthorizationError(
            message="Sign in to the website and set up two-factor sign-in first, as your "
            "role requires: this token works once you have."
        )


class Session(SessionAuth):
    """The signed-in browser's session; CSRF is checked for every unsafe method.

    A request that sends a bearer token is judged by it alone: a refused token is not
    rescued by a session cookie sent beside it."""

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:
        # No session to check CSRF for: the answer is 401 (sign in), not a CSRF failure.
        if "HTTP_AUTHORIZATION" in request.META or not request.user.is_authenticated:
            return None
        return super()._get_key(request)  # with the CSRF check on unsafe methods

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if key is None:
            return None
        user = request.user
        if isinstance(user, User) and user.is_active:
            return user
        return None


def token_of(request: HttpRequest) -> ApiToken | None:
    """The token this request came with; None for the browser's session."""
    return getattr(request, "api_token", None)


def require_write(request: HttpRequest) -> None:
    """Refuse a change asked for with a read-only token (403)."""
    token = token_of(request)
    if token is not None and not token.may_write:
        raise AuthorizationError(message="This token may only read. Make a read and write token.")
