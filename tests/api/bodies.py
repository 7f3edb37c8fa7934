"""Requests that would succeed, for the API's tests that must reach past its rules: a
body for each operation that takes one (by its operationId), an import waiting to be
confirmed, a token as a header. An operation with a body and no line in BODIES fails the
authorisation matrix, and schemathesis cannot show it answering 2xx."""

from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from improvement_tracker.plans.models import Action
from tests.conftest import EXAMPLE


def bearer(secret: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"} if secret else {}


def an_import(secret: str, name: str = "plan.txt") -> str:
    """An import waiting to be confirmed, sent through the API by the token's person."""
    response = Client().post(
        "/api/v1/imports",
        {"file": SimpleUploadedFile(name, EXAMPLE.read_bytes()), "replace": "false"},
        headers=bearer(secret),
    )
    assert response.status_code == 201, response.content
    return response.json()["id"]


class NothingToSend(Exception):
    """No body could succeed now: what it would change has been changed already."""


# A body that would succeed for each operation that takes one, by its operationId; read
# through the API by someone who may, so that it is the one the pages would accept. An
# operation with a body and no line here fails the matrix.
def _update_body(ctx: "Context") -> dict:
    plan = ctx.read(f"/api/v1/plans/{ctx.world.plan.slug}")
    action = ctx.read(f"/api/v1/plans/{ctx.world.plan.slug}/actions/{ctx.action.pk}")
    now = action["status"]["meaning"]
    meaning = next(e["meaning"] for e in plan["key"] if e["meaning"] not in (now, "not_rated"))
    return {
        "status": meaning,
        "progress": "Thresholds audited; findings to the board.",
        "reason": "The audit is done.",
        "version": action["version"],
    }


def _accept_body(ctx: "Context") -> dict:
    found = ctx.read(f"/api/v1/plans/{ctx.world.plan.slug}/suggestions")["suggestions"]
    if not found:
        raise NothingToSend("every action is rated: there is no suggestion to accept")
    first = found[0]
    return {
        "choices": [
            {
                "action_id": first["action_id"],
                "status": first["status"]["meaning"],
                "reason": "Agreed.",
            }
        ]
    }


def _import_body(ctx: "Context") -> dict:
    return {"file": SimpleUploadedFile("plan.txt", EXAMPLE.read_bytes()), "replace": "false"}


BODIES = {
    "action_update_create": _update_body,
    "suggestions_accept_create": _accept_body,
    "import_create": _import_body,
}


@dataclass
class Context:
    world: Any
    tokens: dict[str, str]
    action: Action

    def read(self, path: str) -> Any:
        response = Client().get(path, headers=bearer(self.tokens["superuser"]))
        assert response.status_code == 200, (path, response.content[:300])
        return response.json()
