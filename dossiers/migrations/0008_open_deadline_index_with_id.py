"""The open-term index carries the id, so the daily scan answers "is a suspension running" from the index."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0007_triage_key_and_open_deadline_index"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="dossierdeadline",
            name="dossierdeadline_open",
        ),
        migrations.AddIndex(
            model_name="dossierdeadline",
            index=models.Index(
                condition=models.Q(("cancelled_on__isnull", True), ("met_on__isnull", True)),
                fields=["dossier", "due"],
                include=("id",),
                name="dossierdeadline_open",
            ),
        ),
    ]
