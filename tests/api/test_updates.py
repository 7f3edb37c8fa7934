"""POST /api/v1/plans/{slug}/actions/{id}/updates: a progress update recorded through the
page's own form and service, with its version check (409 carrying both versions)."""

import datetime as dt
import json
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from improvement_tracker.api.models import Scope
from improvement_tracker.audit.models import Verb
from improvement_tracker.plans.models import Action, StatusChange
from improvement_tracker.plans.services.archiving import action_archive
from tests.api.writing import audited, new_updates, post, token_client
from tests.people import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return make_world()


def url(plan, action):
    return f"/api/v1/plans/{plan.slug}/actions/{action.pk}/updates"


def body_for(action, **changes):
    today = timezone.localdate()
    return {
        "status": "at_risk",
        "progress": "Thresholds agreed with the police; training booked.",
        "evidence": "Training register.",
        "reason": "Training is late.",
        "made_on": today.isoformat(),
        "period": f"{today:%B %Y}",
        "version": action.version,
    } | changes


def test_a_lead_contributor_records_an_update_of_their_leads_action(world):
    lead = world.people["lead contributor"]
    action = world.own_action
    response = post(token_client(lead), url(world.plan, action), body_for(action))
    assert response.status_code == 201, response.content
    answer = response.json()
    update = new_updates().get(action=action)
    assert answer["id"] == update.pk
    assert answer["status"] == {"meaning": "at_risk", "label": "Amber"}
    assert answer["author"] == "police-officer"
    assert answer["reference"] == "C1.3"
    assert answer["version"] == action.version + 1 == Action.objects.get(pk=action.pk).version
    assert answer["status_change"] == {
        "from_status": {"meaning": "not_rated", "label": "Not rated"},
        "to_status": {"meaning": "at_risk", "label": "Amber"},
        "reason": "Training is late.",
    }
    assert response["Location"] == f"/api/v1/plans/{world.plan.slug}/actions/{action.pk}"
    assert (update.progress, update.evidence, update.author) == (
        "Thresholds agreed with the police; training booked.",
        "Training register.",
        lead,
    )
    change = StatusChange.objects.get(update=update)
    assert (change.from_status, change.to_status, change.changed_by) == (
        "not_rated",
        "at_risk",
        lead,
    )


@pytest.mark.parametrize("status", ["at_risk", "not_rated"])
def test_the_audit_trail_holds_what_the_update_page_would_have_written(world, status):
    lead = world.people["lead contributor"]
    action = world.own_action
    made_on = timezone.localdate() - dt.timedelta(days=3)
    body = body_for(action, status=status, made_on=made_on.isoformat(), period="Last month")
    page = Client()
    page.force_login(lead)
    form = {k: v for k, v in body.items() if k != "made_on"}
    form |= {"made_on_0": made_on.day, "made_on_1": made_on.month, "made_on_2": made_on.year}
    address = reverse("plans:action_update", args=[world.plan.slug, 1, action.number])
    by_page = audited(lambda: page.post(address, form))
    by_api = audited(lambda: post(token_client(lead), url(world.plan, action), body))
    assert by_api == by_page
    assert len(by_api) == 1
    assert by_api[0]["verb"] == (Verb.STATUS if status == "at_risk" else Verb.UPDATE)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"status": "purple"}, "status", "Select one of this plan's statuses"),
        ({"progress": ""}, "progress", "Enter the progress update"),
        ({"progress": "x" * 10_001}, "progress", "Progress update must be 10,000 characters"),
        ({"evidence": "x" * 10_001}, "evidence", "Evidence of impact must be 10,000 characters"),
        ({"reason": "x" * 2_001}, "reason", "Reason must be 2,000 characters or fewer"),
        ({"period": "x" * 101}, "period", "Reporting period must be 100 characters or fewer"),
        (
            {"made_on": (timezone.localdate() + dt.timedelta(days=2)).isoformat()},
            "made_on",
            "The date of this update must be today or in the past",
        ),
        ({"made_on": "31/03/2021"}, "made_on", "date"),
        ({"version": None}, "version", ""),
    ],
)
def test_an_update_the_form_would_refuse_is_422_naming_the_field(world, changes, field, words):
    manager = world.people["plan manager"]
    action = world.own_action
    body = {k: v for k, v in body_for(action, **changes).items() if v is not None}
    response = post(token_client(manager), url(world.plan, action), body)
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert field in problem["detail"]
    assert words in problem["detail"]
    assert any(error["loc"][-1] == field for error in problem["errors"])
    assert not new_updates().exists()


@pytest.mark.parametrize(
    ("who", "which", "status"),
    [
        ("lead contributor", "other_action", 403),  # not one of their leads' actions
        ("viewer", "own_action", 403),
        ("member", "own_action", 403),  # sees the organisation's plan, holds no role
        ("outsider", "own_action", 404),
        ("manager of another plan", "own_action", 403),
    ],
)
def test_who_may_not_update_the_action_is_refused_and_nothing_stored(world, who, which, status):
    action = getattr(world, which)
    response = post(token_client(world.people[who]), url(world.plan, action), body_for(action))
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert not new_updates().exists()


