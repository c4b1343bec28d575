"""A consent names its recipient by organisation (and optionally one person) chosen from a list.

Existing consents keep their free text. Where that text is exactly the name of an organisation that
staff accounts carry (trimmed, case does not matter), the consent is linked to it, so it covers every
person of that organisation as it did before. Any other text ("Ruben Hoekstra, GGZ Voorbeeldstad",
"huisarts") stays text only and matches as before (consent.recipients.covers).
"""

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def link_organisations(apps: Any, schema_editor: Any) -> None:
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    Consent = apps.get_model("consent", "Consent")
    organisations: dict[str, str] = {}
    for name in User.objects.exclude(organisation="").values_list("organisation", flat=True).distinct():
        if name.strip():
            organisations.setdefault(name.strip().casefold(), name.strip())
    texts = Consent.objects.filter(recipient_organisation="").values_list("recipient", flat=True).distinct()
    for text in list(texts):
        organisation = organisations.get(text.strip().casefold())
        if organisation:
            Consent.objects.filter(recipient=text, recipient_organisation="").update(
                recipient_organisation=organisation
            )


class Migration(migrations.Migration):
    dependencies = [
        ("consent", "0004_consent_second_giver"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="consent",
            name="recipient_organisation",
            field=models.CharField(blank=True, max_length=120, verbose_name="organisatie van de ontvanger"),
        ),
        migrations.AddField(
            model_name="consent",
            name="recipient_person",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="persoon van de ontvanger",
            ),
        ),
        migrations.RunPython(link_organisations, migrations.RunPython.noop),
    ]
