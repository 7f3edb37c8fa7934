"""schemathesis against the live app, from the OpenAPI description it serves: every
operation, every method, called with a plan manager's read and write token on a world of
people and plans, its answers checked for no server error, a status the description
lists, that status's content type, and a body valid against that status's schema.

Generated path values alone would reach only 404s, so each path parameter is drawn from
real values (the plan's slug, its actions' ids, an import waiting to be confirmed) as
well as another organisation's and generated ones. The examples per operation are few and
derandomised, so the run is bounded and the same in CI every time.
"""

from collections import Counter
from contextlib import suppress

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as examples
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from improvement_tracker.api.app import api
from improvement_tracker.api.models import Scope
from improvement_tracker.api.reference import METHODS
from improvement_tracker.api.services import api_token_create
from tests.api.bodies import BODIES, Context, NothingToSend
from tests.conftest import EXAMPLE
from tests.people import make_world

pytestmark = pytest.mark.django_db(transaction=True)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 25  # per operation: enough to vary every parameter, few enough for 2 cores


def every_operation():
    """(method, path) of every operation the API describes, read when tests are
    collected, so that a new endpoint is a new test here without anyone adding it."""
    schema = api.get_openapi_schema()
    return [
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in METHODS
        if method in item
    ]


def real_values(world, live_server, secret):
    """What each path parameter may be: mostly real, sometimes another organisation's
    or made up (the generated value is always a choice too)."""
    plan, other = world.plan, world.other_plan
    other_action = other.domains.get().actions.get()
    values = {
        "slug": [plan.slug, plan.slug, plan.slug, other.slug],
        "action_id": [
            world.own_action.pk,
            world.other_action.pk,
            world.own_action.pk,
            other_action.pk,
        ],
        "file_format": ["csv", "xlsx", "docx", "pdf"],
    }
    import_id = pending_import(live_server, secret)
    if import_id is not None:
        values["import_id"] = [import_id, import_id, import_id]
    return values


def pending_import(live_server, secret):
    """An import of this person's waiting to be confirmed, sent through the API itself
    (None while the API takes no imports)."""
    if "post" not in api.get_openapi_schema()["paths"].get("/api/v1/imports", {}):
        return None
    with open(EXAMPLE, "rb") as file:
        response = requests.post(
            f"{live_server.url}/api/v1/imports",
            headers={"Authorization": f"Bearer {secret}"},
            files={"file": (EXAMPLE.name, file, "text/plain")},
            data={"replace": "false"},
            timeout=60,
        )
    assert response.status_code == 201, response.content
    return response.json()["id"]


@pytest.mark.parametrize(("method", "path"), every_operation(), ids=lambda part: str(part))
def test_every_operation_answers_as_its_description_says(live_server, method, path, settings):
    settings.API_THROTTLE_RATE = "100000/m"  # the checks are of answers, not of the limit
    world = make_world()
    tokens = {
        who: api_token_create(
            user=world.people[who], name="st", scope=Scope.WRITE, days=1, by=None
        )[1]
        for who in ("plan manager", "superuser")
    }
    secret = tokens["plan manager"]
    description = requests.get(f"{live_server.url}/api/v1/openapi.json", timeout=30).json()
    raw = description["paths"][path][method.lower()]
    schema = schemathesis.openapi.from_dict(description)
    operation = schema[path][method]
    values = real_values(world, live_server, secret)
    headers = {"Authorization": f"Bearer {secret}"}
    context = Context(world, tokens, world.own_action)
    statuses = []

    @given(case=operation.as_strategy(), data=st.data())
    @examples(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case, data):
        for name in list(case.path_parameters or {}):
            if name in values:
                choices = [*values[name], case.path_parameters[name]]
                case.path_parameters[name] = data.draw(st.sampled_from(choices), label=name)
        if "requestBody" in raw and data.draw(st.booleans(), label="a body that would succeed"):
            case.path_parameters = {
                **(case.path_parameters or {}),
                **{k: v[0] for k, v in values.items() if k in (case.path_parameters or {})},
            }
            if "multipart/form-data" in raw["requestBody"]["content"]:
                # A file's name says what it is to the importers: sent as a browser sends it.
                response = requests.post(
                    live_server.url + case.formatted_path,
                    headers=headers,
                    files={"file": ("plan.txt", EXAMPLE.read_bytes(), "text/plain")},
                    data={"replace": "false"},
                    timeout=60,
                )
                case.validate_response(response, checks=CHECKS)
                statuses.append(response.status_code)
                return
            # If an earlier example did what it would, what was generated is sent.
            with suppress(NothingToSend):
                case.body = BODIES[raw["operationId"]](context)
        response = case.call_and_validate(base_url=live_server.url, headers=headers, checks=CHECKS)
        statuses.append(response.status_code)

    run()
    # Real values reach real data: each operation answered as it does when it works.
    assert any(200 <= status < 300 for status in statuses), Counter(statuses)
