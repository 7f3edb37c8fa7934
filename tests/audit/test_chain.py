"""The audit trail is a hash chain: verify_audit finds any event changed, deleted or
inserted behind the app, and appends from concurrent transactions never fork it."""

import datetime as dt
import importlib
import threading
from io import StringIO
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from improvement_tracker.audit.chain import GENESIS, canonical, link_hash
from improvement_tracker.audit.models import AuditEvent, Verb
from improvement_tracker.audit.services import audit_record
from improvement_tracker.audit.verification import verify_chain
from tests.audit.tampering import append_only_lifted, raw
from tests.factories import PlanFactory

MOMENT = dt.datetime(2026, 12, 6, 11, 0, 0, 123456, tzinfo=dt.UTC)


def content(**changes):
    event = {
        "at": MOMENT,
        "actor_id": 7,
        "actor_name": "manager",
        "verb": "change",
        "object_type": "plans.action",
        "object_id": "12",
        "plan_id": 3,
        "summary": "Changed",
        "before": {"title": "Old", "n": 1.0},
        "after": {"title": "New", "n": 2},
        "ip_address": "127.0.0.1",
        "previous_hash": GENESIS,
    }
    return {**event, **changes}


def test_canonical_content_does_not_depend_on_how_a_database_spells_it():
    same = [
        content(),
        content(at=MOMENT.astimezone(dt.timezone(dt.timedelta(hours=1)))),
        content(before={"n": 1, "title": "Old"}),
        content(actor_id="7", plan_id="3"),
    ]
    assert len({canonical(event) for event in same}) == 1
    ipv6 = [content(ip_address=a) for a in ("::ffff:1.2.3.4", "0:0:0:0:0:ffff:102:304")]
    assert canonical(ipv6[0]) == canonical(ipv6[1])


def test_every_field_and_the_previous_hash_are_in_the_hash():
    original = link_hash(content())
    for name, value in [
        ("at", MOMENT + dt.timedelta(microseconds=1)),
        ("actor_id", 8),
        ("actor_name", "someone else"),
        ("verb", "archive"),
        ("object_type", "plans.plan"),
        ("object_id", "13"),
        ("plan_id", None),
        ("summary", "Changed!"),
        ("before", {"title": "Old "}),
        ("after", None),
        ("ip_address", "127.0.0.2"),
        ("previous_hash", "1" * 64),
    ]:
        assert link_hash(content(**{name: value})) != original, name
    assert link_hash(content(), key="secret") != original


def events(count, **kwargs):
    return [
        audit_record(actor=None, verb=Verb.CHANGE, summary=f"Change {n}", **kwargs)
        for n in range(count)
    ]


def verify():
    """The command's first line; the second names the head of the chain."""
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue().splitlines()[0]


def broken(event_id, problem):
    return pytest.raises(CommandError, match=rf"^Audit event {event_id}: {problem}")


@pytest.mark.django_db
def test_each_event_is_chained_to_the_one_before_and_the_chain_verifies():
    first, second, third = events(3, plan=PlanFactory(), before={"a": [1, 2.5]})
    assert first.previous_hash == GENESIS
    assert (second.previous_hash, third.previous_hash) == (first.hash, second.hash)
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert out.getvalue().splitlines() == [
        "3 events, chain intact",
        f"Newest: event {third.pk}, hash {third.hash}",
    ]


@pytest.mark.django_db
def test_verify_audit_reports_a_changed_event():
    _, second, _ = events(3)
    with append_only_lifted():
        raw("UPDATE {table} SET summary = 'Nothing happened' WHERE id = %s", second.pk)
    with broken(second.pk, "its content does not match its hash: it was changed"):
        verify()


@pytest.mark.django_db
def test_verify_audit_reports_a_changed_event_whose_hash_was_rebuilt():
    _, second, _ = events(3)
    forged = link_hash({**content(), "summary": "Nothing happened"})
    with append_only_lifted():
        raw("UPDATE {table} SET hash = %s WHERE id = %s", forged, second.pk)
    with broken(second.pk, "its content does not match its hash"):
        verify()


@pytest.mark.django_db
def test_verify_audit_reports_a_deleted_event():
    first, second, third = events(3)
    with append_only_lifted():
        raw("DELETE FROM {table} WHERE id = %s", second.pk)
    with broken(third.pk, f"it does not follow event {first.pk}, the one before it"):
        verify()


def leave_a_gap_in_the_ids(size):
    """So that an attacker's row can be inserted between two real events."""
    next_id = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() + size
    if connection.vendor == "postgresql":
        raw("SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s)", next_id)
    else:
        raw("UPDATE sqlite_sequence SET seq = %s WHERE name = '{table}'", next_id)


