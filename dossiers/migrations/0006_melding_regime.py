"""A melding knows its law: `regime` replaces `is_wmo`; a term can lapse (vervallen) with a reason.

Existing meldingen keep what they were: a Wmo melding stays Wmo, any other becomes "nog geen
hulpvraag". Their terms are left as they are.
"""

from django.db import migrations, models


def regime_from_is_wmo(apps, schema_editor):
    Melding = apps.get_model("dossiers", "Melding")
    Melding.objects.filter(is_wmo=True).update(regime="wmo")
    Melding.objects.filter(is_wmo=False).update(regime="geen_hulpvraag")


def is_wmo_from_regime(apps, schema_editor):
    Melding = apps.get_model("dossiers", "Melding")
    Melding.objects.update(is_wmo=False)
    Melding.objects.filter(regime="wmo").update(is_wmo=True)


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0005_termsuspension"),
    ]

    operations = [
        migrations.AddField(
            model_name="melding",
            name="regime",
            field=models.CharField(
                choices=[
                    ("wmo", "Wmo 2015"),
                    ("jeugdwet", "Jeugdwet"),
                    ("participatiewet", "Participatiewet"),
                    ("schuldhulp", "Schuldhulpverlening (Wgs)"),
                    ("geen_hulpvraag", "Nog geen hulpvraag (zorgmelding)"),
                ],
                default="geen_hulpvraag",
                help_text="Bepaalt welke termijnen de melding start; bij registratie afgeleid van de route.",
                max_length=20,
                verbose_name="wettelijk kader",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="melding",
            name="wgs_threat",
            field=models.CharField(
                blank=True,
                choices=[
                    ("huisuitzetting", "Dreigende huisuitzetting"),
                    ("afsluiting_energie", "Dreigende afsluiting van energie"),
                    ("afsluiting_water", "Dreigende afsluiting van water"),
                    ("zorgverzekering", "Opzegging of ontbinding van de zorgverzekering"),
                ],
                help_text="Eerste gesprek binnen 3 werkdagen (Wet gemeentelijke schuldhulpverlening art. 4a lid 2).",
                max_length=20,
                verbose_name="dreigende situatie (Wgs)",
            ),
        ),
        migrations.RunPython(regime_from_is_wmo, is_wmo_from_regime),
        migrations.RemoveField(model_name="melding", name="is_wmo"),
        migrations.AddField(
            model_name="dossierdeadline",
            name="cancelled_on",
            field=models.DateField(blank=True, null=True, verbose_name="vervallen op"),
        ),
        migrations.AddField(
            model_name="dossierdeadline",
            name="cancel_reason",
            field=models.TextField(blank=True, verbose_name="reden van vervallen"),
        ),
    ]
