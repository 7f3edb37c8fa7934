"""The read endpoints (api/read.py) over real plans: a plan of every shape, the example
plan and the people of tests/people.py; filters, as-at dates, paging and archived plans."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from improvement_tracker.accounts.models import Role
from improvement_tracker.api.models import Scope
from improvement_tracker.api.read_schemas import (
    ActionDetail,
    ActionRow,
    AuditPage,
    PlanOut,
    PlanPage,
    SuggestionsOut,
)
from improvement_tracker.api.services import api_token_create
from improvement_tracker.audit.models import AuditEvent, Verb
from improvement_tracker.plans.models import ActionUpdate, Plan
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.services.archiving import plan_archive
from improvement_tracker.plans.services.updates import action_record_update
from tests.every_shape import FIRST_RATED, RATED_AGAIN, REFERENCES
from tests.factories import ActionFactory, DomainFactory, PlanFactory, PlanRoleFactory

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def manager(shape):
    return PlanRoleFactory(plan=shape.plan, role=Role.MANAGER).user


@pytest.fixture
def api(manager):
    return signed_in(manager)


def all_actions(plan_json):
    return [a for domain in plan_json["domains"] for a in domain["actions"]]


# A plan ------------------------------------------------------------------------------


def test_a_plan_of_every_shape_reads_with_its_key_fields_domains_and_references(shape, api):
    answer = PlanOut.model_validate(get(api, f"/api/v1/plans/{shape.plan.slug}"))
    assert answer.slug == shape.plan.slug
    assert answer.as_of == timezone.localdate()
    assert [a.reference for a in answer.domains[1].actions] == REFERENCES
    assert answer.extra_fields == ["Success measures", "Directorate"]
    assert [entry.meaning for entry in answer.key][-1] == "not_rated"
    assert answer.action_count == sum(len(d.actions) for d in answer.domains) == 10
    two = next(a for a in answer.domains[1].actions if a.reference == "2")
    assert two.id == shape.action("2").pk
    assert two.domain.position == answer.domains[1].position
    assert two.high_priority is True
    assert two.extra == {"Success measures": "Every leaver housed", "Directorate": "Housing"}
    assert {lead.name for lead in two.leads} >= {"Northumbria Police"}
    assert two.timescale.kind == "several"
    assert two.status.meaning == "on_track"
    assert two.url == f"/api/v1/plans/{shape.plan.slug}/actions/{two.id}"
    assert Client().get(two.web_url).status_code == 302  # a page, which asks to sign in
    assert api.get(two.web_url).status_code == 200
    served = next(a for a in answer.domains[0].actions if a.id == shape.layered.served.pk)
    assert served.objective is not None
    assert len(served.activities) == 2


def test_table_1_and_2_are_the_trackers_rows_by_the_plans_labels(shape, api):
    answer = get(api, f"/api/v1/plans/{shape.plan.slug}")
    rows = {
        row["label"]: [d["count"] for d in row["domains"]] + [row["total"]]
        for row in answer["table1"]
    }
    assert rows["Red"] == [0, 1, 1]
    assert rows["Not rated"] == [3, 1, 4]
    assert rows["Total"] == [4, 6, 10]
    assert answer["table1"][-1]["meaning"] is None
    assert answer["table2"][-1] == {"label": "Total", "meaning": None, "count": 2}
    assert answer["flags"]["total"] == sum(k["count"] for k in answer["flags"]["by_kind"])


def test_filters_are_the_trackers_and_described_in_its_words(shape, api):
    url = f"/api/v1/plans/{shape.plan.slug}"
    answer = get(api, url, status="off_track", priority="true")
    assert [a["reference"] for a in all_actions(answer)] == ["10"]
    assert answer["filters"]["status"] == "off_track"
    assert answer["filters"]["description"] == "status Red; high priority only"
    assert answer["table1"][-1]["total"] == 1
    by_domain = get(api, url, domain=shape.awkward.position)
    assert [d["position"] for d in by_domain["domains"]] == [shape.awkward.position]
    found = get(api, url, text="LEAVER")
    assert {a["reference"] for a in all_actions(found)} >= {"1", "CC1"}
    police = next(
        lead
        for action in all_actions(get(api, url))
        for lead in action["leads"]
        if lead["name"] == "Northumbria Police"
    )
    led = get(api, url, lead=police["id"])
    assert all_actions(led)
    assert all(police in action["leads"] for action in all_actions(led))
    assert led["filters"]["description"] == "lead Northumbria Police"


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"domain": "99"}, "domain"),
        ({"domain": "first"}, "domain"),
        ({"status": "purple"}, "status"),
        ({"status": "not_started"}, "status"),  # a meaning, but not one of this plan's key
        ({"lead": "999999"}, "lead"),
        ({"text": "x" * 201}, "text"),
        ({"as_of": "31/10/2020"}, "as_of"),
        ({"as_of": "2999-01-01"}, "as_of"),
    ],
)
def test_a_filter_or_date_the_tracker_would_refuse_is_422_naming_it(shape, api, params, named):
    for path in ("", "/actions", "/export/csv"):
        response = api.get(f"/api/v1/plans/{shape.plan.slug}{path}", params)
        assert response.status_code == 422, (path, response.content)
        assert response["Content-Type"] == "application/problem+json"
        problem = response.json()
        assert [e["loc"][-1] for e in problem["errors"]] == [named]
        assert named in problem["detail"]


def test_as_at_a_date_a_status_changed_later_is_not_seen(shape, api, manager):
    action = shape.action("1")
    version = action.version
    action_record_update(
        action=action,
        by=manager,
        made_on=timezone.localdate(),
        period="",
        status=Status.OFF_TRACK,
        progress="Slipped.",
        evidence="",
        reason="The homes fell through.",
        expected_version=action.version,
    )
    url = f"/api/v1/plans/{shape.plan.slug}"

    def status_of_one(**params):
        answer = get(api, url, **params)
        return next(a for a in answer["domains"][1]["actions"] if a["reference"] == "1")

    assert status_of_one()["status"] == {"meaning": "off_track", "label": "Red"}
    then = status_of_one(as_of=RATED_AGAIN.isoformat())
    assert then["status"]["meaning"] == "on_track"
    assert then["updated_on"] == FIRST_RATED.isoformat()
    detail = get(api, f"{url}/actions/{action.pk}", as_of=RATED_AGAIN.isoformat())
    assert detail["status"]["meaning"] == "on_track"
    assert all(update["made_on"] <= RATED_AGAIN.isoformat() for update in detail["history"])
    now = ActionDetail.model_validate(get(api, f"{url}/actions/{action.pk}"))
    assert now.version == version + 1
    change = now.history[0].status_change
    assert change is not None
    assert (change.from_status.meaning, change.to_status.meaning) == ("on_track", "off_track")
    assert change.reason == "The homes fell through."
    assert change.by == now.history[0].author


def test_the_flat_rows_are_the_plans_actions_in_scalars(shape, api):
    url = f"/api/v1/plans/{shape.plan.slug}"
    rows = [ActionRow.model_validate(row) for row in get(api, f"{url}/actions")]
    nested = all_actions(get(api, url))
    assert [row.action_id for row in rows] == [a["id"] for a in nested]
    two = next(row for row in rows if row.action_id == shape.action("2").pk)
    assert two.extra == "Success measures: Every leaver housed; Directorate: Housing"
    assert (two.status, two.domain_position, two.reference) == ("on_track", 2, "2")
    assert two.leads.count("; ") == len(nested[-4]["leads"]) - 1
    for row in get(api, f"{url}/actions"):
        assert all(not isinstance(value, dict | list) for value in row.values())
    filtered = get(api, f"{url}/actions", status="off_track")
    assert [row["reference"] for row in filtered] == ["10"]


# Another plan, another person ---------------------------------------------------------


def test_an_action_of_another_plan_is_404(shape, api, world):
    other = world.other_action
    response = api.get(f"/api/v1/plans/{shape.plan.slug}/actions/{other.pk}")
    assert response.status_code == 404


def test_another_organisations_plan_is_404_and_a_viewer_may_not_audit(world):
    viewer = signed_in(world.people["viewer"])
    assert viewer.get(f"/api/v1/plans/{world.other_plan.slug}").status_code == 404
    assert viewer.get(f"/api/v1/plans/{world.plan.slug}").status_code == 200
    assert viewer.get(f"/api/v1/plans/{world.plan.slug}/audit").status_code == 403
    assert viewer.get(f"/api/v1/plans/{world.plan.slug}/suggestions").status_code == 403


# Plans, paged -------------------------------------------------------------------------


def test_the_plans_are_those_the_person_may_see_a_page_at_a_time(world):
    outsider = signed_in(world.people["outsider"])
    answer = get(outsider, "/api/v1/plans")
    assert [p["slug"] for p in answer["results"]] == [world.other_plan.slug]
    member = signed_in(world.people["member"])
    first = PlanPage.model_validate(get(member, "/api/v1/plans", page_size=1))
    assert first.count == 2  # the council's two plans, not the other council's
    assert first.previous is None
    assert first.next is not None and "page=2" in first.next
    second = get(member, first.next.split("testserver")[1])
    assert second["next"] is None
    slugs = {first.results[0].slug, second["results"][0]["slug"]}
    assert world.plan.slug in slugs
    assert world.other_plan.slug not in slugs
    assert member.get("/api/v1/plans", {"page": 3, "page_size": 1}).status_code == 404
    assert member.get("/api/v1/plans", {"page_size": 501}).status_code == 422


def test_archived_plans_are_listed_apart_and_still_read(world):
    manager = world.people["plan manager"]
    plan_archive(plan=world.plan, by=manager)
    member = signed_in(world.people["member"])
    live = [p["slug"] for p in get(member, "/api/v1/plans")["results"]]
    archived = get(member, "/api/v1/plans", archived="true")["results"]
    assert world.plan.slug not in live
    assert [(p["slug"], p["archived"]) for p in archived] == [(world.plan.slug, True)]
    assert get(member, f"/api/v1/plans/{world.plan.slug}")["archived"] is True


def test_a_read_only_token_reads(world):
    person = world.people["viewer"]
    _, secret = api_token_create(user=person, name="BI", scope=Scope.READ, days=1, by=person)
    response = Client().get(
        f"/api/v1/plans/{world.plan.slug}/actions", headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 200
    assert {row["action_id"] for row in response.json()} == {
        world.own_action.pk,
        world.other_action.pk,
    }


# Audit --------------------------------------------------------------------------------


def test_the_audit_history_is_the_pages_events_newest_first_without_outsiders(world):
    manager = world.people["plan manager"]
    outsider = signed_in(world.people["outsider"])
    assert outsider.get(f"/api/v1/plans/{world.plan.slug}").status_code == 404
    action = world.own_action
    action_record_update(
        action=action,
        by=manager,
        made_on=timezone.localdate(),
        period="",
        status=Status.ON_TRACK,
        progress="Begun.",
        evidence="",
        reason="",
        expected_version=action.version,
    )
    client = signed_in(manager)
    page = AuditPage.model_validate(get(client, f"/api/v1/plans/{world.plan.slug}/audit"))
    expected = list(AuditEvent.objects.filter(plan=world.plan).values_list("pk", flat=True))
    assert [event.id for event in page.results] == expected[:50]
    assert page.count == len(expected)
    # The outsider's probe is in the trail, but not in the plan's history.
    assert AuditEvent.objects.filter(verb=Verb.REFUSED, actor=world.people["outsider"]).exists()
    assert all(event.verb != Verb.REFUSED for event in page.results)
    assert page.results[0].what.startswith("Status changed: ")
    one = get(client, f"/api/v1/plans/{world.plan.slug}/actions/{action.pk}/audit")
    assert one["results"][0]["id"] == page.results[0].id
    only = get(client, f"/api/v1/plans/{world.plan.slug}/audit", action=action.pk)
    assert [e["id"] for e in only["results"]] == [e["id"] for e in one["results"]]


# Exports and suggestions ----------------------------------------------------------------


def test_an_export_is_audited_and_an_unknown_format_lists_the_formats(world):
    client = signed_in(world.people["plan manager"])
    url = f"/api/v1/plans/{world.plan.slug}/export"
    response = client.get(f"{url}/csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(f'attachment; filename="{world.plan.slug}-')
    assert AuditEvent.objects.filter(plan=world.plan, verb=Verb.EXPORT).count() == 1
    unknown = client.get(f"{url}/odt")
    assert unknown.status_code == 404
    assert "csv, docx, pdf, xlsx" in unknown.json()["detail"]
    outsider = signed_in(world.people["outsider"])
    assert outsider.get(f"{url}/csv").status_code == 404


def test_suggestions_are_the_pages_for_actions_not_rated(shape, api):
    answer = SuggestionsOut.model_validate(get(api, f"/api/v1/plans/{shape.plan.slug}/suggestions"))
    not_rated = [
        a["id"]
        for a in all_actions(get(api, f"/api/v1/plans/{shape.plan.slug}", as_of=answer.as_of))
        if a["status"]["meaning"] == "not_rated"
    ]
    assert [s.action_id for s in answer.suggestions] == not_rated
    assert answer.table1[-1].total == 10
    assert all(s.reason for s in answer.suggestions)


# Speed: the queries do not grow with the actions ----------------------------------------


def _plan_with(actions: int) -> Plan:
    plan = PlanFactory()
    domain = DomainFactory(plan=plan, position=1)
    for number in range(1, actions + 1):
        action = ActionFactory(domain=domain, number=str(number))
        ActionUpdate.objects.create(
            action=action, made_on=dt.date(2020, 10, 31), status="on_track", progress="Fine."
        )
    return plan


@pytest.mark.parametrize("path", ["", "/actions"])
def test_the_queries_of_a_plan_do_not_grow_with_its_actions(
    path, django_assert_max_num_queries, django_user_model
):
    person = django_user_model.objects.create_superuser(username="op", password="unused-pw")
    client = signed_in(person)
    small, large = _plan_with(2), _plan_with(40)
    with django_assert_max_num_queries(20) as few:
        get(client, f"/api/v1/plans/{small.slug}{path}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        get(client, f"/api/v1/plans/{large.slug}{path}")


def test_every_actions_page_address_is_the_one_django_reverses(shape, api):
    for action in all_actions(get(api, f"/api/v1/plans/{shape.plan.slug}")):
        kwargs = {
            "slug": shape.plan.slug,
            "position": action["domain"]["position"],
            "number": action["reference"],
        }
        assert action["web_url"] == reverse("plans:action_detail", kwargs=kwargs)


# The kept answer (the hot path) -----------------------------------------------------------


@pytest.mark.hot_path
@pytest.mark.parametrize("path", ["", "/actions"])
def test_a_plans_answer_is_kept_until_the_plan_changes(shape, api, manager, monkeypatch, path):
    from improvement_tracker.api import reads

    built = []
    original = reads.plan_tracker
    monkeypatch.setattr(reads, "plan_tracker", lambda **k: built.append(1) or original(**k))
    url = f"/api/v1/plans/{shape.plan.slug}{path}"
    first = api.get(url).content
    assert api.get(url).content == first
    assert api.get(url, {"status": "off_track", "utm_source": "bi"}).status_code == 200
    assert api.get(url, {"status": "off_track"}).status_code == 200
    assert len(built) == 2  # the whole plan once, the filtered one once
    action = shape.action("1")
    action_record_update(
        action=action,
        by=manager,
        made_on=timezone.localdate(),
        period="",
        status=Status.OFF_TRACK,
        progress="Changed after the first read.",
        evidence="",
        reason="",
        expected_version=action.version,
    )
    assert "Changed after the first read." in api.get(url).content.decode()
    assert len(built) == 3


@pytest.mark.parametrize("path", ["", "/actions"])
def test_the_plain_path_answers_as_the_hot_path(shape, api, settings, path):
    url = f"/api/v1/plans/{shape.plan.slug}{path}"
    query = {"as_of": RATED_AGAIN.isoformat(), "priority": "true"}
    settings.HOT_PATH = True
    hot = [api.get(url).json(), api.get(url).json(), api.get(url, query).json()]
    settings.HOT_PATH = False
    plain = [api.get(url).json(), api.get(url).json(), api.get(url, query).json()]
    assert plain == hot


def test_the_answers_sent_as_kept_json_have_exactly_their_schemas_fields(shape, api):
    from improvement_tracker.api.read_schemas import ActionOut, DomainOut, Table1Row

    url = f"/api/v1/plans/{shape.plan.slug}"
    answer = get(api, url)
    assert set(answer) == set(PlanOut.model_fields)
    assert all(set(domain) == set(DomainOut.model_fields) for domain in answer["domains"])
    assert all(set(action) == set(ActionOut.model_fields) for action in all_actions(answer))
    assert all(set(row) == set(Table1Row.model_fields) for row in answer["table1"])
    assert all(set(row) == set(ActionRow.model_fields) for row in get(api, f"{url}/actions"))
    assert PlanOut.model_validate(answer).model_dump(mode="json") == answer


def test_the_description_gives_each_read_its_rule_and_the_exports_their_file_types(api):
    paths = api.get("/api/v1/openapi.json").json()["paths"]
    rules = {
        path: operation["x-rule"]
        for path, operations in paths.items()
        for method, operation in operations.items()
        if method == "get" and path.startswith("/api/v1/plans")
    }
    assert rules == {
        "/api/v1/plans": "signed in",
        "/api/v1/plans/{slug}": "plan: view",
        "/api/v1/plans/{slug}/actions": "plan: view",
        "/api/v1/plans/{slug}/actions/{action_id}": "action: view",
        "/api/v1/plans/{slug}/audit": "plan: audit",
        "/api/v1/plans/{slug}/actions/{action_id}/audit": "action: audit",
        "/api/v1/plans/{slug}/export/{file_format}": "plan: export",
        "/api/v1/plans/{slug}/suggestions": "plan: edit",
    }
    export = paths["/api/v1/plans/{slug}/export/{file_format}"]["get"]["responses"]["200"]
    assert set(export["content"]) == {
        "text/csv",
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }


def test_an_archived_plans_suggestions_are_refused_as_on_its_page(world):
    manager = world.people["plan manager"]
    client = signed_in(manager)
    url = f"/api/v1/plans/{world.plan.slug}/suggestions"
    assert client.get(url).status_code == 200
    plan_archive(plan=world.plan, by=manager)
    refused = client.get(url)
    assert refused.status_code == 403
    assert "archived" in refused.json()["detail"]


def test_an_empty_filter_is_no_filter_as_on_the_tracker(shape, api):
    url = f"/api/v1/plans/{shape.plan.slug}"
    whole = get(api, url)
    empty = {"as_of": "", "domain": "", "status": "", "lead": "", "priority": "", "flagged": ""}
    assert get(api, url, **empty, text="") == whole
    assert get(api, f"{url}/actions", **empty) == get(api, f"{url}/actions")


def test_the_kept_answers_are_sent_as_ninja_sends_the_others(shape, api):
    url = f"/api/v1/plans/{shape.plan.slug}"
    written_by_ninja = api.get(f"{url}/suggestions")["Content-Type"]
    assert api.get(url)["Content-Type"] == written_by_ninja
    assert api.get(f"{url}/actions")["Content-Type"] == written_by_ninja