def insert(event_id, previous_hash, *, key=""):
    """A row written behind the app, with a hash computed exactly as the app would."""
    row = content(previous_hash=previous_hash, before=None, after=None)
    raw(
        "INSERT INTO {table} (id, at, actor_id, actor_name, verb, object_type, object_id,"
        " plan_id, summary, ip_address, previous_hash, hash)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        event_id,
        *(row[name] for name in ["at", "actor_id", "actor_name", "verb", "object_type"]),
        *(row[name] for name in ["object_id", "plan_id", "summary", "ip_address"]),
        previous_hash,
        link_hash(row, key=key),
    )


@pytest.mark.django_db
def test_verify_audit_reports_an_event_inserted_between_two_others():
    (first,) = events(1)
    leave_a_gap_in_the_ids(10)
    (second,) = events(1)
    insert(first.pk + 1, first.hash)  # chained to the first as the app would chain it
    with broken(second.pk, f"it does not follow event {first.pk + 1}"):
        verify()


@pytest.mark.django_db
def test_verify_audit_reports_an_event_inserted_without_a_hash():
    events(1)
    raw(
        "INSERT INTO {table} (at, actor_name, verb, object_type, object_id, summary,"
        " previous_hash, hash) VALUES (%s, 'x', 'change', '', '', 'Inserted', '', '')",
        MOMENT,
    )
    inserted = AuditEvent.objects.order_by("-id").first()
    with broken(inserted.pk, "it has no hash: it was inserted behind the app"):
        verify()


@pytest.mark.django_db
@override_settings(AUDIT_CHAIN_KEY="the app's secret")
def test_with_a_key_even_a_well_formed_event_added_at_the_end_is_found():
    """Without the key, an attacker cannot compute the HMAC the next link needs."""
    (last,) = events(1)
    insert(last.pk + 1, last.hash, key="")
    with broken(last.pk + 1, "its content does not match its hash"):
        verify()
    assert not verify_chain(key="another key").intact


@pytest.mark.django_db
def test_the_migration_chains_existing_events_in_batches(monkeypatch):
    events(7)
    with append_only_lifted():
        raw("UPDATE {table} SET previous_hash = '', hash = ''")
        assert not verify_chain().intact
        backfill = importlib.import_module(
            "improvement_tracker.audit.migrations.0006_backfill_the_hash_chain"
        )
        monkeypatch.setattr(backfill, "BATCH", 3)
        editor = SimpleNamespace(connection=connection, execute=lambda sql: raw(sql))
        backfill.backfill(apps, editor)
    assert verify() == "7 events, chain intact"


@pytest.mark.django_db
def test_verify_audit_walks_the_chain_a_batch_at_a_time():
    events(5)
    assert verify_chain(batch=2).events == 5
    assert verify_chain(batch=5).intact


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_never_chain_to_the_same_predecessor():
    """On PostgreSQL, threads append at once, each on its own connection. SQLite's test
    database is in memory, where a second writer fails at once rather than waiting: there
    the guarantee is that the head is read inside a transaction that took the write lock
    when it began (BEGIN IMMEDIATE), so no other writer can append in between."""
    if connection.vendor == "sqlite":
        with CaptureQueriesContext(connection) as queries:
            audit_record(actor=None, verb=Verb.CHANGE, summary="Alone")
        statements = [q["sql"].split()[0].upper() for q in queries.captured_queries]
        assert statements[:3] == ["BEGIN", "SELECT", "INSERT"], statements
        assert queries.captured_queries[0]["sql"] == "BEGIN IMMEDIATE"
        assert statements[3:] in ([], ["COMMIT"])
        return
    start = threading.Barrier(4)
    failures = []

    def append():
        try:
            start.wait()
            for n in range(10):
                audit_record(actor=None, verb=Verb.CHANGE, summary=f"Concurrent {n}")
        except Exception as error:  # reported below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=append) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    previous = list(AuditEvent.objects.values_list("previous_hash", flat=True))
    assert len(previous) == len(set(previous)) == 40
    assert verify() == "40 events, chain intact"


@pytest.mark.django_db
def test_demo_data_replaced_leaves_the_chain_intact():
    """Deleting the old demo plans used to set their events' plan to NULL."""
    sizes = ["--organisations=1", "--plans-per-organisation=1", "--actions-per-plan=3"]
    sizes += ["--updates-per-action=2", "--large-plan-actions=0", "--seed=1"]
    call_command("generate_demo_data", *sizes, stdout=StringIO())
    from improvement_tracker.plans.models import Plan

    plan = Plan.objects.get()
    audit_record(actor=None, verb=Verb.CHANGE, summary="Demo change", plan=plan)
    call_command("generate_demo_data", *sizes, "--replace", stdout=StringIO())
    assert not Plan.objects.filter(pk=plan.pk).exists()
    assert verify() == "1 events, chain intact"
