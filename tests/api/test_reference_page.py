"""The API reference page, /api/v1/reference/: made from the OpenAPI description at each
request, so every operation the API has is on it, with who may call it, its parameters and
its answers; for people signed in, without JavaScript."""

import html

import pytest
from django.test import Client
from django.urls import reverse

from improvement_tracker.api.reference import METHODS, RULES, reference_of, type_of
from improvement_tracker.api.reference_views import prose, rate_in_words
from tests.factories import OrganisationFactory
from tests.people import person

pytestmark = pytest.mark.django_db

URL = "/api/v1/reference/"


@pytest.fixture
def page():
    client = Client()
    client.force_login(person("analyst", OrganisationFactory()))
    response = client.get(URL)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_reference_page_is_for_people_signed_in():
    response = Client().get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_every_operation_of_the_description_is_on_the_page(page):
    description = Client().get("/api/v1/openapi.json").json()
    for path, item in description["paths"].items():
        for method in METHODS:
            if method not in item:
                continue
            operation = item[method]
            assert f"{method.upper()} {path}" in page
            assert operation["summary"] in page
            assert RULES[operation["x-rule"]] in page
            for parameter in operation.get("parameters", []):
                assert f"<code>{parameter['name']}</code>" in page
            for status, answer in operation["responses"].items():
                assert f">{status}</th>" in page
                assert answer["description"] in page


def test_the_page_says_how_to_sign_in_and_links_the_json_and_tokens(page, settings):
    assert "Authorization: Bearer itk_" in page
    assert 'href="/api/v1/openapi.json"' in page
    assert f'href="{reverse("api_tokens:list")}"' in page
    assert "application/problem+json" in page
    assert rate_in_words(settings.API_THROTTLE_RATE) in page
    main = page[page.index("<main") : page.index("</main>")]
    assert "<script" not in main  # nothing on it needs JavaScript


def test_the_account_page_links_to_the_reference():
    client = Client()
    client.force_login(person("analyst", OrganisationFactory()))
    assert f'href="{URL}"' in client.get(reverse("account")).content.decode()


def test_descriptions_are_escaped_and_their_code_shown_as_code():
    assert prose("Send `Authorization: Bearer <token>` & wait") == (
        "Send <code>Authorization: Bearer &lt;token&gt;</code> &amp; wait"
    )


def test_a_rate_is_written_in_words():
    assert rate_in_words("1200/m") == "1,200 requests a minute"
    assert rate_in_words("5/s") == "5 requests a second"


def test_types_parameters_and_bodies_are_read_from_the_description():
    schema = {
        "tags": [{"name": "Plans", "description": "Plans."}],
        "paths": {
            "/api/v1/plans/{slug}": {
                "post": {
                    "operationId": "plan_post",
                    "tags": ["Plans"],
                    "summary": "Post",
                    "x-rule": "plan: edit",
                    "parameters": [
                        {
                            "name": "slug",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        {
                            "name": "as_of",
                            "in": "query",
                            "schema": {
                                "anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]
                            },
                            "description": "The date.",
                        },
                    ],
                    "requestBody": {
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/In"}}
                        }
                    },
                    "responses": {"201": {"description": "Made"}},
                }
            }
        },
        "components": {
            "schemas": {
                "In": {
                    "properties": {
                        "ids": {
                            "type": "array",
                            "items": {"type": "integer"},
                            "description": "Ids.",
                        }
                    },
                    "required": ["ids"],
                }
            }
        },
    }
    [group] = reference_of(schema)
    [operation] = group.operations
    assert (group.tag, operation.method, operation.who) == ("Plans", "POST", RULES["plan: edit"])
    assert [(p.name, p.where, p.type, p.required) for p in operation.parameters] == [
        ("slug", "path", "string", True),
        ("as_of", "query", "string (date) or null", False),
        ("ids", "body", "list of integer", True),
    ]
    assert type_of(schema, {"enum": ["csv", "pdf"]}) == "one of csv, pdf"
