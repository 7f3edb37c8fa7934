"""Who may use the editing pages, and that none of them changes an archived plan."""

import pytest
from django.urls import reverse

from improvement_tracker.accounts.permissions import Ability
from improvement_tracker.audit.models import AuditEvent, Verb
from improvement_tracker.plans.models import Action, Domain, Lead, Plan
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.services import archiving as archiving_services
from improvement_tracker.plans.urls import urlpatterns
from tests.factories import ActionFactory, DomainFactory, LeadFactory
from tests.plans.change_pages import ORGANISATION_PAGES, change_pages

pytestmark = pytest.mark.django_db

# Every page that changes a plan, with the arguments after the plan's slug.
EDITING = change_pages(1)
ORGANISATION = ORGANISATION_PAGES


@pytest.fixture
def plan():
    domain = DomainFactory(position=1, label="Leadership")
    ActionFactory(domain=domain, number=1, status=Status.ON_TRACK)
    ActionFactory(domain=domain, number=2, status=Status.OFF_TRACK)
    LeadFactory(organisation=domain.plan.organisation, name="CEx of TfC")
    LeadFactory(organisation=domain.plan.organisation, name="CEx TfC")
    return domain.plan


def state():
    return (
        list(Plan.objects.values_list("pk", "title", "archived_at")),
        list(Domain.objects.values_list("pk", "position", "label", "archived_at")),
        list(Action.objects.values_list("pk", "domain_id", "number", "version", "archived_at")),
        list(Lead.objects.values_list("pk", "name", "merged_into")),
        # Refusals are audited (audit/refusals.py); nothing else may be.
        AuditEvent.objects.exclude(verb=Verb.REFUSED).count(),
    )


def anything(plan):
    """A POST that every editing form would accept, were it allowed."""
    lead_ids = list(Lead.objects.values_list("pk", flat=True))
    return {
        "confirm": "1",
        "version": "1",
        "title": "New title",
        "label": "New label",
        "number": "9",
        "text": "New words",
        "timescale_text": "2021",
        "domain": "1",
        "name": "Head of Service",
        "keep": str(lead_ids[0]),
        "merge": str(lead_ids[1]),
        "move_up": "1",
        "accept_all": "1",
        "status": "off_track",
        "progress": "Words",
    }


def test_every_plans_page_declares_who_may_use_it():
    missing = [p.name for p in urlpatterns if not hasattr(p.callback, "access_rule")]
    assert missing == []


def test_editing_pages_need_a_plan_manager():
    from improvement_tracker.plans import action_edit_views, edit_views

    views = {**vars(edit_views), **vars(action_edit_views)}
    for name in EDITING:
        view = views.get(name.split(":")[1])
        if view is not None and name != "plans:plan_create":
            assert view.access_rule.ability is Ability.EDIT, name


def test_the_organisations_pages_need_an_organisation_administrator():
    from improvement_tracker.plans import edit_views

    for name in ORGANISATION:
        view = getattr(edit_views, name.split(":")[1])
        assert view.access_rule.ability is Ability.ORGANISATION_LEADS, name


def test_someone_who_may_only_read_the_plan_is_refused_every_editing_page(plan, member_of):
    client = member_of(plan)
    before = state()
    for name, args in {**EDITING, **ORGANISATION}.items():
        url = reverse(name, args=[plan.slug, *args])
        assert client.get(url).status_code == 403, name
        assert client.post(url, anything(plan)).status_code == 403, name
    assert state() == before
    assert AuditEvent.objects.filter(verb=Verb.REFUSED).count() == 1  # one per window


def test_an_archived_plan_refuses_every_editing_page_even_to_its_manager(
    plan, manager_of, admin_of
):
    client, admin = manager_of(plan), admin_of(plan)
    archiving_services.plan_archive(plan=plan, by=None)
    before = state()
    pages = [(client, name, args) for name, args in EDITING.items()]
    pages += [(admin, name, args) for name, args in ORGANISATION.items()]
    for who, name, args in pages:
        url = reverse(name, args=[plan.slug, *args])
        for response in (who.get(url), who.post(url, anything(plan))):
            assert response.status_code == 403, name
            assert "This plan is archived" in response.content.decode(), name
    assert state() == before
    assert client.get(plan.get_absolute_url()).status_code == 200  # still readable


def test_every_editing_page_escapes_what_people_typed(signed_in_client):
    script = "<script>alert('x')</script>"
    domain = DomainFactory(position=1, label=script, title=script, plan__title=script)
    ActionFactory(domain=domain, number=1, text=script, lead_text=script, progress=script)
    LeadFactory(organisation=domain.plan.organisation, name=script)
    plan = domain.plan
    pages = [
        reverse(name, args=[plan.slug, *args]) for name, args in {**EDITING, **ORGANISATION}.items()
    ]
    pages += [plan.get_absolute_url() + "?q=%3Cscript%3E", reverse("plans:plan_list")]
    for url in pages:
        html = signed_in_client.get(url).content.decode()
        assert script not in html, url
        assert "&lt;script&gt;" in html, url  # it is shown, escaped
