"""Sign-in throttling per account across addresses and per address across accounts (finding 7).

Axes' own account-and-address pair let a second address sign in with the right password
while the first was locked, gave each new address more guesses, and never throttled one
guess at each of many usernames.
"""

import pytest
from django.urls import reverse

from improvement_tracker.audit.models import AuditEvent, Verb
from improvement_tracker.audit.services import client_ip

pytestmark = pytest.mark.django_db
RIGHT = "right-password-123"


def sign_in(client, username, password, address="10.0.0.1", **headers):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


@pytest.fixture
def lead(django_user_model):
    return django_user_model.objects.create_user(username="lead", password=RIGHT)


def test_an_account_locked_from_one_address_is_locked_from_every_other(client, lead, settings):
    limit = settings.SIGN_IN_FAILURES_PER_ACCOUNT
    # Spread over many addresses, as a guesser with a botnet would.
    for guess in range(limit - 1):
        assert sign_in(client, "lead", "wrong", f"10.0.1.{guess}").status_code == 200
    assert sign_in(client, "lead", "wrong", "10.0.2.1").status_code == 429
    # The right password from an address that has never failed is refused too.
    refused = sign_in(client, "lead", RIGHT, "10.0.3.1")
    assert refused.status_code == 429
    assert "Too many attempts to sign in" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_address_guessing_many_accounts_is_locked_out(client, lead, settings):
    limit = settings.SIGN_IN_FAILURES_PER_ADDRESS
    for guess in range(limit - 1):
        assert sign_in(client, f"someone-{guess}", "guess", "192.0.2.7").status_code == 200
    assert sign_in(client, "someone-else", "guess", "192.0.2.7").status_code == 429
    # Nothing more from that address, even a real person's right password...
    assert sign_in(client, "lead", RIGHT, "192.0.2.7").status_code == 429
    # ...while the same person from elsewhere signs in.
    assert sign_in(client, "lead", RIGHT, "198.51.100.1").status_code == 302


def test_a_shared_office_address_takes_more_mistakes_than_one_account(client, lead, settings):
    """Colleagues behind one address each mistyping a few times do not lock each other out."""
    assert settings.SIGN_IN_FAILURES_PER_ADDRESS > settings.SIGN_IN_FAILURES_PER_ACCOUNT
    for colleague in range(6):
        for _ in range(3):
            assert (
                sign_in(client, f"colleague-{colleague}", "typo", "203.0.113.9").status_code == 200
            )
    assert sign_in(client, "lead", RIGHT, "203.0.113.9").status_code == 302


def test_signing_into_your_own_account_does_not_wipe_your_guesses_at_others(
    client, lead, django_user_model, settings
):
    django_user_model.objects.create_user(username="attacker", password=RIGHT)
    limit = settings.SIGN_IN_FAILURES_PER_ADDRESS
    for guess in range(limit - 2):
        sign_in(client, f"victim-{guess}", "guess", "192.0.2.50")
    assert sign_in(client, "attacker", RIGHT, "192.0.2.50").status_code == 302
    client.logout()
    assert sign_in(client, "victim-x", "guess", "192.0.2.50").status_code == 200
    assert sign_in(client, "victim-y", "guess", "192.0.2.50").status_code == 429


def test_a_forwarded_for_header_is_ignored_unless_proxies_are_trusted(client, lead, settings):
    """By default the header is the client's own words: rotating it buys no more guesses."""
    assert settings.TRUSTED_PROXY_COUNT == 0
    limit = settings.SIGN_IN_FAILURES_PER_ADDRESS
    for guess in range(limit):
        sign_in(client, f"u{guess}", "x", "10.9.9.9", HTTP_X_FORWARDED_FOR=f"172.16.0.{guess}")
    assert (
        sign_in(client, "lead", RIGHT, "10.9.9.9", HTTP_X_FORWARDED_FOR="1.2.3.4").status_code
        == 429
    )


