"""Mail settings from the environment, and a failed send that administrators see (finding 9)."""

import json
import logging
import socket

import pytest
from django.core import mail
from django.urls import reverse

from improvement_tracker.accounts.models import Membership
from improvement_tracker.audit.models import AuditEvent, Verb
from tests.config.test_production_settings import REQUIRED, in_production
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unreachable_mail_server(settings):
    """Real SMTP to a loopback port where nothing listens: the connection is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 2
    return port


def test_production_reads_the_mail_settings_from_the_environment():
    script = (
        "import json; from config.settings import production as s; "
        "print(json.dumps({k: getattr(s, k) for k in ("
        "'EMAIL_BACKEND', 'EMAIL_HOST', 'EMAIL_PORT', 'EMAIL_HOST_USER', 'EMAIL_HOST_PASSWORD', "
        "'EMAIL_USE_TLS', 'EMAIL_USE_SSL', 'EMAIL_TIMEOUT', 'DEFAULT_FROM_EMAIL', "
        "'SERVER_EMAIL', 'ADMINS')}))"
    )
    result = in_production(
        script,
        **REQUIRED,
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="smtp.example.gov.uk",
        EMAIL_PORT="587",
        EMAIL_HOST_USER="tracker",
        EMAIL_HOST_PASSWORD="from-the-environment",
        EMAIL_USE_TLS="true",
        EMAIL_TIMEOUT="5",
        DEFAULT_FROM_EMAIL="tracker@example.gov.uk",
        SERVER_EMAIL="errors@example.gov.uk",
        ADMINS="ops@example.gov.uk",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.gov.uk",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "tracker",
        "EMAIL_HOST_PASSWORD": "from-the-environment",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "EMAIL_TIMEOUT": 5,
        "DEFAULT_FROM_EMAIL": "tracker@example.gov.uk",
        "SERVER_EMAIL": "errors@example.gov.uk",
        "ADMINS": [["ops@example.gov.uk", "ops@example.gov.uk"]],
    }


def test_a_failed_reset_email_is_logged_and_audited_while_the_page_stays_neutral(
    client, django_user_model, unreachable_mail_server, caplog
):
    django_user_model.objects.create_user(
        username="lead", email="lead@example.gov.uk", password="right-password-123"
    )
    with caplog.at_level(logging.ERROR):
        response = client.post(reverse("password_reset"), {"email": "lead@example.gov.uk"})
    # The person asking sees what anyone sees, account or not, sent or not.
    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.gov.uk"})
    assert unknown.url == response.url
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert any("Could not send the password reset email to lead" in r.getMessage() for r in errors)
    row = AuditEvent.objects.get(verb=Verb.PASSWORD_RESET)
    assert "could not be sent" in row.summary
    assert row.object_id == str(django_user_model.objects.get(username="lead").pk)
    assert row.ip_address == "127.0.0.1"
    assert "ConnectionRefusedError" in row.after["error"]


def test_an_administrator_sees_failed_sends_in_the_admin_audit_list(
    client, django_user_model, unreachable_mail_server
):
    django_user_model.objects.create_user(
        username="lead", email="lead@example.gov.uk", password="right-password-123"
    )
    client.post(reverse("password_reset"), {"email": "lead@example.gov.uk"})
    admin = django_user_model.objects.create_superuser(username="root", password="x")
    client.force_login(admin)
    listing = client.get(
        reverse("admin:audit_auditevent_changelist"), {"verb__exact": Verb.PASSWORD_RESET}
    )
    assert "The password reset email to lead could not be sent" in listing.content.decode()


def test_adding_a_person_sends_them_the_email_to_choose_a_password(client, django_user_model):
    """They have no password yet, which Django's reset form would skip: nothing was sent."""
    organisation = OrganisationFactory()
    admin = django_user_model.objects.create_user(username="org-admin", password="x")
    Membership.objects.create(user=admin, organisation=organisation, is_admin=True)
    client.force_login(admin)
    client.post(
        reverse("organisation_people"), {"username": "newcomer", "email": "new@example.gov.uk"}
    )
    assert [message.to for message in mail.outbox] == [["new@example.gov.uk"]]
    assert "/password-reset/" in mail.outbox[0].body


def test_a_failed_first_email_is_shown_to_the_administrator_who_added_the_person(
    client, django_user_model, unreachable_mail_server
):
    organisation = OrganisationFactory()
    admin = django_user_model.objects.create_user(username="org-admin", password="x")
    Membership.objects.create(user=admin, organisation=organisation, is_admin=True)
    client.force_login(admin)
    response = client.post(
        reverse("organisation_people"),
        {"username": "newcomer", "email": "new@example.gov.uk"},
        follow=True,
    )
    html = response.content.decode()
    assert "govuk-notification-banner" in html
    assert "the email asking them to choose a password could not be sent" in html
    assert AuditEvent.objects.filter(
        verb=Verb.PASSWORD_RESET, summary__contains="set your password email to newcomer"
    ).exists()
