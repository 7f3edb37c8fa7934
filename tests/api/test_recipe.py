"""docs/api.md's examples, run as written against a live server: the curl ones with curl,
the Python ones with this virtualenv's Python (and requests), each given the server's
address and a real token as the `TRACKER` and `TOKEN` the document tells readers to set.

Each example is the fenced block after a `<!-- example: NAME -->` line; every one must
have a check here, so an example cannot be added, or go wrong, without a test failing.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from improvement_tracker.accounts.models import PlanRole, Role
from improvement_tracker.api.app import api
from improvement_tracker.api.models import Scope
from improvement_tracker.api.reference import METHODS
from improvement_tracker.api.services import api_token_create
from improvement_tracker.documents.importers import read_plan_file
from improvement_tracker.plans.models import ActionUpdate
from improvement_tracker.plans.services.importing import plan_import
from tests.conftest import EXAMPLE
from tests.factories import OrganisationFactory
from tests.people import person

pytestmark = pytest.mark.django_db(transaction=True)

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
SLUG = "learning-and-improvement-plan-2020-2021"  # the example plan's, as the document uses
_EXAMPLE = re.compile(r"<!-- example: ([\w-]+) -->\n```(sh|python)\n(.*?)```", re.DOTALL)


def examples() -> dict[str, tuple[str, str]]:
    found = {name: (language, code) for name, language, code in _EXAMPLE.findall(DOC.read_text())}
    assert len(found) == DOC.read_text().count("<!-- example:"), "an example without its block"
    return found


@pytest.fixture
def tracker(live_server, settings, tmp_path):
    """The example plan, managed by an analyst of its organisation holding a read and
    write token; the environment a reader sets, and the folder they run examples in."""
    settings.API_THROTTLE_RATE = "100000/m"
    organisation = OrganisationFactory(name="Together for Children")
    plan = plan_import(document=read_plan_file(EXAMPLE), organisation_name=organisation.name)
    assert plan.slug == SLUG
    analyst = person("analyst", organisation)
    PlanRole.objects.create(plan=plan, user=analyst, role=Role.MANAGER)
    _, secret = api_token_create(user=analyst, name="Recipe", scope=Scope.WRITE, days=1, by=None)
    environment = {**os.environ, "TRACKER": live_server.url, "TOKEN": secret}
    environment |= {"NO_PROXY": "localhost,127.0.0.1", "no_proxy": "localhost,127.0.0.1"}
    return plan, analyst, environment, tmp_path


def run(name, tracker) -> str:
    _, _, environment, folder = tracker
    language, code = examples()[name]
    command = ["bash", "-euo", "pipefail", "-c", code] if language == "sh" else [sys.executable]
    done = subprocess.run(  # noqa: S603 - the project's own documented examples
        command,
        input=code if language == "python" else None,
        env=environment,
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"{name} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def feed(plan, analyst, **query):
    client = Client()
    client.force_login(analyst)
    return client.get(f"/api/v1/plans/{plan.slug}/actions", query).json()


def check_me(output, plan, analyst, folder):
    answer = json.loads(output)
    assert (answer["username"], answer["via"], answer["scope"]) == ("analyst", "token", "write")


def check_plans(output, plan, analyst, folder):
    answer = json.loads(output)
    assert (answer["count"], answer["page"], answer["next"]) == (1, 1, None)
    assert [found["slug"] for found in answer["results"]] == [SLUG]


def check_feed(output, plan, analyst, folder):
    rows = json.loads(output)
    assert rows, "the example's filter should find some actions"
    assert {(row["domain_position"], row["status"]) for row in rows} == {(1, "not_rated")}
    assert rows == feed(plan, analyst, as_of="2021-03-31", domain=1, status="not_rated")


def check_export(output, plan, analyst, folder):
    client = Client()
    client.force_login(analyst)
    page = client.get(reverse("documents:export", args=[plan.slug, "csv"]), {"as_of": "2021-03-31"})
    sent = b"".join(page.streaming_content) if page.streaming else page.content
    assert (folder / "plan.csv").read_bytes() == sent  # the very file the page sends
    assert output.strip() == sent.decode("utf-8").splitlines()[0].strip()  # its BOM too


def check_problem(output, plan, analyst, folder):
    answer = json.loads(output)
    assert (answer["status"], answer["title"]) == (404, "Not found")
    assert answer["detail"]


def check_python_plans(output, plan, analyst, folder):
    assert output.splitlines() == [f"{SLUG} - {plan.title}"]


def check_python_feed(output, plan, analyst, folder):
    rows = feed(plan, analyst, as_of="2021-03-31")
    counted = dict(line.rsplit(": ", 1) for line in output.splitlines())
    assert sum(int(count) for count in counted.values()) == len(rows)
    assert set(counted) == {row["status_label"] for row in rows}


def check_python_update(output, plan, analyst, folder):
    made, refused = output.splitlines()
    made_status, meaning, _, version = made.split()
    assert (made_status, meaning) == ("201", "on_track")
    assert refused == f"409 current version {version}"
    # One update stored: the second, stale one saved nothing.
    assert ActionUpdate.objects.filter(action__domain__plan=plan, author=analyst).count() == 1


CHECKS = {
    "me": check_me,
    "plans": check_plans,
    "feed": check_feed,
    "export": check_export,
    "problem": check_problem,
    "python-plans": check_python_plans,
    "python-feed": check_python_feed,
    "python-update": check_python_update,
}


def test_the_recipe_lists_every_endpoint_of_the_description():
    listed = DOC.read_text()
    missing = [
        f"{method.upper()} {path}"
        for path, item in api.get_openapi_schema()["paths"].items()
        for method in METHODS
        if method in item and f"`{method.upper()} {path}`" not in listed
    ]
    assert missing == [], "add these to docs/api.md's 'The endpoints in brief'"


def test_every_example_in_the_recipe_is_checked():
    assert set(examples()) == set(CHECKS)


@pytest.mark.skipif(
    shutil.which("curl") is None and not os.environ.get("CI"),
    reason="curl is not installed: sudo apt-get install curl",
)
@pytest.mark.parametrize("name", list(CHECKS))
def test_the_recipes_example_works_as_written(tracker, name):
    plan, analyst, _, folder = tracker
    CHECKS[name](run(name, tracker), plan, analyst, folder)
