"""The "API tokens" page: a person's own tokens listed, one made with its secret shown
once, one revoked after a confirmation; and an organisation administrator stopping their
own people's tokens, nobody else's."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from improvement_tracker.api.models import ApiToken, Scope
from improvement_tracker.api.services import api_token_create, api_token_revoke
from tests.factories import OrganisationFactory
from tests.people import person

pytestmark = pytest.mark.django_db
LIST = "/account/api-tokens/"
NEW = "/account/api-tokens/new/"


def revoke_url(token):
    return f"/account/api-tokens/{token.pk}/revoke/"


@pytest.fixture
def council():
    return OrganisationFactory(name="Together for Children")


@pytest.fixture
def analyst(council):
    return person("analyst", council)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def make(user, name="Power BI", scope=Scope.READ, days=30):
    return api_token_create(user=user, name=name, scope=scope, days=days, by=user)


def shown_secret(html):
    found = re.search(r'<code id="secret">([^<]+)</code>', html)
    assert found, "the page shows no token"
    return found.group(1)


def test_the_page_is_reached_from_your_account(analyst):
    account = client_for(analyst).get(reverse("account")).content.decode()
    assert f'href="{LIST}"' in account


def test_the_page_asks_a_visitor_to_sign_in_first():
    for url in (LIST, NEW, "/account/api-tokens/1/revoke/"):
        response = Client().get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login") + "?next=")


def test_the_page_lists_the_persons_own_tokens_and_nobody_elses(analyst, council):
    colleague = person("colleague", council)
    token, _ = make(analyst, name="Board report")
    make(colleague, name="Colleague's script")

    html = client_for(analyst).get(LIST).content.decode()

    assert "Board report" in html
    assert f"{token.prefix}…" in html
    assert "Read only" in html
    assert "Colleague's script" not in html
    assert "colleague" not in html
    assert "acts as you: with your own access, on every plan you may see" in html


def test_each_token_shows_its_status_as_a_word_live_expired_or_revoked(analyst):
    live, _ = make(analyst, name="Live one", scope=Scope.WRITE)
    expired, _ = make(analyst, name="Old one")
    ApiToken.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    revoked, _ = make(analyst, name="Stopped one")
    api_token_revoke(token=revoked, by=analyst)

    html = client_for(analyst).get(LIST).content.decode()

    def row_of(name):
        found = re.search(rf">{name}</h3>(.*?)</dl>", html, re.S)
        assert found, f"no card for {name}"
        return found.group(1)

    assert '<strong class="govuk-tag govuk-tag--green">Live</strong>' in row_of("Live one")
    assert "Read and write" in row_of("Live one")
    assert '<strong class="govuk-tag govuk-tag--grey">Expired</strong>' in row_of("Old one")
    assert '<strong class="govuk-tag govuk-tag--red">Revoked</strong>' in row_of("Stopped one")
    # Only a live token offers to be revoked.
    assert revoke_url(live) in html
    assert revoke_url(expired) not in html
    assert revoke_url(revoked) not in html


def test_the_form_offers_each_scope_explained_and_90_days_first(analyst):
    html = client_for(analyst).get(NEW).content.decode()
    assert "Read only" in html and "Read and write" in html
    assert "It cannot change anything" in html
    assert re.search(r'value="90"\s+checked', html)
    for days in ("30", "180", "365"):
        assert f'value="{days}"' in html


def test_a_token_made_on_the_page_is_shown_once_and_works_against_the_api(analyst):
    client = client_for(analyst)

    response = client.post(NEW, {"name": "Power BI", "scope": "read", "days": "30"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]  # no browser or proxy keeps the secret
    secret = shown_secret(html)
    assert "This is the only time the token is shown" in html
    assert f"Authorization: Bearer {secret}" in html
    token = ApiToken.objects.get(user=analyst)
    assert (token.name, token.scope) == ("Power BI", "read")
    assert token.expires_at.date() == (timezone.now() + dt.timedelta(days=30)).date()
    me = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.status_code == 200
    assert me.json()["username"] == "analyst"
    # Never again: neither the list nor the account page shows it.
    assert secret not in client.get(LIST).content.decode()
    assert secret not in client.get(reverse("account")).content.decode()


def test_only_the_tokens_hash_is_stored(analyst):
    html = client_for(analyst).post(NEW, {"name": "BI", "scope": "write", "days": "90"})
    secret = shown_secret(html.content.decode())
    stored = ApiToken.objects.filter(user=analyst).values().get()
    assert secret not in {str(value) for value in stored.values()}
    assert stored["key_hash"] != secret and len(stored["key_hash"]) == 64


def test_a_form_with_mistakes_shows_each_error_beside_its_field_and_makes_nothing(analyst):
    response = client_for(analyst).post(NEW, {"name": " ", "scope": "admin", "days": "7"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Make an API token" in html
    assert "govuk-error-summary" in html
    for message in (
        "Enter a name for the token",
        "Select read only, or read and write",
        "Select one of the lengths of time listed",
    ):
        assert html.count(message) == 2, message  # in the summary and beside the field
    assert not ApiToken.objects.exists()


def test_a_tokens_name_is_escaped_wherever_it_is_shown(analyst):
    client = client_for(analyst)
    made = client.post(NEW, {"name": "<script>x</script>", "scope": "read", "days": "30"})
    assert "<script>x</script>" not in made.content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in made.content.decode()
    assert "<script>x</script>" not in client.get(LIST).content.decode()


def test_revoking_asks_first_then_stops_the_token_at_once(analyst):
    token, secret = make(analyst)
    client = client_for(analyst)
    bearer = {"Authorization": f"Bearer {secret}"}
    assert Client().get("/api/v1/me", headers=bearer).status_code == 200

    confirm = client.get(revoke_url(token)).content.decode()
    assert "Revoke the API token ‘Power BI’" in confirm
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None

    response = client.post(revoke_url(token), follow=True)

    assert "The token ‘Power BI’ has been revoked" in response.content.decode()
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert Client().get("/api/v1/me", headers=bearer).status_code == 401


def test_someone_elses_token_is_404_to_revoke_and_keeps_working(analyst, council):
    colleague = person("colleague", council)
    token, secret = make(colleague)
    client = client_for(analyst)

    assert client.get(revoke_url(token)).status_code == 404
    assert client.post(revoke_url(token)).status_code == 404
    assert client.get("/account/api-tokens/999999/revoke/").status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    me = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.status_code == 200


def test_a_token_that_no_longer_works_is_not_revoked_again(analyst):
    token, _ = make(analyst)
    api_token_revoke(token=token, by=analyst)
    response = client_for(analyst).post(revoke_url(token), follow=True)
    assert "already does not work" in response.content.decode()


def test_an_administrator_sees_and_revokes_their_organisations_peoples_tokens(analyst, council):
    admin = person("org-admin", council, admin=True)
    token, secret = make(analyst, name="Leaver's script")
    client = client_for(admin)

    html = client.get(LIST).content.decode()
    assert "Tokens of Together for Children's people" in html
    assert "Leaver&#x27;s script, of analyst" in html

    response = client.post(revoke_url(token), follow=True)

    assert "The token ‘Leaver&#x27;s script’ of analyst has been revoked" in (
        response.content.decode()
    )
    assert (
        Client().get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    )


def test_an_administrator_may_not_touch_another_organisations_tokens(council):
    admin = person("org-admin", council, admin=True)
    elsewhere = person("elsewhere", OrganisationFactory(name="Another Council"))
    token, _ = make(elsewhere, name="Their script")
    client = client_for(admin)

    assert "Their script" not in client.get(LIST).content.decode()
    assert client.post(revoke_url(token)).status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_a_member_who_is_not_an_administrator_sees_no_one_elses_tokens(analyst, council):
    make(person("colleague", council), name="Colleague's script")
    html = client_for(analyst).get(LIST).content.decode()
    assert "Tokens of Together for Children" not in html
    assert "Colleague" not in html
