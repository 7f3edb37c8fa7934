"""The API's authorisation matrix: every operation of the OpenAPI description, walked, for
every kind of person of tests/people.py (each with a read and write token), over a plain
plan and a plan of every shape, answered as its declared rule (`x-rule`) says.

Then what a rule alone does not say: tokens that are revoked, expired or of a person who
may no longer sign in (401 everywhere), a read-only token on every change (403), the
session's CSRF check, and another organisation's plans, actions and imports (404,
revealing nothing). A refusal (403, 404) is audited; a refused change stores nothing.
Changes are tried with bodies that would succeed, each call in a savepoint rolled back
after it, so every person meets the same world.
"""

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from improvement_tracker.api.app import api
from improvement_tracker.api.models import ApiImport, ApiToken, Scope
from improvement_tracker.api.reference import METHODS, RULES
from improvement_tracker.api.services import api_token_create, api_token_revoke
from improvement_tracker.audit.models import AuditEvent, Verb
from improvement_tracker.plans.models import Action, ActionUpdate, Domain, Plan
from tests.api.bodies import BODIES, Context, an_import, bearer
from tests.people import SHAPES, make_world

pytestmark = pytest.mark.django_db

ALLOW, FORBIDDEN, NOT_FOUND, SIGN_IN = "allowed", "403", "404", "401"
PEOPLE = [
    "anonymous",
    "outsider",
    "member",
    "viewer",
    "lead contributor",
    "plan manager",
    "organisation administrator",
    "viewer of its organisation",
    "lead contributor of its organisation",
    "partner plan manager",
    "manager of another plan",
    "superuser",
]


def row(*answers: str) -> dict[str, str]:
    assert len(answers) == len(PEOPLE)
    return dict(zip(PEOPLE, answers, strict=True))


A, F, N, U = ALLOW, FORBIDDEN, NOT_FOUND, SIGN_IN
# What each rule means for each kind of person, in PEOPLE's order, written out by hand as
# tests/accounts/test_authorisation.py's EXPECTED is for the pages (the same answers, with
# 401 where a page would ask to sign in). "action: update" is on the action the lead
# contributors lead; on another action it is OTHER_ACTION_UPDATE.
EXPECTED = {
    "signed in": row(U, A, A, A, A, A, A, A, A, A, A, A),
    "plan: view": row(U, N, A, A, A, A, A, A, A, A, A, A),
    "plan: export": row(U, N, A, A, F, A, A, A, A, A, A, A),
    "plan: audit": row(U, N, F, F, F, A, A, F, F, A, F, A),
    "plan: edit": row(U, N, F, F, F, A, F, F, F, A, F, A),
    "action: view": row(U, N, A, A, A, A, A, A, A, A, A, A),
    "action: audit": row(U, N, F, F, F, A, A, F, F, A, F, A),
    "action: update": row(U, N, F, F, A, A, F, F, A, A, F, A),
}
OTHER_ACTION_UPDATE = row(U, N, F, F, F, A, F, F, F, A, F, A)
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    operation_id: str
    rule: str | None
    body: str  # "", "json" or "multipart"

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def every_operation() -> list[Operation]:
    """Every operation the API describes: a new endpoint is in the matrix at once."""
    found = []
    for path, item in api.get_openapi_schema()["paths"].items():
        for method in METHODS:
            if method not in item:
                continue
            raw = item[method]
            content = raw.get("requestBody", {}).get("content", {})
            body = "multipart" if "multipart/form-data" in content else "json" if content else ""
            found.append(
                Operation(method.upper(), path, raw["operationId"], raw.get("x-rule"), body)
            )
    return found


@pytest.fixture(params=list(SHAPES))
def world(request, db, settings):
    settings.API_THROTTLE_RATE = "100000/m"  # the matrix is of rules, not of the limit
    settings.AUDIT_REFUSED_EVERY_MINUTES = 0  # so that every refusal is an event of its own
    return make_world(request.param)


@pytest.fixture
def tokens(world):
    """A read and write token for everyone but the anonymous."""
    return {
        who: api_token_create(user=user, name="matrix", scope=Scope.WRITE, days=1, by=None)[1]
        for who, user in world.people.items()
        if user is not None
    }


