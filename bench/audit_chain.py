"""Time the audit trail's hash chain at scale: the migration that chains existing events,
verify_audit over all of them, and one more event appended (ADR 0025).

Run with `.venv/bin/python bench/audit_chain.py [--events N]` (default 1,000,000). It
builds its own throw-away SQLite database, migrates it to before the chain, writes N
events, then migrates to the chain, timing each step, and prints the peak memory of
this process (verification reads a batch at a time, so it stays flat). With
`--throw-away-database-url` it uses DATABASE_URL instead, which it migrates back and
forth: only ever a throw-away one, as `.ci/with-postgres` makes. Figures are printed,
never asserted.
"""

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCRATCH = Path(tempfile.mkdtemp(prefix="improvement-tracker-audit-"))
parser = argparse.ArgumentParser()
parser.add_argument("--events", type=int, default=1_000_000)
parser.add_argument("--throw-away-database-url", action="store_true")
ARGS = parser.parse_args()
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
if not ARGS.throw_away_database_url:
    os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH / 'db.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from improvement_tracker.audit.models import AuditEvent, Verb  # noqa: E402
from improvement_tracker.audit.services import audit_record  # noqa: E402
from improvement_tracker.audit.verification import verify_chain  # noqa: E402

BATCH = 10_000


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_unchained(count: int) -> None:
    """Events as the app wrote them before the chain: a realistic mix of sizes."""
    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    sql = (
        "INSERT INTO audit_auditevent (at, actor_name, verb, object_type, object_id,"
        " summary, before, after, ip_address) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        for first in range(0, count, BATCH):
            rows = [
                (
                    start + dt.timedelta(seconds=n),
                    f"person-{n % 500}",
                    "status",
                    "plans.action",
                    str(n % 60_000),
                    f"Status changed: Help and Protection, action {n % 60}",
                    json.dumps({"status": "amber", "progress": "Slipping. " * (n % 7)}),
                    json.dumps({"status": "green", "progress": "Back on track. " * (n % 5)}),
                    "10.0.0.1",
                )
                for n in range(first, min(first + BATCH, count))
            ]
            cursor.executemany(sql, rows)


def timed(label: str, step) -> object:
    started = time.perf_counter()
    result = step()
    print(f"{label}: {time.perf_counter() - started:.1f} s, peak {peak_mib():.0f} MiB")
    return result


def main() -> None:
    events = ARGS.events
    try:
        call_command("migrate", verbosity=0)
        call_command("migrate", "audit", "0004", verbosity=0)
        print(f"{connection.vendor}, {events:,} events; start peak {peak_mib():.0f} MiB")
        timed("write the events unchained", lambda: write_unchained(events))
        timed("migrate: chain them (audit 0005-0008)", lambda: call_command("migrate", verbosity=0))
        report = timed("verify_audit", verify_chain)
        print(f"  {report.events:,} events, intact: {report.intact}")
        appends = []
        for n in range(200):
            started = time.perf_counter()
            audit_record(actor=None, verb=Verb.CHANGE, summary=f"Bench {n}")
            appends.append(time.perf_counter() - started)
        print(f"append one event, committed: median {statistics.median(appends) * 1000:.2f} ms")
        started = time.perf_counter()
        with transaction.atomic():
            for n in range(1000):
                audit_record(actor=None, verb=Verb.CHANGE, summary=f"Bench {n}")
        each = (time.perf_counter() - started) * 1000 / 1000
        print(f"append 1,000 events in one transaction: {each:.2f} ms each")
        started = time.perf_counter()
        with transaction.atomic():
            for n in range(1000):  # the insert alone, as before the chain
                AuditEvent(verb=Verb.CHANGE, actor_name="system", summary=f"Bench {n}").save()
            transaction.set_rollback(True)
        each = (time.perf_counter() - started) * 1000 / 1000
        print(f"  the same inserts without the chain: {each:.2f} ms each")
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)


if __name__ == "__main__":
    main()
