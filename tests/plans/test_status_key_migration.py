"""Migration 0011 turns stored statuses into meanings and gives every plan's key the
example's labels and colours (ADR 0039); its reverse gives the old statuses back."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("plans", "0009_timescales_of_every_shape")]
AFTER = [("plans", "0011_plan_status_keys")]
OLD_KEY = {
    "red": "Agreed date passed - action not complete.",
    "amber": "Action not on target for completion by agreed date.",
    "green": "Action on target to be completed by the agreed date.",
    "completed": "Action complete.",
}


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_plan():
    """A plan as 0009 stored it: the four-status key, and updates of every old status."""
    apps = migrate(BEFORE)
    organisation = apps.get_model("accounts", "Organisation").objects.create(
        name="Old Council", slug="old-council"
    )
    plan = apps.get_model("plans", "Plan").objects.create(
        organisation=organisation, title="Old plan", slug="old-plan"
    )
    for status, description in OLD_KEY.items():
        apps.get_model("plans", "RagKeyEntry").objects.create(
            plan=plan, status=status, description=description
        )
    domain = apps.get_model("plans", "Domain").objects.create(
        plan=plan, position=1, title="HELP", label="Help"
    )
    updates = {}
    for number, status in enumerate(["red", "amber", "green", "completed", "not_rated"], 1):
        action = apps.get_model("plans", "Action").objects.create(
            domain=domain, number=number, text=f"Action {number}", timescale_kind="blank"
        )
        updates[status] = apps.get_model("plans", "ActionUpdate").objects.create(
            action=action, made_on=dt.date(2020, 10, 31), status=status
        )
    change = apps.get_model("plans", "StatusChange").objects.create(
        action=updates["green"].action,
        update=updates["green"],
        from_status="amber",
        to_status="green",
    )
    yield plan.pk, {status: update.pk for status, update in updates.items()}, change.pk
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())  # the schema as it was


@pytest.mark.django_db(transaction=True)
def test_every_update_keeps_its_meaning_and_every_plan_keeps_red_amber_green_completed(old_plan):
    plan_pk, updates, change_pk = old_plan
    apps = migrate(AFTER)
    update_model = apps.get_model("plans", "ActionUpdate")
    stored = {old: update_model.objects.get(pk=pk).status for old, pk in updates.items()}
    assert stored == {
        "red": "off_track",
        "amber": "at_risk",
        "green": "on_track",
        "completed": "complete",
        "not_rated": "not_rated",
    }
    change = apps.get_model("plans", "StatusChange").objects.get(pk=change_pk)
    assert (change.from_status, change.to_status) == ("at_risk", "on_track")
    key = apps.get_model("plans", "RagKeyEntry").objects.filter(plan_id=plan_pk)
    assert list(
        key.order_by("position").values_list("status", "label", "colour", "position", "description")
    ) == [
        ("off_track", "Red", "red", 1, OLD_KEY["red"]),
        ("at_risk", "Amber", "orange", 2, OLD_KEY["amber"]),
        ("on_track", "Green", "green", 3, OLD_KEY["green"]),
        ("complete", "Completed", "blue", 4, OLD_KEY["completed"]),
    ]

    # And back: the old statuses, the old key.
    apps = migrate(BEFORE)
    update_model = apps.get_model("plans", "ActionUpdate")
    assert {old: update_model.objects.get(pk=pk).status for old, pk in updates.items()} == {
        old: old for old in updates
    }
    key = apps.get_model("plans", "RagKeyEntry").objects.filter(plan_id=plan_pk)
    assert dict(key.values_list("status", "description")) == OLD_KEY
