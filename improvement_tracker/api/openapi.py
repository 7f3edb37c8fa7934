"""The OpenAPI description's finishing: every operation says the problems it may answer,
as `application/problem+json` with their schema (ADR 0061), so that a client and
schemathesis know every status code and body the API can send; and the description says
where the API is, how to sign in to it and what each group of operations is for.

The description names no data (no plan, person or number), so it is served to anyone:
a client needs it before it has a token (docs/architecture.md, "Rules the code keeps").
"""

from typing import Any

from django.conf import settings

from improvement_tracker.api.problems import PROBLEM_JSON, TITLES

EVERY_OPERATION = (401, 403, 404, 422, 429)


# What each tag's operations are for: every tag an operation uses needs a line here
# (tests/api/test_openapi.py), since the reference page and generated clients show them.
TAGS = {
    "You": "Who is calling, and what the request may do: the first call to check a token.",
    "Read": "Plans, their actions, tables and flags as at any date with the tracker's "
    "filters; the flat rows Power BI and Excel read; an action's history, audit histories, "
    "the export files and suggested statuses.",
    "Updates": "Changes to a plan, each through the service its page uses and audited as "
    "it is: progress updates (with the version check that refuses a stale copy, 409) and "
    "suggested statuses accepted.",
    "Imports": "A tracker file sent, previewed, then confirmed as a new plan or cancelled, "
    "checked by the same limits and importers as the upload page.",
}

# Path parameters many operations share, described once: an operation's own description
# of one, if it gives it, is kept.
PATH_PARAMETERS = {
    "slug": "The plan's address name, as in its page's address and in `GET /api/v1/plans`.",
    "action_id": "The action's id (`id` or `action_id` in a plan's answers); an action of "
    "another plan is 404.",
    "file_format": "The file to export: csv, xlsx, docx or pdf.",
    "import_id": "The import's `id`, as sending the file answered; only its sender's.",
}

# How a client proves who it is; the names are django-ninja's for `api/auth.py`'s classes.
SECURITY = {
    "BearerToken": (
        "A personal API token, made on the 'API tokens' page of your account, sent as "
        "`Authorization: Bearer itk_…`. It acts with your own access, on every plan you may "
        "see; a read-only token may not change anything."
    ),
    "Session": (
        "The signed-in browser's session cookie, for pages of this site calling the API. "
        "Every unsafe method (POST, PUT, PATCH, DELETE) needs Django's CSRF token in the "
        "`X-CSRFToken` header."
    ),
}


def described(schema: dict[str, Any]) -> dict[str, Any]:
    """The whole finishing: problems everywhere, then where, how to sign in, and tags."""
    schema = problem_responses_everywhere(schema)
    schema["servers"] = [
        {"url": settings.SITE_URL, "description": "This Improvement Tracker (SITE_URL)."}
    ]
    schemes = schema.setdefault("components", {}).setdefault("securitySchemes", {})
    for name, words in SECURITY.items():
        if name in schemes:
            schemes[name]["description"] = words
    used: list[str] = []
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            used += [tag for tag in operation.get("tags", []) if tag not in used]
    schema["tags"] = [{"name": tag, "description": TAGS.get(tag, "")} for tag in used]
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                shared = PATH_PARAMETERS.get(parameter["name"])
                if parameter["in"] == "path" and shared and not parameter.get("description"):
                    parameter["description"] = shared
    return schema


def problem_responses_everywhere(schema: dict[str, Any]) -> dict[str, Any]:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Problem", _PROBLEM)
    components.setdefault("InvalidProblem", _INVALID)
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            for status in EVERY_OPERATION:
                responses.setdefault(str(status), {"description": TITLES[status]})
            for status, response in responses.items():
                if int(status) >= 400:
                    name = "InvalidProblem" if int(status) == 422 else "Problem"
                    content = response.get("content", {})
                    found = content.get("application/json") or content.get(PROBLEM_JSON)
                    body = found["schema"] if found else {"$ref": f"#/components/schemas/{name}"}
                    response["content"] = {PROBLEM_JSON: {"schema": body}}
    return schema


_PROBLEM = {
    "title": "Problem",
    "description": "An error, as RFC 9457 problem details.",
    "type": "object",
    "properties": {
        "type": {"type": "string", "description": "Always about:blank."},
        "title": {"type": "string", "description": "The kind of problem."},
        "status": {"type": "integer", "description": "The HTTP status code."},
        "detail": {"type": "string", "description": "What was wrong, in words to act on."},
    },
    "required": ["type", "title", "status", "detail"],
}
_INVALID = {
    **_PROBLEM,
    "title": "InvalidProblem",
    "properties": {
        **_PROBLEM["properties"],  # type: ignore[dict-item]
        "errors": {
            "type": "array",
            "description": "Each invalid value, with where it was.",
            "items": {
                "type": "object",
                "properties": {
                    "loc": {
                        "type": "array",
                        "items": {"type": ["string", "integer"]},
                        "description": "Where the invalid value was: its place and name.",
                    },
                    "msg": {"type": "string", "description": "What was wrong with it."},
                },
                "required": ["loc", "msg"],
            },
        },
    },
    "required": ["type", "title", "status", "detail", "errors"],
}
