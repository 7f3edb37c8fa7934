"""Sessions end after 30 idle minutes without a database write on every request.

Django can keep a session alive by saving it on every request
(SESSION_SAVE_EVERY_REQUEST), but that is a write, and on SQLite a lock, for every page
anyone reads. Instead a signed-in session is saved again, which moves its expiry 30
minutes on, only when a minute has passed since it was last saved. A person who stops
is therefore signed out between 29 and 30 minutes after their last request: never later
than the setting says.
"""

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

REFRESH_SECONDS = 60
REFRESHED_AT = "_refreshed_at"


def now() -> int:
    """The clock, one place for tests to move."""
    return int(time.time())


def session_refresh(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
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
