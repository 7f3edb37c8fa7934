"""Sign-in hardening, production settings and the headers every page carries."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.plans.pages import assert_form_errors

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_repeated_failed_sign_ins_are_throttled(client, django_user_model):
    django_user_model.objects.create_user(username="lead", password="right-password-123")
    for _ in range(settings.SIGN_IN_FAILURES_PER_ACCOUNT - 1):
        response = client.post(reverse("login"), {"username": "lead", "password": "wrong"})
        assert response.status_code == 200
        assert "Enter a correct username and password" in response.content.decode()
    locked = client.post(reverse("login"), {"username": "lead", "password": "wrong"})
    assert locked.status_code == 429
    assert "Too many attempts to sign in" in locked.content.decode()
    # Even the right password is refused while locked out.
    right = client.post(reverse("login"), {"username": "lead", "password": "right-password-123"})
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    names = [v["NAME"].rsplit(".", 1)[1] for v in base.AUTH_PASSWORD_VALIDATORS]
    assert "CommonPasswordValidator" in names
    assert base.AUTH_PASSWORD_VALIDATORS[1]["OPTIONS"] == {"min_length": 12}


def test_argon2_hasher_really_hashes(django_user_model, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = django_user_model.objects.create_user(username="a", password="right-password-123")
    assert user.password.startswith("argon2$")
    assert user.check_password("right-password-123")


def _expiry(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_session_moves_its_expiry_on_at_most_once_a_minute(
    client, django_user_model, monkeypatch
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from improvement_tracker.accounts import middleware

    clock = [1_000_000]
    monkeypatch.setattr(middleware, "now", lambda: clock[0])
    client.force_login(django_user_model.objects.create_user(username="board"))
    assert client.get(reverse("plans:plan_list")).status_code == 200
    first = _expiry(client)

    clock[0] += middleware.REFRESH_SECONDS - 1
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("plans:plan_list")).status_code == 200
    writes = [q["sql"] for q in queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    assert writes == []  # a page read within the minute writes nothing
    assert _expiry(client) == first

    clock[0] += 1
    assert client.get(reverse("plans:plan_list")).status_code == 200
    assert _expiry(client) > first  # a minute on, the 30 minutes start again


def test_a_session_ends_after_thirty_idle_minutes(client, django_user_model):
    import datetime as dt

    from django.contrib.sessions.models import Session

    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_ENGINE == "improvement_tracker.hotpath.sessions"  # in the database
    client.force_login(django_user_model.objects.create_user(username="board"))
    assert client.get(reverse("plans:plan_list")).status_code == 200
    expiry = _expiry(client)
    assert expiry - dt.timedelta(minutes=30) <= dt.datetime.now(dt.UTC)  # no later than 30
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    )
    response = client.get(reverse("plans:plan_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_password_reset_sends_a_working_link(client, django_user_model):
    user = django_user_model.objects.create_user(
        username="lead", email="lead@example.gov.uk", password="old-password-123"
    )
    response = client.post(reverse("password_reset"), {"email": "lead@example.gov.uk"})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["lead@example.gov.uk"]
    link = re.search(r"http://testserver(/password-reset/\S+/)", message.body)[1]
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-much-better-passphrase", "new_password2": "a-much-better-passphrase"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-much-better-passphrase")


def test_weak_new_password_is_refused_with_a_clear_message(client, django_user_model):
    django_user_model.objects.create_user(
        username="lead", email="lead@example.gov.uk", password="old-password-123"
    )
    client.post(reverse("password_reset"), {"email": "lead@example.gov.uk"})
    link = re.search(r"http://testserver(/password-reset/\S+/)", mail.outbox[0].body)[1]
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "password", "new_password2": "password"})
    assert_form_errors(response, {"id_new_password2": "This password is too common."})


def test_security_headers_are_on_every_page(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "csrfmiddlewaretoken" in response.content.decode()


def test_pages_have_no_inline_script_or_style(signed_in_client, example_plan):
    for url in [reverse("login"), example_plan.get_absolute_url()]:
        html = signed_in_client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert " style=" not in html, url
        assert "<style" not in html, url


def production_env(**extra):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        AUDIT_CHAIN_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="tracker.example.gov.uk",
        SITE_URL="https://tracker.example.gov.uk",
    )
    env.update(extra)
    return env


def manage(*args, env):
    return subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_passes_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_its_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "The environment variable SECRET_KEY is not set" in result.stderr


def test_production_refuses_an_audit_chain_key_that_is_the_secret_key():
    env = production_env()
    env["AUDIT_CHAIN_KEY"] = env["SECRET_KEY"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "AUDIT_CHAIN_KEY must differ from SECRET_KEY" in result.stderr


def test_production_cookies_and_hsts(monkeypatch):
    import importlib

    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(50))
    monkeypatch.setenv("AUDIT_CHAIN_KEY", secrets.token_urlsafe(50))
    monkeypatch.setenv("ALLOWED_HOSTS", "tracker.example.gov.uk")
    monkeypatch.setenv("SITE_URL", "https://tracker.example.gov.uk")
    production = importlib.import_module("config.settings.production")  # reads the environment

    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.SESSION_COOKIE_HTTPONLY
    assert production.SECURE_HSTS_SECONDS >= 31_536_000
    assert production.SECURE_SSL_REDIRECT is True
