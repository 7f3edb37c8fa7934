"""Timestamps read back as the moment written, in UTC, on either database."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

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
