"""The API's reference, read from its OpenAPI description: plain values for the reference
page (`reference_views.py`), so that the page says exactly what the description does and
can never fall behind it.

Pure: no request, no ORM; an OpenAPI 3.1 document in, dataclasses out.
"""

from dataclasses import dataclass, field
from typing import Any

# Who may call an operation, by the rule it declares as `x-rule` (the pages' rules,
# `plans/permissions.py`); tests/api/test_authorisation.py holds every operation to it.
RULES = {
    "signed in": "Anyone signed in (a live token, or the session).",
    "plan: view": "Anyone who may see the plan: its organisation's people and anyone with "
    "a role on it.",
    "plan: export": "Anyone who may export the plan: everyone who may see it except a "
    "partner's lead contributor.",
    "plan: audit": "The plan's managers and its organisation's administrators.",
    "plan: edit": "The plan's managers.",
    "action: view": "Anyone who may see the action's plan.",
    "action: audit": "The plan's managers and its organisation's administrators.",
    "action: update": "The plan's managers, and lead contributors for the actions of the "
    "leads they act for.",
}

METHODS = ("get", "put", "post", "delete", "patch")


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str  # path, query, header, cookie, or body
    type: str
    required: bool
    description: str


@dataclass(frozen=True)
class Answer:
    status: str
    description: str
    media_type: str
    schema: str


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    path: str
    summary: str
    description: str
    rule: str
    who: str
    parameters: list[Parameter]
    answers: list[Answer]


@dataclass
class Group:
    tag: str
    description: str
    operations: list[Operation] = field(default_factory=list)


def reference_of(schema: dict[str, Any]) -> list[Group]:
    """Every operation of the description, grouped by its first tag, in the description's
    order of tags."""
    groups = {
        tag["name"]: Group(tag["name"], tag.get("description", ""))
        for tag in schema.get("tags", [])
    }
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            if method not in item:
                continue
            operation = _operation(schema, path, method, item[method])
            tag = (item[method].get("tags") or ["Other"])[0]
            groups.setdefault(tag, Group(tag, "")).operations.append(operation)
    return [group for group in groups.values() if group.operations]


def _operation(schema: dict[str, Any], path: str, method: str, raw: dict[str, Any]) -> Operation:
    rule = raw.get("x-rule", "")
    parameters = [
        Parameter(
            name=p["name"],
            where=p["in"],
            type=type_of(schema, p.get("schema", {})),
            required=bool(p.get("required", False)),
            description=p.get("description") or p.get("schema", {}).get("description", ""),
        )
        for p in raw.get("parameters", [])
    ]
    parameters += _body(schema, raw.get("requestBody"))
    answers = [
        Answer(
            status=str(status),
            description=answer.get("description", ""),
            media_type=next(iter(answer.get("content", {})), ""),
            schema=type_of(schema, _first_schema(answer)),
        )
        # ninja's own answers are keyed by number, the problems added by text
        for status, answer in sorted(raw.get("responses", {}).items(), key=lambda a: str(a[0]))
    ]
    return Operation(
        operation_id=raw.get("operationId", ""),
        method=method.upper(),
        path=path,
        summary=raw.get("summary", ""),
        description=raw.get("description", ""),
        rule=rule,
        who=RULES.get(rule, "Not declared."),
        parameters=parameters,
        answers=answers,
    )


def _first_schema(answer: dict[str, Any]) -> dict[str, Any] | None:
    content: dict[str, Any] = {}
    return next(iter(answer.get("content", {}).values()), content).get("schema")


def _body(schema: dict[str, Any], body: dict[str, Any] | None) -> list[Parameter]:
    """A request body's fields, each as a parameter 'in' the body (a JSON body, or the
    parts of a multipart form)."""
    if not body:
        return []
    content: dict[str, Any] = {}
    media, content = next(iter(body.get("content", {}).items()), ("", content))
    found = resolved(schema, content.get("schema", {}))
    where = "form" if media.startswith("multipart/") else "body"
    required = set(found.get("required", []))
    return [
        Parameter(
            name=name,
            where=where,
            type=type_of(schema, prop),
            required=name in required,
            description=resolved(schema, prop).get("description", prop.get("description", "")),
        )
        for name, prop in found.get("properties", {}).items()
    ]


def resolved(schema: dict[str, Any], part: dict[str, Any] | None) -> dict[str, Any]:
    """A schema with its local `$ref` followed (once per level, as ninja writes them)."""
    part = part or {}
    while "$ref" in part:
        found: Any = schema
        for key in part["$ref"].removeprefix("#/").split("/"):
            found = found.get(key, {})
        part = found
    return part


def type_of(schema: dict[str, Any], part: dict[str, Any] | None) -> str:
    """A schema in a few words: `integer`, `string (date)`, `list of ActionOut`,
    `string or null`, `one of csv, xlsx`."""
    if not part:
        return ""
    if "$ref" in part:
        return str(part["$ref"].rsplit("/", 1)[-1])
    if "anyOf" in part or "oneOf" in part:
        return " or ".join(type_of(schema, p) for p in part.get("anyOf", part.get("oneOf", [])))
    if "allOf" in part and len(part["allOf"]) == 1:
        return type_of(schema, part["allOf"][0])
    if "enum" in part:
        return "one of " + ", ".join(str(value) for value in part["enum"])
    kind = part.get("type", "any")
    if isinstance(kind, list):
        return " or ".join(str(k) for k in kind)
    if kind == "array":
        return f"list of {type_of(schema, part.get('items')) or 'any'}"
    if "format" in part:
        return f"{kind} ({part['format']})"
    return str(kind)
