"""Equated days belong to a Royal Decree (Atw art. 3 lid 3); the built-in pattern and its on/off switch are gone."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("deadlines", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="EquatedDayDecree",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "title",
                    models.CharField(
                        help_text="De naam van het besluit, bijvoorbeeld 'Besluit gelijkstelling van 2 januari 2026, 15 mei 2026, … met een algemeen erkende feestdag'.",
                        max_length=300,
                        verbose_name="besluit",
                    ),
                ),
                (
                    "reference",
                    models.CharField(
                        help_text="Bijvoorbeeld 'Stcrt. 2025, 24713'.", max_length=100, verbose_name="vindplaats"
                    ),
                ),
                ("first_year", models.PositiveSmallIntegerField(verbose_name="eerste jaar")),
                (
                    "last_year",
                    models.PositiveSmallIntegerField(
                        help_text="Meestal drie jaar na het eerste.", verbose_name="laatste jaar"
                    ),
                ),
            ],
            options={
                "verbose_name": "besluit gelijkgestelde dagen",
                "verbose_name_plural": "besluiten gelijkgestelde dagen",
                "ordering": ("first_year",),
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("first_year__lte", models.F("last_year"))),
                        name="equateddaydecree_years_in_order",
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="equatedday",
            name="decree",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="days",
                to="deadlines.equateddaydecree",
                verbose_name="besluit",
            ),
        ),
        migrations.AlterField(
            model_name="equatedday",
            name="name",
            field=models.CharField(
                help_text="Bijvoorbeeld 'Vrijdag na Hemelvaartsdag'.", max_length=100, verbose_name="naam"
            ),
        ),
    ]
