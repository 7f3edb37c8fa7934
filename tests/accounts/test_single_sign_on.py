"""Single sign-on against a faithful test double of an OpenID Connect provider.

No OpenID Connect provider can be installed from the package registries this project
reaches, so `responses` plays the provider's token, keys and userinfo endpoints, with
an RSA key made for the test signing real RS256 ID tokens; everything on our side
(state, nonce, signature, claims, matching by email domain) runs for real.
"""

import json
import time
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
import responses
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth.models import User
from django.urls import reverse

from improvement_tracker.accounts.models import Membership
from improvement_tracker.audit.models import AuditEvent, Verb
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

PROVIDER = "https://login.example.test/tenant"
CLIENT_ID = "improvement-tracker"


@pytest.fixture
def provider_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def sso(settings):
    settings.OIDC_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "improvement_tracker.accounts.oidc.OrganisationOIDCBackend",
    ]
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = "test-double-secret"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{PROVIDER}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{PROVIDER}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{PROVIDER}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{PROVIDER}/keys"
    return settings


def sign_in_through_provider(client, key, claims, *, tamper=False):
    """Follow the code flow as a browser would, with the provider played by `responses`."""
    start = client.get(reverse("oidc_authentication_init"))
    assert start.status_code == 302
    request = parse_qs(urlparse(start.url).query)
    assert start.url.startswith(f"{PROVIDER}/authorize")
    assert request["client_id"] == [CLIENT_ID]
    state, nonce = request["state"][0], request["nonce"][0]

    now = int(time.time())
    id_token = jwt.encode(
        {
            "iss": PROVIDER,
            "aud": CLIENT_ID,
            "sub": "user-1",
            "iat": now,
            "exp": now + 300,
            "nonce": "someone-elses-nonce" if tamper else nonce,
            **claims,
        },
        key,
        algorithm="RS256",
        headers={"kid": "test-key"},
    )
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    with responses.RequestsMock() as provider:
        provider.post(
            f"{PROVIDER}/token", json={"id_token": id_token, "access_token": "access-token"}
        )
        provider.get(
            f"{PROVIDER}/keys", json={"keys": [{**public, "kid": "test-key", "alg": "RS256"}]}
        )
        if not tamper:
            provider.get(f"{PROVIDER}/userinfo", json=claims)
        return client.get(reverse("oidc_authentication_callback"), {"code": "c0de", "state": state})


def test_new_person_joins_the_organisation_owning_their_email_domain(client, sso, provider_key):
    council = OrganisationFactory(name="Sunderland City Council", email_domain="sunderland.gov.uk")
    claims = {
        "email": "Ada.Lovelace@sunderland.gov.uk",
        "given_name": "Ada",
        "family_name": "Lovelace",
    }
    response = sign_in_through_provider(client, provider_key, claims)
    assert response.status_code == 302
    assert response.url == reverse("home")
    user = User.objects.get(email="Ada.Lovelace@sunderland.gov.uk")
    assert (user.first_name, user.last_name) == ("Ada", "Lovelace")
    assert Membership.objects.get(user=user).organisation == council
    assert client.session["_auth_user_id"] == str(user.pk)
    assert AuditEvent.objects.filter(verb=Verb.SIGN_IN, actor=user).exists()
    assert AuditEvent.objects.filter(verb=Verb.CREATE, actor=user).exists()


def test_existing_person_is_matched_by_email(client, sso, provider_key, django_user_model):
    existing = django_user_model.objects.create_user(username="ada", email="ada@sunderland.gov.uk")
    response = sign_in_through_provider(client, provider_key, {"email": "ADA@sunderland.gov.uk"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(existing.pk)
    assert User.objects.count() == 1


def test_unknown_email_domain_is_refused(client, sso, provider_key):
    OrganisationFactory(name="Sunderland City Council", email_domain="sunderland.gov.uk")
    response = sign_in_through_provider(client, provider_key, {"email": "mallory@example.com"})
    assert response.status_code == 302
    assert response.url == "/sign-in/?sso=failed"
    assert "_auth_user_id" not in client.session
    assert not User.objects.exists()
    html = client.get(response.url).content.decode()
    assert "Single sign-on did not let you in" in html


def test_a_token_with_the_wrong_nonce_is_refused(client, sso, provider_key):
    OrganisationFactory(name="Sunderland City Council", email_domain="sunderland.gov.uk")
    response = sign_in_through_provider(
        client, provider_key, {"email": "ada@sunderland.gov.uk"}, tamper=True
    )
    assert response.status_code == 400  # Django's answer to a SuspiciousOperation
    assert "_auth_user_id" not in client.session
    assert not User.objects.exists()


def test_single_sign_on_is_off_unless_switched_on(client):
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert "Sign in with your organisation" not in client.get(reverse("login")).content.decode()


def test_sign_in_page_offers_single_sign_on_when_on(client, sso):
    html = client.get(reverse("login")).content.decode()
    assert "Sign in with your organisation's account" in html
