"""Action numbers become text references with a stored natural sort key (ADR 0038).

Every existing number becomes its decimal text ("16"), keeps its place in the order
(natural order of plain numbers is numeric order) and its uniqueness in its domain.
Links (`/plans/<slug>/actions/<position>/16/`) and history are unchanged.
"""

from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def order_numbers(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Each action's sort key, from its number as text."""
    from improvement_tracker.plans.numbering import natural_key

    action_model = apps.get_model("plans", "Action")
    changed = []
    for action in action_model.objects.only("pk", "number").iterator(2000):
        action.number = str(action.number)
        action.number_order = natural_key(action.number)
        changed.append(action)
    action_model.objects.bulk_update(changed, ["number", "number_order"], batch_size=500)
    if schema_editor.connection.vendor == "postgresql":
        # The type change rewrote the table in this transaction, so these updates left
        # deferred foreign-key checks pending, and PostgreSQL alters no table with checks
        # pending: run them now, before the constraints below are added.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0009_timescales_of_every_shape"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="action", name="action_number_unique"),
        migrations.AlterField(
            model_name="action",
            name="number",
            field=models.CharField(max_length=20),
        ),
        migrations.AddField(
            model_name="action",
            name="number_order",
            field=models.CharField(default="", editable=False, max_length=300),
            preserve_default=False,
        ),
        migrations.RunPython(order_numbers, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="action",
            options={"ordering": ["domain__position", "number_order"]},
        ),
        migrations.AddConstraint(
            model_name="action",
            constraint=models.UniqueConstraint(
                fields=("domain", "number"), name="action_number_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="action",
            constraint=models.CheckConstraint(
                condition=models.Q(("number_order", ""), _negated=True),
                name="action_number_ordered",
            ),
        ),
    ]
