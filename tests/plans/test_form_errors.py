"""Every form page that refuses input says so one way: crispy-forms-gds's error summary
and its message beside each field (ADR 0034). The pages whose own tests do not already
check this with assert_form_errors are checked here."""

import pytest
from django.test import Client
from django.urls import reverse

from improvement_tracker.accounts.models import Membership
from tests.factories import ActionFactory, OrganisationFactory
from tests.plans.pages import assert_form_errors

pytestmark = pytest.mark.django_db

A_DATE_THAT_IS_NOT = "as_of_0=31&as_of_1=2&as_of_2=2020"
NOT_A_REAL_DATE = {"id_as_of": "The as-at date must be a real date"}


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("page", ["plans:tracker", "plans:exceptions", "plans:suggestions"])
def test_an_impossible_as_at_date_is_shown_as_a_form_error(example_plan, signed_in_client, page):
    url = reverse(page, args=[example_plan.slug])
    assert_form_errors(signed_in_client.get(f"{url}?{A_DATE_THAT_IS_NOT}"), NOT_A_REAL_DATE)


def test_an_empty_progress_update_names_each_missing_answer(signed_in_client):
    action = ActionFactory()
    args = [action.domain.plan.slug, action.domain.position, action.number]
    response = signed_in_client.post(
        reverse("plans:action_update", args=args), {"version": str(action.version)}
    )
    assert_form_errors(
        response,
        {
            "id_made_on": "Enter the date of this update",
            "id_status": "Select a status",
            "id_progress": "Enter the progress update",
        },
    )


def test_a_role_given_to_nobody_names_the_person_and_the_role(world):
    client = client_for(world.people["plan manager"])
    response = client.post(
        reverse("plan_people", args=[world.plan.slug]), {"person": "", "role": ""}
    )
    assert_form_errors(
        response,
        {
            "id_person": "Enter the person's email address or username",
            "id_role": "Select a role",
        },
    )


def test_a_lead_from_elsewhere_is_refused_on_the_leads_page(world):
    contributor = world.people["lead contributor"]
    url = reverse("plan_person_leads", args=[world.plan.slug, contributor.pk])
    response = client_for(world.people["plan manager"]).post(url, {"leads": ["999999"]})
    message = "Select a valid choice. 999999 is not one of the available choices."
    assert_form_errors(response, {"id_leads": message})


def test_a_new_person_without_a_username_or_a_good_address_is_refused(django_user_model):
    admin = django_user_model.objects.create_user(username="admin", password="x")
    Membership.objects.create(user=admin, organisation=OrganisationFactory(), is_admin=True)
    response = client_for(admin).post(
        reverse("organisation_people"), {"username": "", "email": "not an address"}
    )
    assert_form_errors(
        response,
        {
            "id_username": "Enter a username",
            "id_email": "Enter an email address in the correct format, like name@example.gov.uk",
        },
    )


def test_a_reset_asked_for_without_an_address_says_to_enter_one(client):
    response = client.post(reverse("password_reset"), {"email": ""})
    assert_form_errors(response, {"id_email": "Enter your email address"})