def test_behind_trusted_proxies_the_client_is_the_address_the_outer_proxy_saw(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = rf.get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5, 10.0.0.1"
    )
    # 6.6.6.6 is what the client claimed; the outer proxy appended 203.0.113.5.
    assert client_ip(request) == "203.0.113.5"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "10.0.0.1"
    # Fewer entries than trusted proxies, or nonsense: the peer's own address.
    settings.TRUSTED_PROXY_COUNT = 4
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    assert (
        client_ip(rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="not-an-ip"))
        == "10.0.0.2"
    )


def test_behind_a_trusted_proxy_lockout_and_audit_use_the_forwarded_address(client, lead, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    limit = settings.SIGN_IN_FAILURES_PER_ADDRESS
    for guess in range(limit):
        sign_in(client, f"u{guess}", "x", proxy, HTTP_X_FORWARDED_FOR="198.51.100.66")
    # Another client behind the same proxy is not locked out with the guesser.
    assert (
        sign_in(client, "lead", RIGHT, proxy, HTTP_X_FORWARDED_FOR="198.51.100.77").status_code
        == 302
    )
    addresses = set(AuditEvent.objects.values_list("ip_address", flat=True))
    assert addresses == {"198.51.100.66", "198.51.100.77"}


def test_failed_sign_ins_are_audited_once_a_minute_with_a_count(client, lead, settings):
    for _ in range(4):
        sign_in(client, "lead", "wrong", "10.0.0.5")
    rows = AuditEvent.objects.filter(verb=Verb.SIGN_IN_FAILED)
    assert rows.count() == 1
    row = rows.get()
    assert row.actor_name == "lead"
    assert row.ip_address == "10.0.0.5"
    # Another address is another row.
    sign_in(client, "lead", "wrong", "10.0.0.6")
    assert rows.count() == 2


def test_failed_sign_in_rows_carry_the_count_when_the_minute_has_passed(client, lead):
    from datetime import timedelta
    from unittest import mock

    from django.utils import timezone

    for _ in range(3):
        sign_in(client, "lead", "wrong", "10.0.0.5")
    later = timezone.now() + timedelta(seconds=61)
    with mock.patch("improvement_tracker.accounts.lockout.timezone.now", return_value=later):
        sign_in(client, "lead", "wrong", "10.0.0.5")
    counts = list(
        AuditEvent.objects.filter(verb=Verb.SIGN_IN_FAILED)
        .order_by("id")
        .values_list("after__failures_from_this_address", flat=True)
    )
    assert counts == [1, 4]


def test_a_lockout_is_audited_once_however_long_the_guessing_goes_on(client, lead, settings):
    # Fewer than the address's limit, so only the account is locked.
    assert settings.SIGN_IN_FAILURES_PER_ACCOUNT + 15 < settings.SIGN_IN_FAILURES_PER_ADDRESS
    for _ in range(settings.SIGN_IN_FAILURES_PER_ACCOUNT + 15):
        sign_in(client, "lead", "wrong", "10.0.0.8")
    lockouts = AuditEvent.objects.filter(verb=Verb.LOCKOUT)
    assert lockouts.count() == 1
    assert lockouts.get().summary == "Sign-in as 'lead' locked out after too many failed attempts"
    assert AuditEvent.objects.filter(verb=Verb.SIGN_IN_FAILED).count() == 1


def test_a_locked_address_trying_more_usernames_adds_no_more_rows(client, settings):
    for guess in range(settings.SIGN_IN_FAILURES_PER_ADDRESS + 40):
        sign_in(client, f"someone-{guess}", "guess", "192.0.2.99")
    lockouts = AuditEvent.objects.filter(verb=Verb.LOCKOUT)
    assert lockouts.count() == 1
    assert lockouts.get().summary == (
        "Sign-ins from 192.0.2.99 locked out after too many failed attempts"
    )
    # One row per username until the address was locked, none after.
    failed = AuditEvent.objects.filter(verb=Verb.SIGN_IN_FAILED).count()
    assert failed == settings.SIGN_IN_FAILURES_PER_ADDRESS - 1
