"""On PostgreSQL the database itself refuses to change or delete an audit event.

The model, its queryset and the admin already refuse (ADR 0007); this also stops raw SQL
and anything that reaches the table without the model. Deleting a person or a plan
still sets an event's link to them to NULL (Django's SET_NULL; the person's name is kept
in actor_name), and nothing else. SQLite is left to the application: Django empties its
tables with DELETE between transactional tests, which such a trigger would refuse.
"""

from collections.abc import Callable

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

FORWARD = [
    """
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
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
    """
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()
""",
]

BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_event_append_only()",
]


def run(statements: list[str]) -> Callable[[Apps, BaseDatabaseSchemaEditor], None]:
    def on_postgresql(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement, params=None)  # no parameters: % is literal

    return on_postgresql


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_audit_events")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
