"""Personal API tokens at work: made on the page and by the services, refused once revoked
or expired, read-only ones refused a change, and every one made or revoked audited with
who and which token, never its secret."""

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone
from ninja.errors import AuthorizationError

from improvement_tracker.api.auth import require_write
from improvement_tracker.api.models import ApiToken, Scope
from improvement_tracker.api.selectors import live_token
from improvement_tracker.api.services import api_token_create, api_token_revoke
from improvement_tracker.audit.models import AuditEvent, Verb
from tests.factories import OrganisationFactory
from tests.people import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return OrganisationFactory(name="Together for Children")


@pytest.fixture
def analyst(council):
    return person("analyst", council)


def bearer(secret):
    return {"Authorization": f"Bearer {secret}"}


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def made_on_the_page(client, **fields):
    answer = client.post("/account/api-tokens/new/", {"scope": "read", "days": "30", **fields})
    return re.search(r'<code id="secret">([^<]+)</code>', answer.content.decode()).group(1)


def test_a_revoked_token_is_refused_at_once(analyst):
    token, secret = api_token_create(user=analyst, name="BI", scope=Scope.READ, days=30, by=analyst)
    client = Client()
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 200
    signed_in(analyst).post(f"/account/api-tokens/{token.pk}/revoke/")
    # The very next request, with nothing cached in between, is refused.
    refused = client.get("/api/v1/me", headers=bearer(secret))
    assert refused.status_code == 401
    assert refused["Content-Type"] == "application/problem+json"


def test_an_expired_token_is_refused_and_listed_as_expired(analyst):
    token, secret = api_token_create(
        user=analyst, name="Old BI", scope=Scope.READ, days=1, by=analyst
    )
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert Client().get("/api/v1/me", headers=bearer(secret)).status_code == 401
    listing = signed_in(analyst).get("/account/api-tokens/").content.decode()
    assert re.search(r">Old BI</h3>.*?>Expired</strong>", listing, re.S)


def test_a_token_lasts_the_days_chosen_and_no_longer(analyst):
    secret = made_on_the_page(signed_in(analyst), name="BI", days="180")
    token = ApiToken.objects.get(user=analyst)
    assert token.expires_at - token.created_at == dt.timedelta(days=180)
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() + dt.timedelta(seconds=-1)
    )
    assert Client().get("/api/v1/me", headers=bearer(secret)).status_code == 401


def test_a_read_only_token_made_on_the_page_is_refused_a_change(analyst):
    secret = made_on_the_page(signed_in(analyst), name="BI", scope="read")
    request = SimpleNamespace(api_token=live_token(secret=secret))
    with pytest.raises(AuthorizationError):
        require_write(request)
    write = made_on_the_page(signed_in(analyst), name="Loader", scope="write")
    request.api_token = live_token(secret=write)
    require_write(request)  # a read and write token may


def test_making_a_token_on_the_page_is_audited_with_who_and_which_never_the_secret(analyst):
    secret = made_on_the_page(signed_in(analyst), name="Power BI")

    token = ApiToken.objects.get(user=analyst)
    event = AuditEvent.objects.get(verb=Verb.API_TOKEN)
    assert (event.actor_id, event.actor_name) == (analyst.pk, "analyst")
    assert (event.object_type, event.object_id) == ("api.apitoken", str(token.pk))
    assert token.prefix in event.summary and "Power BI" in event.summary
    assert event.after["scope"] == "read"
    assert secret not in f"{event.summary} {event.before} {event.after}"
    assert token.key_hash not in f"{event.summary} {event.before} {event.after}"


def test_revoking_on_the_page_is_audited_with_who_and_which(analyst, council):
    admin = person("org-admin", council, admin=True)
    token, secret = api_token_create(
        user=analyst, name="Leaver", scope=Scope.WRITE, days=30, by=analyst
    )

    signed_in(admin).post(f"/account/api-tokens/{token.pk}/revoke/")

    event = AuditEvent.objects.filter(verb=Verb.API_TOKEN).order_by("pk").last()
    assert (event.actor_id, event.actor_name) == (admin.pk, "org-admin")
    assert (event.object_type, event.object_id) == ("api.apitoken", str(token.pk))
    assert "revoked" in event.summary and "analyst" in event.summary
    assert event.before == {"revoked_at": None}
    assert secret not in f"{event.summary} {event.before} {event.after}"


def test_a_refused_revoke_is_audited_as_a_refusal_and_revokes_nothing(analyst, council):
    other = person("outsider", OrganisationFactory(name="Another Council"))
    token, _ = api_token_create(user=analyst, name="BI", scope=Scope.READ, days=30, by=analyst)

    assert signed_in(other).post(f"/account/api-tokens/{token.pk}/revoke/").status_code == 404

    assert AuditEvent.objects.filter(verb=Verb.REFUSED, actor_id=other.pk).exists()
    assert AuditEvent.objects.filter(verb=Verb.API_TOKEN).count() == 1  # its making only
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_revoking_twice_audits_once(analyst):
    token, _ = api_token_create(user=analyst, name="BI", scope=Scope.READ, days=30, by=analyst)
    api_token_revoke(token=token, by=analyst)
    api_token_revoke(token=token, by=analyst)
    assert AuditEvent.objects.filter(verb=Verb.API_TOKEN).count() == 2  # made, revoked
