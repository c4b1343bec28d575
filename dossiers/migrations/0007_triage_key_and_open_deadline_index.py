"""The triage queue's order stored on the dossier, and an index of the open terms.

``last_melding_rank``/``last_melding_at`` hold the newest melding's urgency (as a rank, crisis first)
and when it came in: what the triage queue sorts by. They are filled here for every existing dossier
in one UPDATE; from now on ``dossiers.services.register_melding`` keeps them in step. Rows written
directly (the demo seeder) must fill them too; the daily deadline job repairs what went past.

``dossierdeadline_open`` indexes only the terms still open, which the daily check reads.
"""

from django.conf import settings
from django.db import migrations, models
from django.db.models import Case, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce


def fill_triage_key(apps, schema_editor):
    Dossier = apps.get_model("dossiers", "Dossier")
    Melding = apps.get_model("dossiers", "Melding")
    newest = Melding.objects.filter(dossier=OuterRef("pk")).order_by("-received_at", "-pk")
    rank = Case(
        When(urgency="crisis", then=Value(0)),
        When(urgency="hoog", then=Value(1)),
        default=Value(2),
        output_field=models.PositiveSmallIntegerField(),
    )
    Dossier.objects.update(
        last_melding_at=Subquery(newest.values("received_at")[:1]),
        last_melding_rank=Coalesce(
            Subquery(newest.annotate(rank=rank).values("rank")[:1]),
            Value(2),
            output_field=models.PositiveSmallIntegerField(),
        ),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0006_melding_regime"),
        ("organisation", "0002_gemeente_contact"),
        ("residents", "0002_name_trigram_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="last_melding_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="nieuwste melding ontvangen"),
        ),
        migrations.AddField(
            model_name="dossier",
            name="last_melding_rank",
            field=models.PositiveSmallIntegerField(default=2, verbose_name="urgentie nieuwste melding (volgorde)"),
        ),
        migrations.RunPython(fill_triage_key, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                condition=models.Q(("status__in", ["aangemeld", "in_triage"])),
                fields=["team", "last_melding_rank", "last_melding_at", "id"],
                name="dossier_triage_queue",
            ),
        ),
        migrations.AddIndex(
            model_name="dossierdeadline",
            index=models.Index(
                condition=models.Q(("cancelled_on__isnull", True), ("met_on__isnull", True)),
                fields=["dossier", "due"],
                name="dossierdeadline_open",
            ),
        ),
    ]
