"""Chain the events written before the chain existed, in id order, in batches (ADR 0025).

On PostgreSQL the row trigger of 0002 would refuse these updates, so it goes first;
0007 puts back a stricter one. With AUDIT_CHAIN_KEY set when this runs, the chain is
keyed from its first event.
"""

from django.apps.registry import Apps
from django.conf import settings
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from improvement_tracker.audit.chain import FIELDS, GENESIS, link_hash

BATCH = 5000
CONTENT = [name for name in FIELDS if name != "previous_hash"]


def backfill(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    update = f"UPDATE {table} SET previous_hash = %s, hash = %s WHERE id = %s"  # noqa: S608
    key = getattr(settings, "AUDIT_CHAIN_KEY", "")
    previous, last_id = GENESIS, 0
    while True:
        rows = list(
            AuditEvent.objects.filter(id__gt=last_id).order_by("id").values("id", *CONTENT)[:BATCH]
        )
        if not rows:
            return
        changes = []
        for row in rows:
            row["previous_hash"] = previous
            previous = link_hash(row, key=key)
            changes.append((row["previous_hash"], previous, row["id"]))
        with connection.cursor() as cursor:
            cursor.executemany(update, changes)
        last_id = rows[-1]["id"]


def unchain(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Back to 0005: the hashes stay (0005's reversal drops them); 0002's trigger returns."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent"
            " FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()"
        )


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_chained_hashes_and_kept_links")]

    operations = [migrations.RunPython(backfill, unchain)]
