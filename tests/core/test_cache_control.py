"""Nothing the application answers may be stored by a browser or a proxy: every page,
export, redirect and error says `Cache-Control: no-store`; static files keep their own."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from improvement_tracker.plans import views as plan_views
from tests.accounts.test_authorisation import PEOPLE, every_view, url_for

pytestmark = pytest.mark.django_db


def client_as(user: User | None, **options) -> Client:
    client = Client(**options)
    if user is not None:
        client.force_login(user)
    return client


def test_every_url_answers_every_person_with_no_store(world, settings):
    # Single sign-on's pages answer 404 while it is off; check them switched on too.
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = "improvement-tracker"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://login.example.test/authorize"
    problems, answers = [], set()
    for route, _, _ in every_view():
        url = url_for(route, world)
        for who in PEOPLE:
            for method in ("get", "post"):
                client = client_as(world.people[who])
                response = getattr(client, method)(url)
                answers.add(response.status_code)
                if response.get("Cache-Control") != "no-store":
                    problems.append(
                        f"{method.upper()} {url} as {who}: {response.status_code}, "
                        f"Cache-Control {response.get('Cache-Control')!r}"
                    )
    assert problems == []
    assert {200, 302, 403, 404, 405} <= answers  # pages, redirects and refusals alike


def test_an_export_says_no_store(world):
    client = client_as(world.people["member"])
    response = client.get(reverse("documents:export", args=[world.plan.slug, "csv"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store"


def test_the_admin_says_no_store(world):
    staff = User.objects.create_superuser(username="admin", password="not-used-here")
    for user, url, status in [
        (staff, "/admin/", 200),
        (staff, "/admin/auth/user/", 200),
        (None, "/admin/", 302),
        (None, "/admin/login/", 302),  # sent to the sign-in page, two-factor and all
    ]:
        response = client_as(user).get(url)
        assert response.status_code == status, url
        assert response["Cache-Control"] == "no-store", url


def test_error_pages_for_signed_in_people_say_no_store(world, monkeypatch):
    member = world.people["member"]
    missing = client_as(member).get("/no-such-page/")
    assert missing.status_code == 404
    refused = client_as(member, enforce_csrf_checks=True).post(reverse("logout"))
    assert refused.status_code == 403  # no CSRF token
    monkeypatch.setattr(plan_views, "visible_plans", lambda user: 1 / 0)
    crashed = client_as(member, raise_request_exception=False).get(reverse("plans:plan_list"))
    assert crashed.status_code == 500
    for response in (missing, refused, crashed):
        assert response["Cache-Control"] == "no-store"


def test_sign_in_pages_with_a_csrf_token_say_no_store(world):
    anonymous = Client()
    for name in ("login", "password_reset"):
        response = anonymous.get(reverse(name))
        assert 'name="csrfmiddlewaretoken"' in response.content.decode()
        assert response["Cache-Control"] == "no-store"
    failed = anonymous.post(reverse("login"), {"username": "member", "password": "wrong"})
    assert failed["Cache-Control"] == "no-store"


def test_static_files_keep_their_long_lived_caching():
    response = Client().get("/static/core/enable-js.js")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_health_check_is_left_as_it_was():
    response = Client().get("/healthz")
    assert response.status_code in (200, 503)
    assert response["Cache-Control"] == "no-store"
