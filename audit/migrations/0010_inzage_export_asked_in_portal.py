"""A resident asks for their own inzage export in Mijn Wijkteam: no privacy officer then (requested_by empty),
`portal_requester` says who asked; one open portal export per person, and someone always asked."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0009_alter_accesslogentry_basis"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="inzageexport",
            name="portal_requester",
            field=models.CharField(blank=True, max_length=200, verbose_name="aangevraagd in Mijn Wijkteam door"),
        ),
        migrations.AlterField(
            model_name="inzageexport",
            name="requested_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="aangevraagd door",
            ),
        ),
        migrations.AddConstraint(
            model_name="inzageexport",
            constraint=models.UniqueConstraint(
                condition=models.Q(("requested_by__isnull", True), ("status__in", ["aangevraagd", "bezig"])),
                fields=("person_id",),
                name="audit_inzage_one_open_portal_per_person",
            ),
        ),
        migrations.AddConstraint(
            model_name="inzageexport",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("requested_by__isnull", False), models.Q(("portal_requester", ""), _negated=True), _connector="OR"
                ),
                name="audit_inzage_someone_asked",
            ),
        ),
    ]
