"""What an attacker with DDL rights could do: lift the audit table's append-only triggers."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

from improvement_tracker.audit.models import AuditEvent

TABLE = AuditEvent._meta.db_table


@contextmanager
def append_only_lifted() -> Iterator[None]:
    """Without the triggers of audit migration 0007, inside whatever transaction is open."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")
            triggers = []
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [TABLE],
            )
            triggers = cursor.fetchall()
            for name, _ in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER USER")
            for _, sql in triggers:
                cursor.execute(sql)


def raw(sql: str, *params: object) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=TABLE), params)
