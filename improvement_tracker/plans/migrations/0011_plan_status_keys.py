"""Statuses become meanings and each plan's key gets labels, colours and an order (ADR 0039).

Every stored status is rewritten to its meaning (red → off_track, amber → at_risk,
green → on_track, completed → complete); every existing plan's key entries take the
example's labels and colours (Red/red, Amber/orange, Green/green, Completed/blue) in
today's order. Audit rows are history and are left as they were written.
"""

from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.models.functions import Lower

MEANINGS = {"red": "off_track", "amber": "at_risk", "green": "on_track", "completed": "complete"}
# The meanings an old database cannot hold go back to the nearest it can.
BACK = {new: old for old, new in MEANINGS.items()} | {
    "not_started": "not_rated",
    "complete_assured": "completed",
}
EXAMPLE = {  # meaning: (label, colour, position)
    "off_track": ("Red", "red", 1),
    "at_risk": ("Amber", "orange", 2),
    "on_track": ("Green", "green", 3),
    "complete": ("Completed", "blue", 4),
}
STATUSES = [
    ("not_started", "Not started"),
    ("off_track", "Off track"),
    ("at_risk", "At risk"),
    ("on_track", "On track"),
    ("complete", "Complete"),
    ("complete_assured", "Complete and assured"),
    ("not_rated", "Not rated"),
]
COLOURS = [
    ("grey", "Grey"),
    ("green", "Green"),
    ("turquoise", "Turquoise"),
    ("blue", "Blue"),
    ("light-blue", "Light blue"),
    ("purple", "Purple"),
    ("pink", "Pink"),
    ("red", "Red"),
    ("orange", "Orange"),
    ("yellow", "Yellow"),
]


def _checked_now(schema_editor: BaseDatabaseSchemaEditor) -> None:
    """PostgreSQL checks foreign keys at commit; rows changed here leave those checks
    pending, and it will not alter a table with checks pending. Run them now."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _rewrite(apps: Apps, mapping: dict[str, str]) -> None:
    update = apps.get_model("plans", "ActionUpdate")
    change = apps.get_model("plans", "StatusChange")
    entry = apps.get_model("plans", "RagKeyEntry")
    for old, new in mapping.items():
        update.objects.filter(status=old).update(status=new)
        change.objects.filter(from_status=old).update(from_status=new)
        change.objects.filter(to_status=old).update(to_status=new)
        entry.objects.filter(status=old).update(status=new)


def to_meanings(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _rewrite(apps, MEANINGS)
    entry_model = apps.get_model("plans", "RagKeyEntry")
    entries = list(entry_model.objects.all())
    for entry in entries:
        entry.label, entry.colour, entry.position = EXAMPLE[entry.status]
    entry_model.objects.bulk_update(entries, ["label", "colour", "position"], batch_size=500)
    _checked_now(schema_editor)


def to_old_statuses(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    # The old key held the four rated statuses only; the others' entries go (their
    # labels and colours have nowhere to live), and so does a second entry that would
    # now stand for the same old status.
    entry_model = apps.get_model("plans", "RagKeyEntry")
    entry_model.objects.exclude(status__in=list(EXAMPLE)).delete()
    _rewrite(apps, BACK)
    _checked_now(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0010_action_numbers_are_text"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="actionupdate", name="update_status"),
        migrations.RemoveConstraint(model_name="ragkeyentry", name="key_entry_is_a_rated_status"),
        migrations.AlterModelOptions(
            name="ragkeyentry", options={"ordering": ["plan", "position", "id"]}
        ),
        migrations.AddField(
            model_name="ragkeyentry",
            name="label",
            field=models.CharField(default="", max_length=50),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="ragkeyentry",
            name="colour",
            field=models.CharField(choices=COLOURS, default="grey", max_length=20),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="ragkeyentry",
            name="position",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name="ragkeyentry",
            name="description",
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.AlterField(
            model_name="actionupdate",
            name="status",
            field=models.CharField(choices=STATUSES, default="not_rated", max_length=20),
        ),
        migrations.AlterField(
            model_name="ragkeyentry",
            name="status",
            field=models.CharField(choices=STATUSES, max_length=20),
        ),
        migrations.AlterField(
            model_name="statuschange",
            name="from_status",
            field=models.CharField(choices=STATUSES, max_length=20),
        ),
        migrations.AlterField(
            model_name="statuschange",
            name="to_status",
            field=models.CharField(choices=STATUSES, max_length=20),
        ),
        migrations.RunPython(to_meanings, to_old_statuses),
        migrations.AddConstraint(
            model_name="actionupdate",
            constraint=models.CheckConstraint(
                condition=models.Q(status__in=[value for value, _ in STATUSES]),
                name="update_status",
            ),
        ),
        migrations.AddConstraint(
            model_name="ragkeyentry",
            constraint=models.UniqueConstraint(
                models.F("plan"), Lower("label"), name="one_key_entry_per_label"
            ),
        ),
        migrations.AddConstraint(
            model_name="ragkeyentry",
            constraint=models.CheckConstraint(
                condition=models.Q(status__in=[value for value, _ in STATUSES]),
                name="key_entry_is_a_status",
            ),
        ),
        migrations.AddConstraint(
            model_name="ragkeyentry",
            constraint=models.CheckConstraint(
                condition=models.Q(colour__in=[value for value, _ in COLOURS]),
                name="key_entry_colour",
            ),
        ),
    ]
