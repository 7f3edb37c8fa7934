"""Run a test against the database as it stood at a migration, then bring it up to date.

With `MigrationExecutor` directly: the test needs `django_db(transaction=True)`, since
SQLite cannot change its schema inside the transaction other tests run in.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


class Migrating:
    def __init__(self, app: str, before: str) -> None:
        MigrationExecutor(connection).migrate([(app, before)])
        self.apps = _applied()

    def to(self, app: str, name: str) -> Apps:
        """Apply migrations up to `app`'s `name`; the models as they then stood."""
        MigrationExecutor(connection).migrate([(app, name)])
        return _applied()


def _applied() -> Apps:
    """The models of every app as the migrations applied now make them."""
    executor = MigrationExecutor(connection)
    return executor._create_project_state(with_applied_migrations=True).apps


@contextmanager
def at_migration(app: str, before: str) -> Iterator[Migrating]:
    """The schema as of `app`'s migration `before`; every migration again afterwards."""
    migrating = Migrating(app, before)
    try:
        yield migrating
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
