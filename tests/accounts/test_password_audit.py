"""Password changes and completed resets are audited, however they are made (finding 10)."""

import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse

from improvement_tracker.audit.models import AuditEvent, Verb
from tests.plans.pages import assert_form_errors

pytestmark = pytest.mark.django_db
PASSWORD = "right-password-123"
NEW = "a-brand-new-password-456"


@pytest.fixture
def lead(django_user_model):
    return django_user_model.objects.create_user(
        username="lead", email="lead@example.gov.uk", password=PASSWORD
    )


def audited_new_password(person, verb, *, by):
    """The person's password is now NEW, and one event of `verb` by `by` says so."""
    person.refresh_from_db()
    assert person.check_password(NEW)
    event = AuditEvent.objects.get(verb=verb)
    assert event.actor == by
    return event


def test_a_person_changing_their_own_password_is_audited(client, lead):
    client.force_login(lead)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.url == reverse("account")
    event = audited_new_password(lead, Verb.PASSWORD, by=lead)
    assert event.summary == "lead changed their password"
    assert event.ip_address == "127.0.0.1"
    # Still signed in on this device.
    assert client.get(reverse("account")).status_code == 200


def test_a_wrong_current_password_changes_nothing(client, lead):
    client.force_login(lead)
    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": NEW, "new_password2": NEW},
    )
    assert_form_errors(
        response, {"id_old_password": "Your current password is not correct. Enter it again"}
    )
    lead.refresh_from_db()
    assert lead.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(verb=Verb.PASSWORD).exists()


def test_a_password_set_through_the_admin_site_is_audited(client, lead, django_user_model):
    root = django_user_model.objects.create_superuser(username="root", password=PASSWORD)
    client.force_login(root)
    url = reverse("admin:auth_user_password_change", args=[lead.pk])
    response = client.post(url, {"password1": NEW, "password2": NEW, "usable_password": "true"})
    assert response.status_code == 302, response.content.decode()[:2000]
    event = audited_new_password(lead, Verb.PASSWORD, by=root)
    assert event.summary == "root set a new password for lead in the admin site"
    assert event.object_id == str(lead.pk)


def test_a_refused_admin_password_form_is_not_audited(client, lead, django_user_model):
    root = django_user_model.objects.create_superuser(username="root", password=PASSWORD)
    client.force_login(root)
    url = reverse("admin:auth_user_password_change", args=[lead.pk])
    client.post(url, {"password1": NEW, "password2": "different", "usable_password": "true"})
    assert not AuditEvent.objects.filter(verb=Verb.PASSWORD).exists()


def test_a_completed_password_reset_is_audited_and_lifts_the_lockout(client, lead, settings):
    for _ in range(settings.SIGN_IN_FAILURES_PER_ACCOUNT):
        client.post(
            reverse("login"), {"username": "lead", "password": "wrong"}, REMOTE_ADDR="10.1.1.1"
        )
    assert AccessAttempt.objects.filter(username="lead").exists()
    client.post(reverse("password_reset"), {"email": "lead@example.gov.uk"})
    link = re.search(r"https?://[^/]+(/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW}
    )
    assert response.url == reverse("password_reset_complete")
    event = audited_new_password(lead, Verb.PASSWORD_RESET, by=lead)
    assert event.summary == "lead chose a new password through a reset link"
    assert not AccessAttempt.objects.filter(username="lead").exists()
    assert client.post(reverse("login"), {"username": "lead", "password": NEW}).url == reverse(
        "home"
    )


def test_wrong_current_passwords_count_towards_the_lockout(client, lead, settings):
    settings.SIGN_IN_FAILURES_PER_ACCOUNT = 3
    client.force_login(lead)
    wrong = {"old_password": "guess", "new_password1": NEW, "new_password2": NEW}
    for _ in range(2):
        assert client.post(reverse("password_change"), wrong).status_code == 200
    locked = client.post(reverse("password_change"), wrong)
    assert locked.status_code == 429
    assert "Too many attempts to sign in" in locked.content.decode()
    # Even the right one is refused while locked.
    right = {**wrong, "old_password": PASSWORD}
    assert client.post(reverse("password_change"), right).status_code == 429
    lead.refresh_from_db()
    assert lead.check_password(PASSWORD)