def send(client: Client, operation: Operation, values: dict, body: Any, headers: dict) -> Any:
    path = operation.path.format(**values)
    if operation.body == "json":
        return client.generic(
            operation.method, path, json.dumps(body), "application/json", headers=headers
        )
    if operation.body == "multipart":
        return client.post(path, body, headers=headers)
    return client.generic(operation.method, path, headers=headers)


def answer(response) -> str:
    if response.status_code in (401, 403, 404):
        assert response["Content-Type"] == "application/problem+json", response.content
        return str(response.status_code)
    assert 200 <= response.status_code < 300, (response.status_code, response.content[:500])
    return ALLOW


def stored() -> dict[str, int]:
    """What a change would add to: compared before and after a refused one."""
    return {
        "plans": Plan.objects.count(),
        "domains": Domain.objects.count(),
        "actions": Action.objects.count(),
        "updates": ActionUpdate.objects.count(),
        "imports": ApiImport.objects.count(),
        "versions": sum(Action.objects.values_list("version", flat=True)),
        "changes": AuditEvent.objects.exclude(verb=Verb.REFUSED).count(),
    }


def refusals() -> int:
    return AuditEvent.objects.filter(verb=Verb.REFUSED).count()


def attempt(ctx: Context, operation: Operation, secret: str | None, *, values=None, client=None):
    """Call the operation as the token's person (or `client`'s session), in a savepoint
    rolled back afterwards: (answer, what it stored, whether a refusal was audited)."""
    with transaction.atomic():
        path_values = {
            "slug": ctx.world.plan.slug,
            "action_id": ctx.action.pk,
            "file_format": "csv",
        }
        path_values |= values or {}
        if "{import_id}" in operation.path and "import_id" not in path_values:
            path_values["import_id"] = an_import(secret or ctx.tokens["plan manager"])
        body = None
        if operation.body:
            assert operation.operation_id in BODIES, (
                f"add a body that would succeed for {operation}"
            )
            body = BODIES[operation.operation_id](ctx)
        before, refused_before = stored(), refusals()
        response = send(client or Client(), operation, path_values, body, bearer(secret))
        got = answer(response)
        changed = stored() != before
        audited = refusals() > refused_before
        transaction.set_rollback(True)
    return got, changed, audited, response


def test_every_operation_declares_a_known_rule():
    undeclared = [str(op) for op in every_operation() if op.rule not in EXPECTED]
    assert undeclared == [], f"operations without an x-rule of {list(EXPECTED)}: {undeclared}"
    assert set(EXPECTED) == set(RULES), "the reference page words every rule (api/reference.py)"


def test_every_operation_answers_every_person_as_its_rule_says(world, tokens):
    problems = []
    for operation in every_operation():
        actions = [(world.own_action, EXPECTED[operation.rule])]
        if "{action_id}" in operation.path:
            other = OTHER_ACTION_UPDATE if operation.rule == "action: update" else None
            actions.append((world.other_action, other or EXPECTED[operation.rule]))
        for action, expected in actions:
            ctx = Context(world, tokens, action)
            for who in PEOPLE:
                got, changed, audited, _ = attempt(ctx, operation, tokens.get(who))
                place = f"{operation} ({operation.rule}) on {action.number} as {who}"
                if got != expected[who]:
                    problems.append(f"{place}: {got}, not {expected[who]}")
                if got != ALLOW and changed:
                    problems.append(f"{place}: refused, but stored something")
                if got in (FORBIDDEN, NOT_FOUND) and not audited:
                    problems.append(f"{place}: refused, but not audited")
    assert problems == []


@pytest.mark.parametrize("what", ["revoked", "expired", "inactive person"])
def test_a_dead_token_is_refused_everywhere_and_changes_nothing(world, tokens, what):
    manager = world.people["plan manager"]
    token, secret = api_token_create(user=manager, name="dead", scope=Scope.WRITE, days=1, by=None)
    if what == "revoked":
        api_token_revoke(token=token, by=manager)
    elif what == "expired":
        ApiToken.objects.filter(pk=token.pk).update(
            expires_at=timezone.now() - dt.timedelta(seconds=1)
        )
    else:
        manager.is_active = False
        manager.save()
    ctx = Context(world, tokens, world.own_action)
    problems = []
    for operation in every_operation():
        values = {"import_id": "not-needed"} if "{import_id}" in operation.path else None
        got, changed, _, response = attempt(ctx, operation, secret, values=values)
        if got != SIGN_IN or changed:
            problems.append(f"{operation}: {got}, changed: {changed}")
        elif not response["WWW-Authenticate"].startswith("Bearer"):
            problems.append(f"{operation}: no WWW-Authenticate")
    assert problems == []


