"""Both databases refuse to change, delete or empty the audit table (ADR 0025).

Events are never updated now (0005), so the row trigger refuses every UPDATE and
DELETE; PostgreSQL's TRUNCATE fires no row trigger, so a statement trigger refuses it.
SQLite has no TRUNCATE (a DELETE with triggers is never optimised into one). The test
suite lifts these around Django's flush between transactional tests (tests/conftest.py).
A later migration that rebuilds this table on SQLite drops its triggers with it, and
must create them again.
"""

from collections.abc import Callable

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

POSTGRESQL = [
    """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_LEVEL = 'STATEMENT' THEN
        RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP;
    END IF;
    RAISE EXCEPTION 'audit events are append-only: % of audit event % refused', TG_OP, OLD.id;
END;
$$
""",
    """
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()
""",
    """
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()
""",
]
POSTGRESQL_BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent",
    # 0002's function, which 0006's reversal puts back on the table.
    """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND (NEW.actor_id IS NULL OR NEW.actor_id = OLD.actor_id)
       AND (NEW.plan_id IS NULL OR NEW.plan_id = OLD.plan_id)
       AND to_jsonb(NEW) - 'actor_id' - 'plan_id' = to_jsonb(OLD) - 'actor_id' - 'plan_id'
    THEN
        RETURN NEW;  -- only a deleted person's or plan's link set to NULL
    END IF;
    RAISE EXCEPTION 'audit events are append-only: % of audit event % refused', TG_OP, OLD.id;
END;
$$
""",
]
SQLITE = [
    """
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused');
END
""",
    """
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused');
END
""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_event_no_update",
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
]


def run(
    postgresql: list[str], sqlite: list[str]
) -> Callable[[Apps, BaseDatabaseSchemaEditor], None]:
    def on_each_database(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        vendor = schema_editor.connection.vendor
        statements = {"postgresql": postgresql, "sqlite": sqlite}.get(vendor, [])
        for statement in statements:
            schema_editor.execute(statement, params=None)  # no parameters: % is literal

    return on_each_database


class Migration(migrations.Migration):
    dependencies = [("audit", "0006_backfill_the_hash_chain")]

    operations = [
        migrations.RunPython(run(POSTGRESQL, SQLITE), run(POSTGRESQL_BACKWARD, SQLITE_BACKWARD))
    ]