def test_an_action_of_another_plan_is_404(world):
    theirs = Action.objects.get(domain__plan=world.other_plan)
    manager = world.people["plan manager"]
    response = post(token_client(manager), url(world.plan, theirs), body_for(theirs))
    assert response.status_code == 404
    assert not new_updates().exists()


def test_a_read_only_token_may_not_record_an_update(world):
    lead = world.people["lead contributor"]
    client = token_client(lead, scope=Scope.READ)
    response = post(client, url(world.plan, world.own_action), body_for(world.own_action))
    assert response.status_code == 403
    assert "read" in response.json()["detail"]
    assert not new_updates().exists()


def test_without_a_token_or_session_the_answer_is_401(world):
    response = post(Client(), url(world.plan, world.own_action), body_for(world.own_action))
    assert response.status_code == 401
    assert not new_updates().exists()


def test_an_archived_action_is_refused_with_the_reason(world):
    manager = world.people["plan manager"]
    action = world.own_action
    action_archive(action=action, by=manager, expected_version=action.version)
    action.refresh_from_db()
    response = post(token_client(manager), url(world.plan, action), body_for(action))
    assert response.status_code == 403
    assert "is archived and cannot be changed" in response.json()["detail"]
    assert not new_updates().exists()


def test_the_session_needs_the_csrf_token_and_a_bearer_token_does_not(world):
    lead = world.people["lead contributor"]
    action = world.own_action
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(lead)
    refused = post(browser, url(world.plan, action), body_for(action))
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"
    assert "CSRF" in refused.json()["detail"]
    assert not new_updates().exists()

    browser.get(reverse("plans:action_update", args=[world.plan.slug, 1, action.number]))
    csrf = browser.cookies["csrftoken"].value
    accepted = browser.post(
        url(world.plan, action),
        json.dumps(body_for(action)),
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert accepted.status_code == 201, accepted.content

    with_token = token_client(lead)
    with_token.handler.enforce_csrf_checks = True
    again = post(with_token, url(world.plan, action), body_for(action, version=action.version + 1))
    assert again.status_code == 201, again.content


def test_two_writers_from_the_same_version_one_stored_the_other_409_with_both(world):
    action = world.own_action
    read = action.version
    first = post(
        token_client(world.people["lead contributor"]),
        url(world.plan, action),
        body_for(action, status="on_track", progress="Theirs: on track.", version=read),
    )
    second = post(
        token_client(world.people["plan manager"]),
        url(world.plan, action),
        body_for(action, status="off_track", progress="Mine: off track.", version=read),
    )
    assert first.status_code == 201
    assert second.status_code == 409
    assert second["Content-Type"] == "application/problem+json"
    conflict = second.json()
    assert conflict["current_version"] == read + 1
    assert conflict["yours"]["progress"] == "Mine: off track."
    assert conflict["yours"]["status"] == "off_track"
    assert conflict["yours"]["version"] == read
    assert conflict["theirs"]["progress"] == "Theirs: on track."
    assert conflict["theirs"]["status"] == {"meaning": "on_track", "label": "Green"}
    assert conflict["theirs"]["author"] == "police-officer"
    assert conflict["theirs"]["made_on"] == timezone.localdate().isoformat()
    history = list(new_updates().filter(action=action).values_list("progress", flat=True))
    assert history == ["Theirs: on track."]
    assert StatusChange.objects.filter(action=action).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_writers_at_once_one_is_stored_and_the_other_told_409():
    """On PostgreSQL, two threads post at once from the same version, each on its own
    connection. SQLite's test database is in memory, where a second writer fails at once
    rather than waiting: there the guarantee is that the version is read inside a
    transaction that took the write lock when it began (BEGIN IMMEDIATE)."""
    world = make_world()
    action = world.own_action
    clients = [token_client(world.people[w]) for w in ("lead contributor", "plan manager")]
    if connection.vendor == "sqlite":
        with CaptureQueriesContext(connection) as queries:
            response = post(clients[0], url(world.plan, action), body_for(action))
        assert response.status_code == 201
        begins = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("BEGIN")]
        assert begins and set(begins) == {"BEGIN IMMEDIATE"}
        return
    start = threading.Barrier(2)
    answers: list[int] = []

    def write(client, progress):
        try:
            start.wait()
            body = body_for(action, progress=progress)
            answers.append(post(client, url(world.plan, action), body).status_code)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=write, args=(client, f"Writer {n}"))
        for n, client in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [201, 409]
    assert new_updates().filter(action=action).count() == 1
    assert Action.objects.get(pk=action.pk).version == action.version + 1


def test_an_id_too_large_for_the_database_is_refused_not_an_error(world):
    manager = token_client(world.people["plan manager"])
    address = f"/api/v1/plans/{world.plan.slug}/actions/{2**64}/updates"
    assert post(manager, address, body_for(world.own_action)).status_code == 422
    choices = {"choices": [{"action_id": 2**64, "status": "on_track"}]}
    accept = post(manager, f"/api/v1/plans/{world.plan.slug}/suggestions/accept", choices)
    assert accept.status_code == 422
