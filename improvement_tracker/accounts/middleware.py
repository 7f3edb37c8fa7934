"""Sessions end after 30 idle minutes without a database write on every request; a person
who signed in with a one-time password chooses their own first, and a person who must set
up two-factor sign-in does that next.

Django can keep a session alive by saving it on every request
(SESSION_SAVE_EVERY_REQUEST), but that is a write, and on SQLite a lock, for every page
anyone reads. Instead a signed-in session is saved again, which moves its expiry 30
minutes on, only when a minute has passed since it was last saved. A person who stops
is therefore signed out between 29 and 30 minutes after their last request: never later
than the setting says.
"""

import time

from django.contrib.auth import BACKEND_SESSION_KEY
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from improvement_tracker.accounts.one_time_passwords import must_choose_password
from improvement_tracker.core.middleware import Handler

REFRESH_SECONDS = 60
REFRESHED_AT = "_refreshed_at"


def now() -> int:
    """The clock, one place for tests to move."""
    return int(time.time())


def session_refresh(get_response: Handler) -> Handler:
    """Goes after SessionMiddleware, so the session it marks is saved on the way out."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        session = request.session
        if not session.is_empty():
            moment = now()
            if moment - session.get(REFRESHED_AT, 0) >= REFRESH_SECONDS:
                session[REFRESHED_AT] = moment
        return response

    return middleware


SINGLE_SIGN_ON = "improvement_tracker.accounts.oidc.OrganisationOIDCBackend"


def password_change_first(get_response: Handler) -> Handler:
    """Someone signed in with a one-time password chooses their own before anything else.

    The mark is read with the person (Membership, accounts/one_time_passwords.py), so this
    costs no query; choosing a password clears it. Signing out stays open, as /healthz and
    static files do (they are answered before this). Someone signed in through single
    sign-on proved who they are to their identity provider and is not asked (ADR 0030).
    """
    allowed: set[str] = set()

    def middleware(request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and must_choose_password(user)
            and request.session.get(BACKEND_SESSION_KEY) != SINGLE_SIGN_ON
        ):
            if not allowed:
                allowed.update({reverse("password_change"), reverse("logout")})
            if request.path not in allowed:
                return redirect("password_change")
        return get_response(request)

    return middleware


SETUP_FIRST = "two_factor_setup_first"


def two_factor_setup_first(get_response: Handler) -> Handler:
    """Someone who must use two-factor sign-in and has none sets it up before anything else.

    The sign-in page marks the session (SETUP_FIRST) when the setting requires it of the
    person and they have no app yet; setting one up clears the mark. Only the session is
    read here, so other requests cost nothing more. The page to choose a password stays
    open, so that someone with a one-time password chooses their own first.
    """
    allowed: set[str] = set()

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.session.get(SETUP_FIRST):
            if not allowed:
                allowed.update(
                    {reverse("two_factor_setup"), reverse("password_change"), reverse("logout")}
                )
            if request.path not in allowed:
                return redirect("two_factor_setup")
        return get_response(request)

    return middleware
