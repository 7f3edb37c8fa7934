"""The import preview reads and never writes, so on SQLite it never holds the write lock.

Before, the preview ran the import and rolled it back: on SQLite (a transaction takes the
write lock when it begins) every other person's save waited for the whole preview, and
failed with "database is locked" after five seconds. Here a progress update is made, on
its own connection, in the middle of previewing a plan as large as the limits allow.
"""

import datetime as dt
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connection

from improvement_tracker.documents.importers import read_plan_file
from improvement_tracker.documents.importers.limits import import_limits
from improvement_tracker.documents.preview import preview_import
from improvement_tracker.plans import importing
from improvement_tracker.plans.models import Action, ActionUpdate, Plan
from improvement_tracker.plans.plan_document import ActionEntry, DomainEntry, PlanDocument
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.services.importing import plan_import
from tests.conftest import EXAMPLE
from tests.factories import record_update

ROOT = Path(__file__).resolve().parent.parent.parent


def largest_document() -> PlanDocument:
    actions = import_limits().actions
    per_domain = actions // 5
    return PlanDocument(
        title="A very large plan",
        organisation="",
        domains=[
            DomainEntry(
                title=f"DOMAIN {d}",
                label=f"Domain {d}",
                actions=[
                    ActionEntry(str(n), f"Action {n}.", "Director", "31/03/2021", Status.ON_TRACK)
                    for n in range(1, per_domain + 1)
                ],
            )
            for d in range(1, 6)
        ],
        source_name="large.csv",
    )


def preview_while_someone_saves(patch: Callable[[object, str, object], None]) -> dict[str, str]:
    """Preview the largest plan; in its middle, a progress update on another connection.

    `patch(module, name, value)` replaces a function for the preview (monkeypatch.setattr).
    """
    plan = plan_import(document=read_plan_file(EXAMPLE), organisation_name="Council")
    action = Action.objects.filter(domain__plan=plan).order_by("pk").first()
    outcome: dict[str, str] = {}

    def update_meanwhile() -> None:
        try:
            record_update(
                action,
                made_on=dt.date(2021, 1, 4),
                status=Status.ON_TRACK,
                progress="Saved while someone previewed an upload.",
            )
            outcome["update"] = "saved"
        except Exception as error:  # the outcome is what is asserted
            outcome["update"] = f"{type(error).__name__}: {error}"
        finally:
            connection.close()  # this thread's own connection

    slug = importing.plan_slug

    def slug_while_someone_saves(title: str) -> str:
        """Called in the middle of the preview: someone else saves, and is waited for."""
        if "update" not in outcome:
            other = threading.Thread(target=update_meanwhile)
            other.start()
            other.join(timeout=60)
        return slug(title)

    patch(importing, "plan_slug", slug_while_someone_saves)
    preview = preview_import(document=largest_document(), organisation_name="Council")
    outcome["slug"] = preview.slug
    outcome["actions"] = str(sum(domain.actions for domain in preview.domains))
    return outcome


@pytest.mark.django_db(transaction=True)
def test_a_progress_update_is_saved_while_a_large_preview_runs(monkeypatch):
    """On the suite's database: SQLite in memory, or PostgreSQL."""
    outcome = preview_while_someone_saves(monkeypatch.setattr)

    assert outcome == {
        "update": "saved",
        "slug": "a-very-large-plan",
        "actions": str(import_limits().actions),
    }
    assert ActionUpdate.objects.filter(progress__startswith="Saved while someone").count() == 1
    assert not Plan.objects.filter(slug="a-very-large-plan").exists()


ON_A_SQLITE_FILE = """
import json
import django
django.setup()
from django.core.management import call_command
from tests.documents.test_preview_locks import preview_while_someone_saves
call_command("migrate", verbosity=0)
print(json.dumps(preview_while_someone_saves(setattr)))
"""


def test_on_a_sqlite_file_as_deployed_a_save_during_a_preview_does_not_wait(tmp_path):
    """As app servers share SQLite: a file in WAL mode, transactions BEGIN IMMEDIATE."""
    database = tmp_path / "db.sqlite3"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", ON_A_SQLITE_FILE],
        cwd=ROOT,
        env={
            **env,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"sqlite:///{database}",
        },
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1])["update"] == "saved"
