"""The OpenAPI description's finishing: every operation says the problems it may answer,
as `application/problem+json` with their schema (ADR 0061), so that a client and
schemathesis know every status code and body the API can send."""

from typing import Any

from improvement_tracker.api.problems import PROBLEM_JSON, TITLES

EVERY_OPERATION = (401, 403, 404, 422, 429)


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
            "items": {
                "type": "object",
                "properties": {
                    "loc": {"type": "array", "items": {"type": ["string", "integer"]}},
                    "msg": {"type": "string"},
                },
                "required": ["loc", "msg"],
            },
        },
    },
    "required": ["type", "title", "status", "detail", "errors"],
}
