"""manage.py create_api_token: a token for someone made from a script, printed once on the
last line, audited as the system's; a mistake names its argument and makes nothing."""

import datetime as dt
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from improvement_tracker.api.models import ApiToken
from improvement_tracker.audit.models import AuditEvent, Verb
from tests.factories import OrganisationFactory
from tests.people import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst():
    return person("analyst", OrganisationFactory(name="Together for Children"))


def run(*args):
    out = StringIO()
    call_command("create_api_token", *args, stdout=out)
    return out.getvalue().splitlines()


def test_the_last_line_is_the_token_and_it_works(analyst):
    lines = run("analyst", "--name", "Nightly export", "--scope", "read", "--days", "30")

    secret = lines[-1]
    assert secret.startswith("itk_") and " " not in secret
    token = ApiToken.objects.get(user=analyst)
    assert secret.startswith(token.prefix)
    assert (token.name, token.scope) == ("Nightly export", "read")
    assert token.expires_at.date() == (timezone.now() + dt.timedelta(days=30)).date()
    # What was made is said before it, and the token is printed only there.
    said = "\n".join(lines[:-1])
    assert "'Nightly export'" in said and "analyst" in said and "read only" in said
    assert f"{token.expires_at:%Y-%m-%d}" in said
    assert secret not in said
    answer = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status_code == 200
    assert (answer.json()["username"], answer.json()["scope"]) == ("analyst", "read")


def test_without_days_the_token_lasts_the_default(analyst, settings):
    settings.API_TOKEN_DEFAULT_DAYS = 45
    run("analyst", "--name", "Loader", "--scope", "write")
    token = ApiToken.objects.get(user=analyst)
    assert token.scope == "write"
    assert token.expires_at.date() == (timezone.now() + dt.timedelta(days=45)).date()


def test_the_token_is_audited_as_made_by_the_system_without_its_secret(analyst):
    secret = run("analyst", "--name", "Loader", "--scope", "write")[-1]
    event = AuditEvent.objects.get(verb=Verb.API_TOKEN)
    token = ApiToken.objects.get(user=analyst)
    assert (event.actor_id, event.actor_name) == (None, "system")
    assert (event.object_type, event.object_id) == ("api.apitoken", str(token.pk))
    assert event.after["user"] == "analyst"
    assert secret not in f"{event.summary} {event.before} {event.after}"


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["nobody", "--name", "X", "--scope", "read"], "USERNAME: nobody has the username"),
        (["analyst", "--name", "X", "--scope", "admin"], "--scope: 'admin' is not a scope"),
        (["analyst", "--name", "X", "--scope", "read", "--days", "0"], "--days: '0'"),
        (["analyst", "--name", "X", "--scope", "read", "--days", "367"], "--days: '367'"),
        (["analyst", "--name", "X", "--scope", "read", "--days", "soon"], "--days: 'soon'"),
        (["analyst", "--name", "  ", "--scope", "read"], "--name: give the token a name"),
        (["analyst", "--name", "x" * 101, "--scope", "read"], "--name: the name must be 100"),
    ],
)
def test_a_mistake_names_its_argument_and_makes_nothing(analyst, args, names):
    with pytest.raises(CommandError, match="Nothing was made") as refused:
        run(*args)
    assert names in str(refused.value)
    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.filter(verb=Verb.API_TOKEN).exists()


def test_an_inactive_person_gets_no_token(analyst):
    analyst.is_active = False
    analyst.save()
    with pytest.raises(CommandError, match="USERNAME: analyst's account is deactivated"):
        run("analyst", "--name", "X", "--scope", "read")
    assert not ApiToken.objects.exists()


def test_a_missing_scope_or_name_is_refused_by_name(analyst):
    with pytest.raises(CommandError, match="--scope"):
        run("analyst", "--name", "X")
    with pytest.raises(CommandError, match="--name"):
        run("analyst", "--scope", "read")
    assert not ApiToken.objects.exists()


def test_run_as_a_command_a_mistake_exits_non_zero():
    # The scope is checked before anyone is looked up, so no database is needed here.
    done = subprocess.run(
        [sys.executable, "manage.py", "create_api_token", "nobody", "--name", "X", "--scope", "x"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
    )
    assert done.returncode != 0
    assert "--scope" in done.stderr
