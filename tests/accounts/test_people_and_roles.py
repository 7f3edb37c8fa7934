"""The plan's people and roles pages: whom a role may be given, and whose leads may be
chosen from one plan, say nothing about and change nothing in anything else."""

import pytest
from django.test import Client
from django.urls import reverse

from improvement_tracker.accounts.models import PlanRole, Role
from improvement_tracker.plans.models import Lead
from tests.factories import PlanFactory
from tests.people import person

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def give_role(client, plan, name):
    return client.post(reverse("plan_people", args=[plan.slug]), {"person": name, "role": "viewer"})


def error_of(response):
    html = response.content.decode()
    start = html.index('<a href="#id_person">')
    return html[start : html.index("</a>", start)]


@pytest.mark.parametrize(
    "who", ["plan manager", "partner plan manager", "organisation administrator"]
)
def test_the_role_form_says_the_same_whether_a_person_is_elsewhere_or_nowhere(world, who):
    outsider = world.people["outsider"]
    outsider.email = "outsider@another.example"
    outsider.save()
    client = client_for(world.people[who])
    errors = set()
    for name in ["outsider", "OUTSIDER", "outsider@another.example", "nobody", "no@where.example"]:
        response = give_role(client, world.plan, name)
        assert response.status_code == 200
        errors.add(error_of(response))
    assert len(errors) == 1, errors
    assert "Another Council" not in errors.pop()
    assert not PlanRole.objects.filter(user=outsider).exists()


def test_the_role_form_names_people_of_the_plans_organisation_and_those_with_a_role(world):
    client = client_for(world.people["plan manager"])
    assert give_role(client, world.plan, "member").status_code == 302
    # The police officer already holds a role here: it may be changed.
    assert give_role(client, world.plan, "police-officer").status_code == 302
    roles = dict(PlanRole.objects.filter(plan=world.plan).values_list("user__username", "role"))
    assert roles["member"] == roles["police-officer"] == Role.VIEWER


def test_a_partner_plan_manager_gives_a_role_to_a_colleague_of_their_own_organisation(world):
    police = world.people["partner plan manager"].membership.organisation
    colleague = person("police-analyst", police)
    client = client_for(world.people["partner plan manager"])
    response = client.get(reverse("plan_people", args=[world.plan.slug]))
    assert "Someone in Together for Children or Northumbria Police" in response.content.decode()
    assert give_role(client, world.plan, "police-analyst").status_code == 302
    assert PlanRole.objects.get(plan=world.plan, user=colleague).role == Role.VIEWER


def test_a_superuser_gives_someone_of_any_organisation_their_first_role(world):
    client = client_for(world.people["superuser"])
    assert give_role(client, world.plan, "outsider").status_code == 302
    assert PlanRole.objects.filter(plan=world.plan, user=world.people["outsider"]).exists()


def test_a_plan_manager_cannot_change_the_leads_of_someone_who_contributes_to_another_plan(
    world,
):
    contributor = world.people["lead contributor"]
    another = PlanFactory(organisation=world.plan.organisation, title="Another council plan")
    PlanRole.objects.create(plan=another, user=contributor, role=Role.LEAD_CONTRIBUTOR)
    director = Lead.objects.get(key="director")
    links = sorted(Lead.people.through.objects.values_list("lead_id", "user_id"))
    url = reverse("plan_person_leads", args=[world.plan.slug, contributor.pk])
    for who in ("plan manager", "partner plan manager"):
        client = client_for(world.people[who])
        page = client.get(url)
        assert page.status_code == 403
        assert "Only an organisation administrator" in page.content.decode()
        assert client.post(url, {"leads": [str(director.pk)]}).status_code == 403
    assert sorted(Lead.people.through.objects.values_list("lead_id", "user_id")) == links
    # Their organisation's administrator may.
    admin = client_for(world.people["organisation administrator"])
    assert admin.post(url, {"leads": [str(director.pk)]}).status_code == 302
    assert list(contributor.leads.values_list("key", flat=True)) == ["director"]


def test_a_plan_manager_chooses_the_leads_of_someone_who_contributes_here_alone(world):
    contributor = world.people["lead contributor"]
    director = Lead.objects.get(key="director")
    url = reverse("plan_person_leads", args=[world.plan.slug, contributor.pk])
    client = client_for(world.people["partner plan manager"])
    assert client.post(url, {"leads": [str(director.pk)]}).status_code == 302
    assert list(contributor.leads.values_list("key", flat=True)) == ["director"]


def test_an_archived_plans_people_page_offers_no_choice_of_leads(world):
    from improvement_tracker.plans.services.archiving import plan_archive

    client = client_for(world.people["plan manager"])
    url = reverse("plan_people", args=[world.plan.slug])
    choose = reverse(
        "plan_person_leads", args=[world.plan.slug, world.people["lead contributor"].pk]
    )
    assert choose in client.get(url).content.decode()
    plan_archive(plan=world.plan, by=None)
    assert choose not in client.get(url).content.decode()
    assert client.get(choose).status_code == 403
