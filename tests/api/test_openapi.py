"""The OpenAPI description at /api/v1/openapi.json: valid OpenAPI 3.1, served to anyone
(it names no data, and a client needs it before it has a token), and complete enough to
generate the reference page and clients from: where the API is, how to sign in, what each
group is for, and for every operation a summary, a description and who may call it."""

import typing
from collections import Counter

import pytest
import schemathesis
from django.test import Client
from pydantic import BaseModel

from improvement_tracker.api.app import api
from improvement_tracker.api.reference import METHODS, RULES
from tests.people import make_world

pytestmark = pytest.mark.django_db

URL = "/api/v1/openapi.json"


@pytest.fixture
def description():
    response = Client().get(URL)
    assert response.status_code == 200
    return response.json()


def operations(description):
    for path, item in description["paths"].items():
        for method in METHODS:
            if method in item:
                yield f"{method.upper()} {path}", item[method]


def test_the_description_is_valid_openapi_3_1(description):
    assert description["openapi"].startswith("3.1.")
    schemathesis.openapi.from_dict(description).validate()  # the OpenAPI 3.1 meta-schema


def test_the_description_is_served_to_anyone_and_names_no_data():
    world = make_world()
    anonymous = Client().get(URL)
    assert anonymous.status_code == 200
    assert anonymous["Content-Type"].startswith("application/json")
    text = anonymous.content.decode()
    for named in [world.plan.title, world.plan.slug, world.other_plan.title, "police-officer"]:
        assert named not in text
    # A refused token does not stop it being read either: it asks for no one.
    assert Client().get(URL, headers={"Authorization": "Bearer itk_wrong"}).status_code == 200


def test_the_description_says_where_the_api_is(description, settings):
    assert description["servers"] == [
        {"url": settings.SITE_URL, "description": "This Improvement Tracker (SITE_URL)."}
    ]
    assert all(path.startswith("/api/v1/") for path in description["paths"])


def test_both_ways_of_signing_in_are_described(description):
    schemes = description["components"]["securitySchemes"]
    assert schemes["BearerToken"]["type"] == "http"
    assert schemes["BearerToken"]["scheme"] == "bearer"
    assert "Authorization: Bearer" in schemes["BearerToken"]["description"]
    assert (schemes["Session"]["type"], schemes["Session"]["in"]) == ("apiKey", "cookie")
    assert "CSRF" in schemes["Session"]["description"]
    for name, operation in operations(description):
        assert {"BearerToken": []} in operation["security"], name
        assert {"Session": []} in operation["security"], name


def test_every_tag_is_described(description):
    used = {tag for _, operation in operations(description) for tag in operation["tags"]}
    described = {tag["name"]: tag["description"] for tag in description["tags"]}
    assert set(described) == used
    assert [tag for tag, words in described.items() if not words] == []


def test_every_operation_has_a_summary_a_description_and_a_known_rule(description):
    problems = []
    for name, operation in operations(description):
        if not operation.get("summary"):
            problems.append(f"{name}: no summary")
        if not operation.get("description"):
            problems.append(f"{name}: no description")
        if operation.get("x-rule") not in RULES:
            problems.append(
                f"{name}: x-rule {operation.get('x-rule')!r} is not one of {list(RULES)}"
            )
    assert problems == []


def test_every_operation_answers_problems_as_problem_json(description):
    for name, operation in operations(description):
        for status in ("401", "403", "404", "422", "429"):
            assert list(operation["responses"][status]["content"]) == [
                "application/problem+json"
            ], (name, status)


def test_every_field_of_every_schema_is_described(description):
    def walk(schema_name, schema):
        for field, part in schema.get("properties", {}).items():
            if not part.get("description"):
                yield f"{schema_name}.{field}"

    missing = [
        field
        for name, schema in description["components"]["schemas"].items()
        for field in walk(name, schema)
    ]
    for name, operation in operations(description):
        for parameter in operation.get("parameters", []):
            if not (parameter.get("description") or parameter["schema"].get("description")):
                missing.append(f"{name}: parameter {parameter['name']}")
    assert missing == []


def test_operation_ids_are_the_endpoints_names_each_once(description):
    ids = [operation["operationId"] for _, operation in operations(description)]
    assert len(ids) == len(set(ids))
    assert "me" in ids


def schemas_of(annotation, found):
    """Every pydantic model an annotation reaches, by way of its fields."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in found:
            return
        found.add(annotation)
        for field in annotation.model_fields.values():
            schemas_of(field.annotation, found)
    for argument in typing.get_args(annotation):
        schemas_of(argument, found)


def test_no_two_schemas_share_a_name():
    """The description keeps one schema per name: a second of the same name (one part's
    `DomainCount` and another's) would silently stand for both, and the answers of one
    would then be checked against, and documented as, the other."""
    found: set = set()
    for _, router in api._routers:
        for view in router.path_operations.values():
            for operation in view.operations:
                for model in [*operation.models, *operation.response_models.values()]:
                    schemas_of(model, found)
    ours = [model for model in found if model.__module__.startswith("improvement_tracker")]
    names = Counter(model.__name__ for model in ours)
    twice = {
        name: sorted(f"{m.__module__}.{m.__qualname__}" for m in ours if m.__name__ == name)
        for name, count in names.items()
        if count > 1
    }
    assert twice == {}
