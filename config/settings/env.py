"""The one place that reads the environment: settings modules import from here."""

import json
import os

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(
            f"The environment variable {name} is not set. "
            f"Set it before starting Improvement Tracker (see docs/deployment.md)."
        )
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_json(name: str, default: dict[str, object] | None = None) -> dict[str, object]:
    value = os.environ.get(name, "").strip()
    if not value:
        return dict(default or {})
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError as error:
        raise ImproperlyConfigured(f"{name} is not valid JSON: {error}") from None
    if not isinstance(parsed, dict):
        raise ImproperlyConfigured(f"{name} must be a JSON object, such as {{}}.")
    return parsed


SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
NOTIFY_BACKEND = "django_gov_notify.backends.NotifyEmailBackend"


def env_email_backend(default: str) -> str:
    """Django's email backend: EMAIL_BACKEND if named; GOV.UK Notify when its API key is
    set; SMTP when EMAIL_HOST is set (on a developer's machine too); else `default`."""
    if os.environ.get("EMAIL_BACKEND", "").strip():
        return os.environ["EMAIL_BACKEND"].strip()
    if os.environ.get("GOVUK_NOTIFY_API_KEY", "").strip():
        return NOTIFY_BACKEND
    if os.environ.get("EMAIL_HOST", "").strip():
        return SMTP_BACKEND
    return default
