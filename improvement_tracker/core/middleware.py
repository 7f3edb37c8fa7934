"""/healthz for load balancers: 200 while the database answers, 503 when it does not.
And `no_store`: nothing the application answers is kept by a browser or a proxy.

The health check runs before every other middleware, so a probe needs no allowed host
name, is not redirected to HTTPS, never needs a session or sign-in, and writes nothing.
"""

import logging
from collections.abc import Callable

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

# What a middleware is given (the rest of the chain) and what it returns (itself).
Handler = Callable[[HttpRequest], HttpResponse]

HEALTH_PATHS = frozenset({"/healthz", "/healthz/"})


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            row: tuple[object, ...] | None = cursor.fetchone()
            return row == (1,)
    except DatabaseError:
        logger.warning("Health check: the database did not answer", exc_info=True)
        return False


def health_check(get_response: Handler) -> Handler:
    def middleware(request: HttpRequest) -> HttpResponse:
        if request.path_info not in HEALTH_PATHS:
            return get_response(request)
        if database_answers():
            response = HttpResponse("ok\n", content_type="text/plain")
        else:
            response = HttpResponse("database unavailable\n", content_type="text/plain", status=503)
        response["Cache-Control"] = "no-store"
        return response

    return middleware


def no_store(get_response: Handler) -> Handler:
    """Every response the application makes says `Cache-Control: no-store` (ADR 0026).

    Pages, exported files, redirects and error pages show a plan or a person's rights to
    whoever is signed in, and the sign-in, password reset and two-factor pages carry a
    CSRF token: none may be kept by a shared proxy, or by a browser for the next person
    at the same computer (the back button after signing out). No page uses conditional
    requests (ETag, Last-Modified), so nothing needs `private, no-cache` instead.
    It stands after WhiteNoise in MIDDLEWARE, so static files, which WhiteNoise answers
    with long-lived caching under hashed names, never reach it; nor does /healthz.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response["Cache-Control"] = "no-store"
        return response

    return middleware
