"""Production settings read everything from the environment and refuse to start without it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
REQUIRED = {
    "SECRET_KEY": "a-real-secret-from-the-environment",
    "AUDIT_CHAIN_KEY": "another-real-secret-for-the-audit-chain",
    "ALLOWED_HOSTS": "tracker.example",
    # Links in emails that commands send (send_reminders) need the site's address.
    "SITE_URL": "https://tracker.example",
}


def production_settings(**env: str) -> subprocess.CompletedProcess[str]:
    """Import config.settings.production in a clean interpreter and print what it chose."""
    script = (
        "import json; from config.settings import production as s; "
        "print(json.dumps({'storages': s.STORAGES, 'hosts': s.ALLOWED_HOSTS, "
        "'db': s.DATABASES['default']['ENGINE'], 'health': s.MIDDLEWARE[0], "
        "'db_options': s.DATABASES['default'].get('OPTIONS', {})}))"
    )
    return in_production(script, **env)


def in_production(script: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `script` in a clean interpreter under the production settings and `env`."""
    chosen_here = {*REQUIRED, "DATABASE_URL", "DATABASE_PREPARED_STATEMENTS"}
    clean = {k: v for k, v in os.environ.items() if k not in chosen_here}
    return subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings.production", **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("missing", sorted(REQUIRED))
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in REQUIRED.items() if k != missing}
    result = production_settings(**env)
    assert result.returncode != 0
    assert f"The environment variable {missing} is not set" in result.stderr


def test_production_reads_database_and_file_storage_from_the_environment():
    result = production_settings(
        **REQUIRED,
        DATABASE_URL="postgres://tracker:pw@db.internal:5432/tracker",
        FILE_STORAGE_BACKEND="storages.backends.s3.S3Storage",
        FILE_STORAGE_OPTIONS='{"bucket_name": "tracker-files"}',
    )
    assert result.returncode == 0, result.stderr
    chosen = json.loads(result.stdout)
    assert chosen["db"] == "django.db.backends.postgresql"
    assert chosen["storages"]["default"] == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": "tracker-files"},
    }
    assert chosen["storages"]["staticfiles"]["BACKEND"].startswith("whitenoise.")
    assert chosen["hosts"] == ["tracker.example"]
    assert chosen["health"] == "improvement_tracker.core.middleware.health_check"


@pytest.mark.parametrize(
    ("setting", "options"),
    [
        (None, {"server_side_binding": True, "prepare_threshold": 5}),
        ("off", {}),
    ],
)
def test_postgresql_prepares_repeated_queries_unless_told_not_to(setting, options):
    """Prepared statements halve PostgreSQL's work on the action page (ADR 0021); a pooler
    that cannot keep them (PgBouncer before 1.21 in transaction mode) needs them off."""
    env = {"DATABASE_PREPARED_STATEMENTS": setting} if setting else {}
    url = "postgres://tracker:pw@db.internal:5432/tracker"
    result = production_settings(**REQUIRED, DATABASE_URL=url, **env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["db_options"] == options


def test_production_without_database_url_uses_sqlite_and_files_on_disk():
    chosen = json.loads(production_settings(**REQUIRED).stdout)
    assert chosen["db"] == "django.db.backends.sqlite3"
    assert chosen["storages"]["default"]["BACKEND"].endswith("FileSystemStorage")


def test_bad_storage_options_are_named():
    result = production_settings(**REQUIRED, FILE_STORAGE_OPTIONS="bucket=x")
    assert result.returncode != 0
    assert "FILE_STORAGE_OPTIONS is not valid JSON" in result.stderr


# Two connections to one SQLite file, as two worker processes have: the app's (Django)
# and another (sqlite3, which does not wait for locks).
SHARED_SQLITE = """
import json, sqlite3, sys
import django
django.setup()
from django.db import connection, transaction
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE t (x)")
    cursor.execute("INSERT INTO t VALUES (1)")
other = sqlite3.connect(sys.argv[1], timeout=0, isolation_level=None)
def other_may_write():
    try:
        other.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        return str(error)
    other.execute("ROLLBACK")
    return "yes"
with transaction.atomic():
    before_writing = other_may_write()
    connection.cursor().execute("INSERT INTO t VALUES (2)")
    read = other.execute("SELECT count(*) FROM t").fetchone()[0]
journal = other.execute("PRAGMA journal_mode").fetchone()[0]
print(json.dumps({"journal": journal, "before_writing": before_writing, "read": read}))
"""


def test_sqlite_shared_by_workers_reads_while_one_writes_and_writers_wait_their_turn(tmp_path):
    """A transaction holds the write lock from its start, so another worker's waits for
    it rather than failing half way with "database is locked"; readers go on meanwhile."""
    database = tmp_path / "db.sqlite3"
    result = in_production(
        f"import sys; sys.argv[1:] = [{str(database)!r}]\n{SHARED_SQLITE}",
        **REQUIRED,
        DATABASE_URL=f"sqlite:///{database}",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "journal": "wal",
        "before_writing": "database is locked",
        "read": 1,  # what was committed, while the write is under way
    }
