"""An update's "see action 1.2" is kept as text, as action numbers are (ADR 0044).

Each stored whole number becomes its decimal text, so every existing link resolves.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0013_objectives_and_activities'),
    ]

    operations = [
        migrations.AlterField(
            model_name='actionreference',
            name='number',
            field=models.CharField(max_length=20),
        ),
    ]
