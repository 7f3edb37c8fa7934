"""What each database connection is set up with (core/database.py)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from improvement_tracker.plans.models import Plan
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db


def test_a_timestamp_reads_back_as_the_same_moment_in_utc():
    """Written as a London summer time with microseconds, read as that moment in UTC."""
    moment = dt.datetime(2026, 7, 1, 9, 30, 15, 123456, tzinfo=ZoneInfo("Europe/London"))
    plan = PlanFactory()
    Plan.objects.filter(pk=plan.pk).update(archived_at=moment)
    read = Plan.objects.values_list("archived_at", flat=True).get(pk=plan.pk)
    assert read == moment
    assert read.tzinfo is dt.UTC
    assert read.hour == 8


def test_on_postgresql_timestamps_are_read_by_psycopgs_compiled_loader():
    """Django's own loader is pure Python and about seven times slower (core/database.py).
    SQLite reads timestamps through Django's converters: nothing to check there."""
    if connection.vendor != "postgresql":
        return
    import psycopg
    from psycopg.pq import Format

    connection.ensure_connection()
    oid = psycopg.adapters.types["timestamptz"].oid
    compiled = psycopg.adapters.get_loader(oid, Format.TEXT)
    with connection.cursor() as cursor:
        loader = cursor.cursor.adapters.get_loader(oid, Format.TEXT)
        assert loader.timezone is dt.UTC  # so Django keeps it on this cursor
        assert type(loader(oid, cursor.cursor)._load.__self__) is compiled
    assert compiled.__module__ != "psycopg.types.datetime"  # compiled, not pure Python
