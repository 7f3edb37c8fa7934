"""The action page's cached parts (ADR 0015): built once while nothing changed, never
served after a change, and never carrying one person's links to another."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from improvement_tracker.accounts.models import PlanRole, Role
from improvement_tracker.plans.models import ActionUpdate, Lead
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.selectors import actions as actions_selectors
from improvement_tracker.plans.services import actions as actions_services
from improvement_tracker.plans.services import domains as domains_services
from improvement_tracker.plans.services import next_year as next_year_services
from tests.factories import ActionFactory, DomainFactory, record_update
from tests.plans.conftest import calls_to

pytestmark = pytest.mark.django_db


def page(action):
    args = [action.domain.plan.slug, action.domain.position, action.number]
    return reverse("plans:action_detail", args=args)


@pytest.fixture
def action():
    domain = DomainFactory(position=1, label="Help and Protection")
    return ActionFactory(domain=domain, number=7, status=Status.ON_TRACK, progress="On track.")


@pytest.fixture
def built(monkeypatch):
    """Counts how often the action's history is read from the database."""
    return calls_to(monkeypatch, actions_selectors, "action_history")


@pytest.mark.hot_path  # tests the hot path's own cache
def test_an_unchanged_action_is_built_once(signed_in_client, action, built):
    first = signed_in_client.get(page(action)).content.decode()
    second = signed_in_client.get(page(action)).content.decode()
    assert len(built) == 1
    main = slice(first.index('id="main-content"'), first.index("</main>"))
    assert first[main] == second[main]
    assert "On track." in second


def test_a_recorded_update_shows_on_the_very_next_request(signed_in_client, action, built):
    assert "Deadline missed." not in signed_in_client.get(page(action)).content.decode()
    record_update(
        action, made_on=timezone.localdate(), status=Status.OFF_TRACK, progress="Deadline missed."
    )
    html = signed_in_client.get(page(action)).content.decode()
    assert "Deadline missed." in html
    assert "2 updates, newest first." in html
    assert len(built) == 2


def test_an_update_written_without_the_services_still_shows(signed_in_client, action):
    signed_in_client.get(page(action))
    ActionUpdate.objects.create(
        action=action, made_on=timezone.localdate(), status=Status.AT_RISK, progress="Data fix."
    )
    assert "Data fix." in signed_in_client.get(page(action)).content.decode()


def test_editing_the_action_shows_on_the_very_next_request(signed_in_client, action):
    assert "Audit the front door." not in signed_in_client.get(page(action)).content.decode()
    actions_services.action_edit(
        action=action,
        text="Audit the front door.",
        lead_text="Head of Service",
        leads=[],
        timescale_text="31/03/2021",
        high_priority=True,
        expected_version=action.version,
        by=None,
    )
    html = signed_in_client.get(page(action)).content.decode()
    assert "Audit the front door." in html
    assert "<strong>High priority.</strong>" in html


def test_renaming_the_domain_shows_on_the_very_next_request(signed_in_client, action):
    signed_in_client.get(page(action))
    domains_services.domain_rename(
        domain=action.domain, title="Front door", label="Front Door", by=None
    )
    html = signed_in_client.get(page(action)).content.decode()
    assert '<h1 class="govuk-heading-l">Front Door, action 7</h1>' in html


def test_carrying_forward_shows_on_the_earlier_action_at_once(
    signed_in_client, action, django_user_model
):
    assert "Carried forward to" not in signed_in_client.get(page(action)).content.decode()
    plan = action.domain.plan
    later = next_year_services.plan_start_next_year(
        plan=plan,
        title="Next year's plan",
        period_start=dt.date(2021, 4, 1),
        period_end=dt.date(2022, 3, 31),
        reporting_date=dt.date(2021, 6, 30),
        by=django_user_model.objects.create_user(username="manager"),
    )
    html = signed_in_client.get(page(action)).content.decode()
    assert "Carried forward to" in html
    assert reverse("plans:action_detail", args=[later.slug, 1, 7]) in html


def test_one_persons_links_never_reach_another(django_user_model, action):
    plan = action.domain.plan
    lead = Lead.objects.create(organisation=plan.organisation, name="Head of Service", key="hos")
    action.leads.add(lead)
    manager = django_user_model.objects.create_user(username="manager")
    contributor = django_user_model.objects.create_user(username="contributor")
    viewer = django_user_model.objects.create_user(username="viewer")
    PlanRole.objects.create(plan=plan, user=manager, role=Role.MANAGER)
    PlanRole.objects.create(plan=plan, user=contributor, role=Role.LEAD_CONTRIBUTOR)
    PlanRole.objects.create(plan=plan, user=viewer, role=Role.VIEWER)
    lead.people.add(contributor)
    seen = {}
    for person in (manager, contributor, viewer):
        client = Client()
        client.force_login(person)
        seen[person.username] = client.get(page(action)).content.decode()
    assert "Change the action, its leads" in seen["manager"]
    assert "Record a progress update" in seen["contributor"]
    assert "Change the action, its leads" not in seen["contributor"]
    assert "Record a progress update" not in seen["viewer"]
    assert "Change the action, its leads" not in seen["viewer"]
    assert all("On track." in html for html in seen.values())


def test_text_that_looks_like_a_part_marker_stays_text(signed_in_client):
    domain = DomainFactory(position=1)
    marker = "<!--cached part: history-->"
    action = ActionFactory(domain=domain, number=1, text=marker, progress=f"Said {marker}.")
    html = signed_in_client.get(page(action)).content.decode()
    assert marker not in html
    assert "&lt;!--cached part: history--&gt;" in html
    assert html.count('<h2 class="govuk-heading-m">History</h2>') == 1
