"""The inzage export made in the background (audit.exports_models.InzageExport): request, state, files, expiry.

At most one open export (aangevraagd or bezig) per person and privacy officer: a partial unique
index, so a double click or two web processes cannot start the same export twice.
"""

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0006_access_log_lanes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="InzageExport",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("person_id", models.BigIntegerField(db_index=True, verbose_name="inwonernummer")),
                ("kenmerk", models.CharField(max_length=40, verbose_name="kenmerk van het verzoek")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("aangevraagd", "Aangevraagd"),
                            ("bezig", "Bezig"),
                            ("klaar", "Klaar"),
                            ("mislukt", "Mislukt"),
                            ("verlopen", "Verlopen"),
                        ],
                        default="aangevraagd",
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                (
                    "requested_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="aangevraagd op"),
                ),
                ("started_at", models.DateTimeField(blank=True, null=True, verbose_name="gestart op")),
                ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="klaar op")),
                ("expires_at", models.DateTimeField(blank=True, null=True, verbose_name="verloopt op")),
                ("pdf", models.BinaryField(blank=True, null=True, verbose_name="inzage-overzicht (pdf)")),
                ("csv", models.BinaryField(blank=True, null=True, verbose_name="volledige toegangshistorie (csv)")),
                ("line_count", models.PositiveIntegerField(default=0, verbose_name="regels in de toegangshistorie")),
                ("dossier_ids", models.JSONField(blank=True, default=list, verbose_name="dossiers")),
                ("special_sections", models.JSONField(blank=True, default=list, verbose_name="bijzondere onderdelen")),
                (
                    "error",
                    models.TextField(
                        blank=True,
                        help_text="Het soort fout en waar in de code; nooit gegevens van de inwoner.",
                        verbose_name="fout",
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="aangevraagd door",
                    ),
                ),
            ],
            options={
                "verbose_name": "inzage-export",
                "verbose_name_plural": "inzage-exports",
                "ordering": ["-requested_at"],
                "indexes": [
                    models.Index(fields=["requested_by", "-requested_at"], name="audit_inzage_by_officer"),
                    models.Index(fields=["status", "expires_at"], name="audit_inzage_status_expiry"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("status__in", ["aangevraagd", "bezig"])),
                        fields=("person_id", "requested_by"),
                        name="audit_inzage_one_open_per_person",
                    )
                ],
            },
        ),
    ]
