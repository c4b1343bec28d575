"""Every equated day now belongs to a decree; the switch for the old pattern goes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("deadlines", "0003_known_decrees"),
    ]

    operations = [
        migrations.AlterField(
            model_name="equatedday",
            name="decree",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="days",
                to="deadlines.equateddaydecree",
                verbose_name="besluit",
            ),
        ),
        migrations.RemoveField(
            model_name="equatedday",
            name="active",
        ),
    ]
