"""Plan managers add, rename, reorder and archive domains; a domain keeps its Table 1 label."""

import re

import pytest
from django.urls import reverse

from improvement_tracker.audit.models import AuditEvent, Verb
from improvement_tracker.plans.models import Domain
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.selectors.plans import plan_summary
from improvement_tracker.plans.services import archiving as archiving_services
from improvement_tracker.plans.services import domains as domains_services
from tests.factories import ActionFactory, DomainFactory, PlanFactory
from tests.plans.pages import assert_form_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    plan = PlanFactory()
    for position, label in enumerate(["Help and Protection", "Children in Care", "Leadership"], 1):
        domain = DomainFactory(plan=plan, position=position, label=label, title=label.upper())
        ActionFactory(domain=domain, number=1, status=Status.ON_TRACK)
    return plan


def order(plan):
    return list(
        Domain.objects.filter(plan=plan, archived_at__isnull=True)
        .order_by("position")
        .values_list("label", flat=True)
    )


def test_adding_a_domain_puts_it_last_in_the_tracker_and_table1(plan, manager_of):
    client = manager_of(plan)
    url = reverse("plans:domain_add", args=[plan.slug])
    assert client.get(url).status_code == 200

    response = client.post(
        url, {"title": "PARTNERSHIPS AND SCRUTINY", "label": "Partnerships", "save": "1"}
    )

    assert response.status_code == 302
    assert response.url == reverse("plans:manage", args=[plan.slug])
    domain = Domain.objects.get(plan=plan, label="Partnerships")
    assert (domain.position, domain.title) == (4, "PARTNERSHIPS AND SCRUTINY")
    assert plan_summary(plan=plan)["domains"][-1] == "Partnerships"
    tracker = client.get(plan.get_absolute_url()).content.decode()
    assert '<h2 class="govuk-heading-m govuk-!-margin-top-8" id="domain-4">PARTNERSHIPS' in tracker
    event = AuditEvent.objects.get(verb=Verb.CREATE, object_type="plans.domain")
    assert event.after == {
        "title": "PARTNERSHIPS AND SCRUTINY",
        "label": "Partnerships",
        "position": 4,
    }


def test_renaming_a_domain_keeps_its_actions_and_relabels_table1(plan, manager_of):
    client = manager_of(plan)
    url = reverse("plans:domain_edit", args=[plan.slug, 2])
    assert 'value="Children in Care"' in client.get(url).content.decode()

    response = client.post(
        url, {"title": "CHILDREN IN CARE AND CARE LEAVERS", "label": "Children in Care & CL"}
    )

    assert response.status_code == 302
    summary = plan_summary(plan=plan)
    assert summary["domains"] == ["Help and Protection", "Children in Care & CL", "Leadership"]
    assert summary["table1"]["Children in Care & CL"]["Green"] == 1
    event = AuditEvent.objects.get(verb=Verb.CHANGE, object_type="plans.domain")
    assert event.before["label"] == "Children in Care"
    assert event.after["label"] == "Children in Care & CL"


def test_moving_a_domain_up_and_down_reorders_the_tracker(plan, manager_of):
    client = manager_of(plan)
    url = reverse("plans:manage", args=[plan.slug])
    assert "Move up" in client.get(url).content.decode()

    assert client.post(url, {"move_up": "3"}).status_code == 302
    assert order(plan) == ["Help and Protection", "Leadership", "Children in Care"]
    client.post(url, {"move_down": "1"})
    assert order(plan) == ["Leadership", "Help and Protection", "Children in Care"]
    client.post(url, {"move_up": "1"})  # already first: nothing changes
    assert order(plan) == ["Leadership", "Help and Protection", "Children in Care"]

    tracker = client.get(plan.get_absolute_url()).content.decode()
    headings = re.findall(r'id="domain-\d+">([A-Z ]+)</h2>', tracker)
    assert headings == ["LEADERSHIP", "HELP AND PROTECTION", "CHILDREN IN CARE"]
    assert plan_summary(plan=plan)["domains"] == order(plan)


def test_moving_skips_an_archived_domain_which_keeps_its_place(plan):
    middle = Domain.objects.get(plan=plan, position=2)
    archiving_services.domain_archive(domain=middle, by=None)
    last = Domain.objects.get(plan=plan, position=3)
    domains_services.domain_move(domain=last, up=True, by=None)
    positions = dict(Domain.objects.filter(plan=plan).values_list("label", "position"))
    assert positions == {"Leadership": 1, "Children in Care": 2, "Help and Protection": 3}


def test_archiving_a_domain_from_the_outline(plan, manager_of):
    client = manager_of(plan)
    url = reverse("plans:domain_archive", args=[plan.slug, 1])
    assert "Archive Help and Protection" in client.get(url).content.decode()
    assert client.post(url, {"confirm": "1"}).status_code == 302
    assert plan_summary(plan=plan)["domains"] == ["Children in Care", "Leadership"]
    archived = client.get(reverse("plans:archived_items", args=[plan.slug])).content.decode()
    assert "Help and Protection" in archived
    refused = client.get(reverse("plans:domain_edit", args=[plan.slug, 1]))
    assert refused.status_code == 403
    assert "Help and Protection is archived" in refused.content.decode()


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {"title": "", "label": "  "},
            {"id_title": "Enter the domain title", "id_label": "Enter the short label"},
        ),
        (
            {"title": "x" * 20_000, "label": "y" * 20_000},
            {
                "id_title": "Domain title must be 500 characters or fewer",
                "id_label": "Short label must be 100 characters or fewer",
            },
        ),
        (
            {"title": "LEADERSHIP AGAIN", "label": "leadership"},
            {"id_label": "This plan already has a domain labelled Leadership"},
        ),
    ],
)
def test_domain_form_errors_are_summarised_beside_fields_and_nothing_saved(
    plan, manager_of, data, errors
):
    client = manager_of(plan)
    response = client.post(reverse("plans:domain_add", args=[plan.slug]), data)
    html = assert_form_errors(response, errors)
    assert Domain.objects.filter(plan=plan).count() == 3
    if data["title"].strip():
        assert data["title"][:500] in html  # values kept


def test_renaming_to_an_archived_domains_label_is_refused(plan, manager_of):
    archiving_services.domain_archive(domain=Domain.objects.get(plan=plan, position=1), by=None)
    response = manager_of(plan).post(
        reverse("plans:domain_edit", args=[plan.slug, 2]),
        {"title": "X", "label": "Help and Protection"},
    )
    assert_form_errors(
        response,
        {"id_label": "This plan already has a domain labelled Help and Protection (archived)"},
    )
    assert Domain.objects.get(plan=plan, position=2).label == "Children in Care"


def test_reordering_is_all_or_nothing(plan, monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(domains_services, "audit_record", fail)
    with pytest.raises(RuntimeError):
        domains_services.domain_move(
            domain=Domain.objects.get(plan=plan, position=3), up=True, by=None
        )
    assert order(plan) == ["Help and Protection", "Children in Care", "Leadership"]


def test_only_plan_managers_change_domains(plan, member_of):
    client = member_of(plan)
    for url in [
        reverse("plans:manage", args=[plan.slug]),
        reverse("plans:domain_add", args=[plan.slug]),
        reverse("plans:domain_edit", args=[plan.slug, 1]),
    ]:
        assert client.get(url).status_code == 403
    assert (
        client.post(reverse("plans:manage", args=[plan.slug]), {"move_up": "3"}).status_code == 403
    )
    assert order(plan) == ["Help and Protection", "Children in Care", "Leadership"]
