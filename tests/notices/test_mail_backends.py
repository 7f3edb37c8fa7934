"""Which mail backend the environment chooses, and GOV.UK Notify's API called as its docs say."""

import json

import pytest
import responses

from config.settings.env import NOTIFY_BACKEND, SMTP_BACKEND, env_email_backend
from improvement_tracker.notices.sending import send_due_notices
from tests.config.test_production_settings import REQUIRED, in_production
from tests.notices.conftest import OPENED

CONSOLE = "django.core.mail.backends.console.EmailBackend"
SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
TEMPLATE_ID = "c0a64f6a-0b0f-4dcc-8bd5-6d7d2b0e2d9f"
NOTIFY_EMAIL_API = "https://api.notifications.service.gov.uk/v2/notifications/email"


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("EMAIL_BACKEND", "EMAIL_HOST", "GOVUK_NOTIFY_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_without_mail_settings_the_places_own_default_is_used(clean_env):
    assert env_email_backend(default=CONSOLE) == CONSOLE


def test_an_email_host_means_smtp_even_on_a_developers_machine(clean_env):
    clean_env.setenv("EMAIL_HOST", "smtp.example.gov.uk")
    assert env_email_backend(default=CONSOLE) == SMTP_BACKEND


def test_a_notify_key_means_notify(clean_env):
    clean_env.setenv("EMAIL_HOST", "smtp.example.gov.uk")
    clean_env.setenv("GOVUK_NOTIFY_API_KEY", f"tracker-{SERVICE_ID}-{SECRET}")
    assert env_email_backend(default=CONSOLE) == NOTIFY_BACKEND


def test_a_named_backend_wins(clean_env):
    clean_env.setenv("GOVUK_NOTIFY_API_KEY", f"tracker-{SERVICE_ID}-{SECRET}")
    clean_env.setenv("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
    assert env_email_backend(default=CONSOLE).endswith("filebased.EmailBackend")


@pytest.fixture
def through_notify(cycle, settings, time_machine):
    """Notify's backend with a key and template, and a round opened; its API mocked."""
    settings.EMAIL_BACKEND = NOTIFY_BACKEND
    settings.GOVUK_NOTIFY_API_KEY = f"tracker-{SERVICE_ID}-{SECRET}"
    settings.GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID = TEMPLATE_ID
    settings.SITE_URL = "https://tracker.example.gov.uk"
    time_machine.move_to(OPENED, tick=False)
    cycle.open()
    with responses.RequestsMock() as mocked:
        yield mocked


@pytest.mark.django_db
def test_notices_go_through_govuk_notify_as_its_plain_template(through_notify):
    through_notify.add(responses.POST, NOTIFY_EMAIL_API, json={"id": "notification-id"}, status=201)

    summary = send_due_notices()

    assert summary.sent == 2
    assert len(through_notify.calls) == 2
    sent = {json.loads(call.request.body)["email_address"]: call for call in through_notify.calls}
    call = sent["alice@example.org"]
    body = json.loads(call.request.body)
    assert body["template_id"] == TEMPLATE_ID
    personalisation = body["personalisation"]
    assert personalisation["subject"] == (
        "Updates due by 3 March 2027: Children's services improvement plan"
    )
    assert "Help and Protection, action 1.1" in personalisation["body"]
    assert "https://tracker.example.gov.uk/plans/" in personalisation["body"]
    # Signed with the service's key, as Notify's API asks.
    assert call.request.headers["Authorization"].startswith("Bearer ")


@pytest.mark.django_db
def test_notify_refusing_leaves_the_notice_for_the_next_run(through_notify):
    through_notify.add(
        responses.POST,
        NOTIFY_EMAIL_API,
        json={"errors": [{"error": "RateLimitError", "message": "Exceeded rate limit"}]},
        status=429,
    )

    summary = send_due_notices()

    assert (summary.sent, summary.failed) == (0, 2)


def settings_chosen(module, **env):
    """EMAIL_BACKEND and SITE_URL as `module` chooses them in a clean interpreter."""
    script = (
        f"import json; from config.settings import {module} as s; "
        "print(json.dumps([s.EMAIL_BACKEND, s.SITE_URL]))"
    )
    clean = {"EMAIL_BACKEND": "", "EMAIL_HOST": "", "GOVUK_NOTIFY_API_KEY": ""}
    result = in_production(script, **{**REQUIRED, **clean, **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_locally_mail_is_printed_unless_an_email_host_is_set():
    assert settings_chosen("local", SITE_URL="") == [
        CONSOLE,
        "http://127.0.0.1:8000",
    ]
    assert settings_chosen("local", EMAIL_HOST="127.0.0.1")[0] == SMTP_BACKEND


def test_production_sends_by_smtp_or_notify_and_links_from_its_own_address():
    assert settings_chosen("production", SITE_URL="https://tracker.example.gov.uk/") == [
        SMTP_BACKEND,
        "https://tracker.example.gov.uk",
    ]
    notify = settings_chosen(
        "production",
        GOVUK_NOTIFY_API_KEY=f"tracker-{SERVICE_ID}-{SECRET}",
        GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID=TEMPLATE_ID,
    )
    assert notify[0] == NOTIFY_BACKEND


def test_a_notify_key_without_its_template_is_refused_at_start_up():
    result = in_production(
        "import config.settings.production",
        **REQUIRED,
        GOVUK_NOTIFY_API_KEY=f"tracker-{SERVICE_ID}-{SECRET}",
        GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID="",
    )
    assert result.returncode != 0
    assert "GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID must be set" in result.stderr


def test_production_refuses_a_site_address_without_its_scheme():
    result = in_production(
        "import config.settings.production", **{**REQUIRED, "SITE_URL": "tracker.example.gov.uk"}
    )
    assert result.returncode != 0
    assert "SITE_URL must be the site's address with its scheme" in result.stderr
