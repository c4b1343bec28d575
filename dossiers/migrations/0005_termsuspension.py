# Awb 4:15 and 7:10 lid 2: a stored term can be suspended (issue 10, item 3).

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0004_deadline_melding"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="TermSuspension",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "ground",
                    models.CharField(
                        choices=[
                            ("aanvulling", "Aanvraag aanvullen na verzoek (Awb art. 4:5) – Awb art. 4:15 lid 1 sub a"),
                            ("instemming", "Schriftelijke instemming van de aanvrager – Awb art. 4:15 lid 2 sub a"),
                            ("overmacht", "Overmacht – Awb art. 4:15 lid 2 sub c"),
                            (
                                "herstel_verzuim",
                                "Herstel van een verzuim in het bezwaarschrift (art. 6:6) – Awb art. 7:10 lid 2",
                            ),
                        ],
                        max_length=20,
                        verbose_name="grond",
                    ),
                ),
                ("start", models.DateField(verbose_name="opgeschort met ingang van")),
                (
                    "end",
                    models.DateField(
                        blank=True,
                        help_text="De dag waarop de termijn weer loopt; leeg zolang de opschorting duurt.",
                        null=True,
                        verbose_name="opgeschort tot",
                    ),
                ),
                ("note", models.TextField(blank=True, verbose_name="toelichting")),
                (
                    "recorded_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="vastgelegd op"),
                ),
                (
                    "deadline",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="suspensions",
                        to="dossiers.dossierdeadline",
                        verbose_name="termijn",
                    ),
                ),
                (
                    "ended_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="beëindigd door",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="vastgelegd door",
                    ),
                ),
            ],
            options={
                "verbose_name": "opschorting",
                "verbose_name_plural": "opschortingen",
                "ordering": ["start", "pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("end__isnull", True), ("end__gte", models.F("start")), _connector="OR"),
                        name="suspension_ends_after_it_starts",
                    )
                ],
            },
        ),
    ]
