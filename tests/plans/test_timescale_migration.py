"""Migration 0009 reads every action's timescale again: what was 'unrecognised' before
(months, quarters, "To be confirmed") gets its reading; the text is never changed."""

import datetime as dt
import importlib

import pytest
from django.apps import apps

from improvement_tracker.plans.models import Action
from tests.factories import ActionFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "improvement_tracker.plans.migrations.0009_timescales_of_every_shape"
)


def test_stored_readings_are_read_again_from_the_text_and_the_text_kept():
    month = ActionFactory(timescale_text="Dec 2016")
    unchanged = ActionFactory(timescale_text="01/04/2021")
    Action.objects.filter(pk=month.pk).update(timescale_kind="unrecognised", timescale_date=None)

    migration.read_again(apps, None)  # it reads and writes rows only: no schema editor

    month.refresh_from_db()
    assert (month.timescale_text, month.timescale_kind, month.timescale_date) == (
        "Dec 2016",
        "month",
        dt.date(2016, 12, 31),
    )
    unchanged.refresh_from_db()
    assert (unchanged.timescale_kind, unchanged.timescale_date) == ("date", dt.date(2021, 4, 1))
