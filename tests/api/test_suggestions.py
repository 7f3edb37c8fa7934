"""POST /api/v1/plans/{slug}/suggestions/accept: statuses chosen for unrated actions,
recorded all together or not at all, as the suggestions page records them."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from improvement_tracker.api.models import Scope
from improvement_tracker.plans.models import Action, StatusChange
from improvement_tracker.plans.selectors.review import plan_suggestions
from improvement_tracker.plans.services.archiving import plan_archive
from tests.api.writing import audited, new_updates, post, token_client
from tests.people import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return make_world()


def url(plan):
    return f"/api/v1/plans/{plan.slug}/suggestions/accept"


def suggested(plan):
    """Each unrated action's suggestion as at today, by the action's id."""
    found = plan_suggestions(plan=plan, as_of=timezone.localdate())
    return {item.action.action.pk: item.suggestion for item in found.items}


def another_status(status):
    return "complete" if status.value != "complete" else "on_track"


def test_a_plan_manager_accepts_one_suggestion_and_chooses_another_status(world):
    manager = world.people["plan manager"]
    suggestions = suggested(world.plan)
    own, other = world.own_action, world.other_action
    chosen = another_status(suggestions[other.pk].status)
    body = {
        "choices": [
            {"action_id": own.pk, "status": suggestions[own.pk].status.value},
            {"action_id": other.pk, "status": chosen, "reason": "The board agreed."},
        ]
    }
    response = post(token_client(manager), url(world.plan), body)
    assert response.status_code == 201, response.content
    updates = response.json()["updates"]
    assert [u["action_id"] for u in updates] == [own.pk, other.pk]
    assert updates[1]["status"]["meaning"] == chosen
    assert updates[1]["author"] == "manager"
    reasons = dict(StatusChange.objects.values_list("action_id", "reason"))
    assert reasons == {
        own.pk: f"Accepted suggestion: {suggestions[own.pk].reason}",
        other.pk: "The board agreed.",
    }
    assert new_updates().count() == 2


def test_the_audit_trail_holds_what_the_suggestions_page_would_have_written(world):
    manager = world.people["plan manager"]
    suggestions = suggested(world.plan)
    own, other = world.own_action, world.other_action
    chosen = another_status(suggestions[other.pk].status)
    page = Client()
    page.force_login(manager)
    address = reverse("plans:suggestions", args=[world.plan.slug])
    form = {"save": "1", f"choice-{own.pk}": "suggested", f"choice-{other.pk}": chosen}
    today = timezone.localdate().isoformat()
    by_page = audited(lambda: page.post(f"{address}?as_of={today}", form))
    body = {
        "choices": [
            {"action_id": own.pk, "status": suggestions[own.pk].status.value},
            {"action_id": other.pk, "status": chosen},
        ]
    }
    by_api = audited(lambda: post(token_client(manager), url(world.plan), body))
    assert len(by_api) == 2
    assert by_api == by_page


def choice_of(action, status="on_track"):
    return {"action_id": action.pk, "status": status}


@pytest.mark.parametrize(
    ("second", "place", "words"),
    [
        ("of another plan", "choices.1.action_id", "No action"),
        ("unknown status", "choices.1.status", "Select one of this plan's rated statuses"),
        ("not rated", "choices.1.status", "Select one of this plan's rated statuses"),
        ("chosen twice", "choices.1.action_id", "is chosen twice"),
        ("already rated", "choices.1.action_id", "has no suggested status"),
        ("long reason", "choices.1.reason", "Reason must be 2,000 characters or fewer"),
    ],
)
def test_one_bad_choice_refuses_them_all_naming_it(world, second, place, words):
    manager = world.people["plan manager"]
    good = choice_of(world.own_action)
    bad = choice_of(world.other_action)
    if second == "of another plan":
        bad = choice_of(Action.objects.get(domain__plan=world.other_plan))
    elif second == "unknown status":
        bad["status"] = "purple"
    elif second == "not rated":
        bad["status"] = "not_rated"
    elif second == "chosen twice":
        bad = choice_of(world.own_action)
    elif second == "already rated":
        rate = {**choice_of(world.other_action), "progress": "Rated.", "version": 1}
        rated = post(
            token_client(manager),
            f"/api/v1/plans/{world.plan.slug}/actions/{world.other_action.pk}/updates",
            rate,
        )
        assert rated.status_code == 201
    else:
        bad["reason"] = "x" * 2_001
    before = new_updates().count()
    response = post(token_client(manager), url(world.plan), {"choices": [good, bad]})
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert f"{place}: " in problem["detail"]
    assert words in problem["detail"]
    assert ["body", *place.split(".")] == problem["errors"][0]["loc"]
    assert new_updates().count() == before


def test_no_choice_or_a_future_date_is_422(world):
    client = token_client(world.people["plan manager"])
    none = post(client, url(world.plan), {"choices": []})
    assert none.status_code == 422
    assert "choices: Choose a status for at least one action" in none.json()["detail"]
    future = timezone.localdate().replace(year=timezone.localdate().year + 1)
    later = post(
        client,
        url(world.plan),
        {"made_on": future.isoformat(), "choices": [choice_of(world.own_action)]},
    )
    assert later.status_code == 422
    assert "made_on: The date of the updates must be today or in the past" in later.json()["detail"]
    assert not new_updates().exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("lead contributor", 403),
        ("viewer", 403),
        ("member", 403),
        ("outsider", 404),
        ("partner plan manager", 201),
        ("superuser", 201),
    ],
)
def test_only_who_may_edit_the_plan_may_accept(world, who, status):
    body = {"choices": [choice_of(world.own_action)]}
    response = post(token_client(world.people[who]), url(world.plan), body)
    assert response.status_code == status
    assert new_updates().exists() == (status == 201)


def test_a_read_only_token_or_an_archived_plan_is_refused(world):
    manager = world.people["plan manager"]
    body = {"choices": [choice_of(world.own_action)]}
    read_only = post(token_client(manager, scope=Scope.READ), url(world.plan), body)
    assert read_only.status_code == 403
    plan_archive(plan=world.plan, by=manager)
    archived = post(token_client(manager), url(world.plan), body)
    assert archived.status_code == 403
    assert "is archived and cannot be changed" in archived.json()["detail"]
    assert not new_updates().exists()
