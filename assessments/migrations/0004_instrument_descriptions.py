"""Descriptions per domain and level of the default ZRM, in our own B1 words (issue 12).

The matrix's cell texts are licensed, so these say in general terms what a domain covers and what
a level means; a professional still scores with the matrix at hand. Filled only where a beheerder
has not written a description yet.
"""

from django.db import migrations, models

DOMAIN_DESCRIPTIONS = {
    "financien": "Inkomen, vaste lasten, schulden en hoe iemand met geld omgaat.",
    "werk_opleiding": "Betaald werk, school of een opleiding, en wat nodig is om dat vol te houden.",
    "tijdsbesteding": "Hoe iemand de dag vult: een vast ritme, hobby's, vrijwilligerswerk.",
    "huisvesting": "Een eigen woonplek die veilig, passend en betaalbaar is.",
    "huiselijke_relaties": "Hoe het thuis gaat met partner, kinderen en huisgenoten. Ook spanning en geweld.",
    "geestelijke_gezondheid": "Hoe iemand zich voelt en denkt: stemming, stress en psychische klachten.",
    "lichamelijke_gezondheid": "Het lichaam: ziekte, pijn, beperkingen en de zorg die daarbij hoort.",
    "middelengebruik": "Alcohol, drugs, medicijnen of gokken, en of dat problemen geeft.",
    "basale_adl": "Zelfzorg van elke dag: wassen, aankleden, eten en naar het toilet gaan.",
    "instrumentele_adl": "Het huishouden regelen: boodschappen, koken, schoonmaken, post en afspraken.",
    "sociaal_netwerk": "Mensen om op terug te vallen, zoals familie, vrienden en buren.",
    "maatschappelijke_participatie": "Meedoen in buurt en samenleving, en de weg weten naar instanties.",
    "justitie": "Contact met politie of justitie, zoals boetes, een rechtszaak of een straf.",
}
LEVEL_DESCRIPTIONS = {
    1: "De situatie is onveilig of onhoudbaar. Er is direct hulp nodig.",
    2: "Het lukt niet zonder hulp. Zonder steun wordt het snel erger.",
    3: "Het lukt voor een deel. Er is geregeld hulp nodig om het vol te houden.",
    4: "Het lukt, soms met wat hulp van anderen of een algemene voorziening.",
    5: "Het lukt helemaal zelf. Er is geen hulp nodig.",
}


def describe(apps, schema_editor):
    Instrument = apps.get_model("assessments", "Instrument")
    instrument = Instrument.objects.filter(code="zrm-2017").first()
    if instrument is None:
        return
    for code, text in DOMAIN_DESCRIPTIONS.items():
        instrument.domains.filter(code=code, description="").update(description=text)
    for value, text in LEVEL_DESCRIPTIONS.items():
        instrument.levels.filter(value=value, description="").update(description=text)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0003_onderzoek_per_melding_and_duties")]

    operations = [
        migrations.AddField(
            model_name="instrumentdomain",
            name="description",
            field=models.TextField(
                blank=True,
                help_text="Wat dit leefdomein omvat, in eigen woorden (B1). Niet de teksten van de gelicentieerde matrix.",
                verbose_name="uitleg",
            ),
        ),
        migrations.AddField(
            model_name="instrumentlevel",
            name="description",
            field=models.TextField(
                blank=True,
                help_text="Wat dit niveau in het algemeen betekent, in eigen woorden (B1).",
                verbose_name="uitleg",
            ),
        ),
        migrations.RunPython(describe, migrations.RunPython.noop),
    ]
