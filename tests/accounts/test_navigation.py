"""The service navigation at the top of every page: rendered once per kind and kept, so
what must differ between people, pages and requests is tested here."""

import re

import pytest
from django.urls import reverse

from improvement_tracker.accounts.models import Membership
from improvement_tracker.hotpath.navigation import CSRF_STAND_IN
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def navigation(client, path):
    html = client.get(path).content.decode()
    return re.search(r"<section[^>]*govuk-service-navigation.*?</section>", html, re.S).group(0)


def active_items(nav):
    return re.findall(r'aria-current="true"[^>]*>\s*<strong[^>]*>([^<]+)<', nav)


def sign_in(client, django_user_model, username, admin=False):
    person = django_user_model.objects.create_user(username=username, password="x")
    Membership.objects.create(user=person, organisation=OrganisationFactory(), is_admin=admin)
    client.force_login(person)
    return person


def test_the_current_section_is_marked_on_its_page_only(client, django_user_model):
    sign_in(client, django_user_model, "lead")
    assert active_items(navigation(client, reverse("plans:my_actions"))) == ["My actions"]
    assert active_items(navigation(client, reverse("plans:plan_list"))) == ["Plans"]
    assert active_items(navigation(client, reverse("plans:home"))) == ["Home"]
    assert active_items(navigation(client, reverse("plans:portfolio"))) == ["Portfolio"]
    assert active_items(navigation(client, reverse("plans:plan_create"))) == []


def test_each_person_sees_their_own_name_escaped(client, django_user_model):
    sign_in(client, django_user_model, "first")
    assert ">first</span>" in navigation(client, reverse("plans:plan_list"))
    sign_in(client, django_user_model, "<b>second</b>")
    nav = navigation(client, reverse("plans:plan_list"))
    assert "&lt;b&gt;second&lt;/b&gt;" in nav
    assert "first" not in nav


def test_people_appears_for_an_administrator_only_and_at_once(client, django_user_model):
    person = sign_in(client, django_user_model, "admin", admin=True)
    assert reverse("organisation_people") in navigation(client, reverse("plans:plan_list"))
    Membership.objects.filter(user=person).update(is_admin=False)
    assert reverse("organisation_people") not in navigation(client, reverse("plans:plan_list"))


def test_the_sign_out_form_carries_this_requests_token(client, django_user_model):
    sign_in(client, django_user_model, "lead")
    nav = navigation(client, reverse("plans:plan_list"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', nav).group(1)
    assert token != CSRF_STAND_IN
    assert client.cookies["csrftoken"].value
    response = client.post(reverse("logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_nobody_signed_in_sees_no_sections(client):
    nav = navigation(client, reverse("login"))
    assert "Improvement Tracker" in nav
    assert "Sign out" not in nav
    assert reverse("plans:my_actions") not in nav