def test_a_read_only_token_may_change_nothing(world, tokens):
    manager = world.people["plan manager"]
    _, secret = api_token_create(user=manager, name="reader", scope=Scope.READ, days=1, by=None)
    ctx = Context(world, tokens, world.own_action)
    unsafe = [op for op in every_operation() if op.method in UNSAFE]
    assert unsafe, "the API changes things: its writes and imports are in the description"
    problems = []
    for operation in unsafe:
        # The import to confirm or cancel is the manager's own, sent with their write token.
        values = (
            {"import_id": an_import(tokens["plan manager"])}
            if "{import_id}" in operation.path
            else None
        )
        got, changed, audited, response = attempt(ctx, operation, secret, values=values)
        if (got, changed, audited) != (FORBIDDEN, False, True):
            problems.append(f"{operation}: {got}, changed: {changed}, audited: {audited}")
        elif "read" not in response.json()["detail"]:
            problems.append(f"{operation}: the refusal does not say the token only reads")
    assert problems == []


def test_the_session_needs_the_csrf_token_for_every_change(world, tokens):
    ctx = Context(world, tokens, world.own_action)
    problems = []
    for operation in every_operation():
        for with_csrf in (False, True):
            client = Client(enforce_csrf_checks=True)
            client.force_login(world.people["plan manager"])
            headers = {}
            if with_csrf:
                client.cookies["csrftoken"] = "s" * 32
                headers = {"X-CSRFToken": "s" * 32}
            values = (
                {"import_id": an_import(tokens["plan manager"])}
                if "{import_id}" in operation.path
                else None
            )
            got, changed, _, _ = _session_attempt(ctx, operation, client, headers, values)
            expected = FORBIDDEN if operation.method in UNSAFE and not with_csrf else ALLOW
            if got != expected or (got != ALLOW and changed):
                problems.append(f"{operation} with CSRF {with_csrf}: {got}, changed: {changed}")
    assert problems == []


def _session_attempt(ctx, operation, client, headers, values):
    with transaction.atomic():
        path_values = {
            "slug": ctx.world.plan.slug,
            "action_id": ctx.action.pk,
            "file_format": "csv",
        }
        path_values |= values or {}
        body = BODIES[operation.operation_id](ctx) if operation.body else None
        before = stored()
        response = send(client, operation, path_values, body, headers)
        got = answer(response)
        changed = stored() != before
        transaction.set_rollback(True)
    return got, changed, None, response


def test_another_organisations_plans_actions_and_imports_are_404_and_reveal_nothing(world, tokens):
    """The plan manager asks for another organisation's plan, an action of it (through
    their own plan's address and through the other's), and someone else's import."""
    other_action = world.other_plan.domains.get().actions.get()
    operations = every_operation()
    if any("{import_id}" in operation.path for operation in operations):
        someone_elses_import = an_import(tokens["outsider"])
    secrets = [world.other_plan.title, world.other_plan.slug, "outsider"]
    ctx = Context(world, tokens, world.own_action)
    problems = []
    for operation in operations:
        tries = []
        if "{slug}" in operation.path:
            tries.append({"slug": world.other_plan.slug, "action_id": other_action.pk})
        if "{action_id}" in operation.path:
            tries.append({"action_id": other_action.pk})
        if "{import_id}" in operation.path:
            tries.append({"import_id": someone_elses_import})
        for values in tries:
            got, changed, audited, response = attempt(
                ctx, operation, tokens["plan manager"], values=values
            )
            said = response.content.decode()
            if (got, changed, audited) != (NOT_FOUND, False, True):
                problems.append(
                    f"{operation} {values}: {got}, changed {changed}, audited {audited}"
                )
            if any(secret in said for secret in secrets):
                problems.append(f"{operation} {values}: the answer names the other's plan")
    assert problems == []
