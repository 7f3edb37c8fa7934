"""The JSON API, version 1, at /api/v1/ (ADR 0061): one django-ninja `NinjaAPI` whose
routers are the API's parts, with every error answered as problem details.

Every operation needs a person (`auth.py`: a token or the session), is throttled per
token (or, for the session, per person), and answers 401, 403, 404, 422 and 429 as
`application/problem+json`, which the OpenAPI description says for each (`openapi.py`).
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.throttling import SimpleRateThrottle

from improvement_tracker.api.access import refusal_audited
from improvement_tracker.api.auth import BearerToken, Session, token_of
from improvement_tracker.api.openapi import described
from improvement_tracker.api.problems import problem


class PerToken(SimpleRateThrottle):
    """`API_THROTTLE_RATE` requests per token (per person for the session), read from
    settings at each request, counted in this process's cache: with several workers each
    counts its own share (docs/architecture.md)."""

    def __init__(self) -> None:
        super().__init__(rate=settings.API_THROTTLE_RATE)

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = settings.API_THROTTLE_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str:
        token = token_of(request)
        who = f"token:{token.pk}" if token is not None else f"person:{request.user.pk}"
        return f"api-throttle:{who}"


class TrackerApi(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        return described(super().get_openapi_schema(*args, **kwargs))

    def get_openapi_operation_id(self, operation: Any) -> str:
        """The endpoint's function name (each is unique in the API): what generated
        clients and the reference page call it."""
        return str(operation.view_func.__name__)


api = TrackerApi(
    title="Improvement Tracker API",
    version="1",
    description=(
        "Plans, their actions and tables as at any date, progress updates and imports, "
        "under the same rules as the pages. Send a personal API token as "
        "`Authorization: Bearer …` (made on the 'API tokens' page), or use the signed-in "
        "browser's session with its CSRF token. Errors are RFC 9457 problem details."
    ),
    urls_namespace="api",
    auth=[BearerToken(), Session()],
    throttle=[PerToken()],
    docs_url=None,  # the reference page is our own, without JavaScript (api/reference_views.py)
    openapi_url="/openapi.json",
)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    errors = [
        {"loc": [str(part) for part in e.get("loc", ())], "msg": str(e.get("msg", ""))}
        for e in error.errors
    ]
    words = "; ".join(f"{'.'.join(e['loc'][1:]) or e['loc'][0]}: {e['msg']}" for e in errors)
    return problem(422, f"The request could not be read. {words}", errors=errors)


@api.exception_handler(AuthenticationError)
def not_signed_in(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    detail = (
        "Send a live personal API token as 'Authorization: Bearer <token>'. The token "
        "sent is unknown, revoked or expired."
        if "HTTP_AUTHORIZATION" in request.META
        else "Send a personal API token as 'Authorization: Bearer <token>', or sign in."
    )
    return problem(401, detail, headers={"WWW-Authenticate": 'Bearer realm="api"'})


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, error: Throttled) -> HttpResponse:
    wait = max(1, round(error.wait or 1))
    return problem(
        429,
        f"Too many requests with this token: try again in {wait} seconds.",
        headers={"Retry-After": str(wait)},
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    # Every refusal is audited, whoever raised it (a read-only token's change, a failed
    # CSRF check, an import that is not the person's), as the pages' decorators do.
    if error.status_code == 403:
        refusal_audited(request, PermissionDenied(str(error.message)))
    elif error.status_code == 404:
        refusal_audited(request, Http404(str(error.message)))
    detail = str(error.message)
    if detail == NINJA_CSRF_FAILURE:
        detail = (
            "CSRF check failed: a change made with the signed-in session must send the "
            "page's CSRF token in the X-CSRFToken header (or send a token instead)."
        )
    return problem(error.status_code, detail)


NINJA_CSRF_FAILURE = "CSRF check Failed"  # django-ninja's words (ninja/security/apikey.py)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    refusal_audited(request, error)
    return problem(404, str(error) or "Not found.")


@api.exception_handler(PermissionDenied)
def not_allowed(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    refusal_audited(request, error)
    return problem(403, str(error) or "You may not do this.")


# The parts, each a router in its own module (imported here so that the API is whole
# wherever it is imported from).
from improvement_tracker.api import imports, me, read, write  # noqa: E402

api.add_router("", me.router)
api.add_router("", read.router)
api.add_router("", write.router)
api.add_router("", imports.router)
