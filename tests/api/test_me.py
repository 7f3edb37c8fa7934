"""GET /api/v1/me: who a token or session is, and the 401 every endpoint answers
without one."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from improvement_tracker.api.models import ApiToken, Scope
from improvement_tracker.api.services import api_token_create, api_token_revoke
from tests.factories import OrganisationFactory
from tests.people import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return person("analyst", OrganisationFactory(name="Together for Children"))


def bearer(secret):
    return {"Authorization": f"Bearer {secret}"}


def test_a_token_says_who_holds_it_and_what_it_may_do(member):
    _, secret = api_token_create(user=member, name="Power BI", scope=Scope.READ, days=30, by=member)
    answer = Client().get("/api/v1/me", headers=bearer(secret)).json()
    assert answer["username"] == "analyst"
    assert answer["organisation"] == "Together for Children"
    assert (answer["via"], answer["scope"], answer["token_name"]) == ("token", "read", "Power BI")


def test_the_session_may_do_what_the_person_may(member):
    client = Client()
    client.force_login(member)
    answer = client.get("/api/v1/me").json()
    assert (answer["via"], answer["scope"], answer["token_name"]) == ("session", "write", None)


@pytest.mark.parametrize("what", ["none", "unknown", "revoked", "expired", "inactive"])
def test_without_a_live_token_the_answer_is_401_as_problem_details(member, what):
    token, secret = api_token_create(user=member, name="BI", scope=Scope.WRITE, days=30, by=member)
    headers = bearer(secret)
    if what == "none":
        headers = {}
    elif what == "unknown":
        headers = bearer(secret[:-2] + "xx")
    elif what == "revoked":
        api_token_revoke(token=token, by=member)
    elif what == "expired":
        ApiToken.objects.filter(pk=token.pk).update(
            expires_at=timezone.now() - dt.timedelta(seconds=1)
        )
    else:
        member.is_active = False
        member.save()
    response = Client().get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["status"] == 401


def test_a_refused_token_is_not_rescued_by_a_session_beside_it(member):
    client = Client()
    client.force_login(member)
    assert client.get("/api/v1/me", headers=bearer("itk_wrong")).status_code == 401


def test_only_the_hash_of_a_token_is_kept(member):
    token, secret = api_token_create(user=member, name="BI", scope=Scope.READ, days=1, by=member)
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret not in {str(value) for value in stored.values()}
    assert secret.startswith(token.prefix)


def test_a_token_waits_until_its_person_has_chosen_their_own_password(member):
    _, secret = api_token_create(user=member, name="BI", scope=Scope.READ, days=30, by=None)
    member.membership.one_time_password_expires = timezone.now() + dt.timedelta(days=7)
    member.membership.save()
    response = Client().get("/api/v1/me", headers=bearer(secret))
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert "choose your own password" in response.json()["detail"]
    member.membership.one_time_password_expires = None
    member.membership.save()
    assert Client().get("/api/v1/me", headers=bearer(secret)).status_code == 200


def test_a_token_waits_until_a_person_who_must_use_two_factor_has_set_it_up(member, settings):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.REQUIRE_TWO_FACTOR_FOR_MANAGERS = True
    member.membership.is_admin = True  # an organisation administrator must use it
    member.membership.save()
    _, secret = api_token_create(user=member, name="BI", scope=Scope.READ, days=30, by=None)
    response = Client().get("/api/v1/me", headers=bearer(secret))
    assert response.status_code == 403
    assert "two-factor" in response.json()["detail"]
    TOTPDevice.objects.create(user=member, name="Authenticator app", confirmed=True)
    assert Client().get("/api/v1/me", headers=bearer(secret)).status_code == 200


def test_a_change_sent_with_no_session_and_no_token_is_asked_to_sign_in_not_refused_for_csrf():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/v1/plans/any-plan/suggestions/accept", {}, "application/json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_change_sent_with_the_session_but_without_its_csrf_token_is_refused(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post("/api/v1/plans/any-plan/suggestions/accept", {}, "application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
