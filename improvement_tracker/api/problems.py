"""Errors as RFC 9457 problem details (`application/problem+json`), every one alike.

A problem has a `title` that does not change for its kind, a `status`, and a `detail`
saying what was wrong with this request in words a person can act on; a request's
invalid fields are listed in `errors`, each with where it was and what was wrong.
"""

import json
from typing import Any

from django.http import HttpResponse

PROBLEM_JSON = "application/problem+json"

TITLES = {
    400: "Bad request",
    401: "Not signed in",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Too large",
    422: "Invalid request",
    429: "Too many requests",
}


def problem(
    status: int,
    detail: str,
    *,
    title: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> HttpResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title or TITLES.get(status, "Error")}
    body |= {"status": status, "detail": detail, **extra}
    return HttpResponse(
        json.dumps(body, default=str), status=status, content_type=PROBLEM_JSON, headers=headers
    )
