"""The tracker's cached parts: served again while nothing changed, never after a change,
and never carrying one person's links to another."""

import pytest
from django.test import Client

from improvement_tracker.accounts.models import PlanRole, Role
from improvement_tracker.plans import lead_merging
from improvement_tracker.plans.models import Lead
from improvement_tracker.plans.selectors import tracker as tracker_selectors
from improvement_tracker.plans.services import archiving as archiving_services
from improvement_tracker.plans.services import domains as domains_services
from tests.factories import ActionFactory, DomainFactory
from tests.plans.conftest import calls_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(monkeypatch):
    """Counts how often the tracker is built from the database."""
    return calls_to(monkeypatch, tracker_selectors, "plan_tracker")


@pytest.mark.hot_path  # tests the hot path's own cache
def test_an_unchanged_plan_is_built_once(signed_in_client, counted):
    domain = DomainFactory()
    ActionFactory(domain=domain, text="Keep children safe.")
    url = domain.plan.get_absolute_url()
    first = signed_in_client.get(url).content.decode()
    second = signed_in_client.get(url).content.decode()
    assert len(counted) == 1
    main = slice(first.index('id="main-content"'), first.index("</main>"))
    assert first[main] == second[main]  # (the sign-out form's CSRF token differs)
    assert "Keep children safe." in second


@pytest.mark.hot_path  # tests the hot path's own cache
def test_each_date_and_filter_is_its_own_entry(signed_in_client, counted):
    domain = DomainFactory()
    ActionFactory(domain=domain)
    url = domain.plan.get_absolute_url()
    signed_in_client.get(url)
    signed_in_client.get(url, {"as_of": "2020-10-31"})
    signed_in_client.get(url, {"status": "off_track"})
    signed_in_client.get(url, {"as_of": "2020-10-31"})
    assert len(counted) == 3


def test_renaming_a_domain_shows_on_the_next_request(signed_in_client):
    domain = DomainFactory(title="OLD DOMAIN TITLE", label="Old label")
    ActionFactory(domain=domain)
    url = domain.plan.get_absolute_url()
    assert "OLD DOMAIN TITLE" in signed_in_client.get(url).content.decode()
    domains_services.domain_rename(
        domain=domain, title="NEW DOMAIN TITLE", label="New label", by=None
    )
    html = signed_in_client.get(url).content.decode()
    assert "NEW DOMAIN TITLE" in html
    assert "OLD DOMAIN TITLE" not in html


def test_merging_leads_shows_on_the_next_request(signed_in_client):
    domain = DomainFactory()
    organisation = domain.plan.organisation
    keep = Lead.objects.create(organisation=organisation, name="CEx of TfC", key="cex of tfc")
    merge = Lead.objects.create(organisation=organisation, name="CEx TfC", key="cex tfc")
    ActionFactory(domain=domain).leads.add(merge)
    url = domain.plan.get_absolute_url()
    assert ">CEx TfC<" in signed_in_client.get(url, {"q": ""}).content.decode()
    lead_merging.leads_merge(keep=keep, merge=merge, by=None)
    html = signed_in_client.get(url, {"q": ""}).content.decode()
    assert ">CEx TfC<" not in html  # the lead filter offers only the kept spelling
    assert ">CEx of TfC<" in html


def test_archiving_the_plan_shows_on_the_next_request(signed_in_client):
    domain = DomainFactory()
    ActionFactory(domain=domain)
    url = domain.plan.get_absolute_url()
    assert "This plan was archived" not in signed_in_client.get(url).content.decode()
    archiving_services.plan_archive(plan=domain.plan, by=None)
    assert "archived" in signed_in_client.get(url).content.decode().lower()


def test_one_persons_links_never_reach_another(django_user_model):
    domain = DomainFactory()
    ActionFactory(domain=domain)
    plan = domain.plan
    manager = django_user_model.objects.create_user(username="manager")
    viewer = django_user_model.objects.create_user(username="viewer")
    PlanRole.objects.create(plan=plan, user=manager, role=Role.MANAGER)
    PlanRole.objects.create(plan=plan, user=viewer, role=Role.VIEWER)
    as_manager, as_viewer = Client(), Client()
    as_manager.force_login(manager)
    as_viewer.force_login(viewer)
    managing = as_manager.get(plan.get_absolute_url()).content.decode()
    viewing = as_viewer.get(plan.get_absolute_url()).content.decode()
    assert "People and roles" in managing
    assert "Change domains and actions" in managing
    assert "People and roles" not in viewing
    assert "Change domains and actions" not in viewing
    assert "Word document (.docx)" in viewing  # viewers may export
