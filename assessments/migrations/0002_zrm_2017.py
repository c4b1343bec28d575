"""Seed the Zelfredzaamheid-Matrix 2017: domain names and level names only (cell texts are licensed)."""

from django.db import migrations

ZRM_DOMAINS = [
    ("financien", "Financiën"),
    ("werk_opleiding", "Werk & opleiding"),
    ("tijdsbesteding", "Tijdsbesteding"),
    ("huisvesting", "Huisvesting"),
    ("huiselijke_relaties", "Huiselijke relaties"),
    ("geestelijke_gezondheid", "Geestelijke gezondheid"),
    ("lichamelijke_gezondheid", "Lichamelijke gezondheid"),
    ("middelengebruik", "Middelengebruik"),
    ("basale_adl", "Basale ADL"),
    ("instrumentele_adl", "Instrumentele ADL"),
    ("sociaal_netwerk", "Sociaal netwerk"),
    ("maatschappelijke_participatie", "Maatschappelijke participatie"),
    ("justitie", "Justitie"),
]
ZRM_LEVELS = [
    (1, "Acute problematiek"),
    (2, "Niet zelfredzaam"),
    (3, "Beperkt zelfredzaam"),
    (4, "Voldoende zelfredzaam"),
    (5, "Volledig zelfredzaam"),
]


def seed(apps, schema_editor):
    Instrument = apps.get_model("assessments", "Instrument")
    instrument, _ = Instrument.objects.get_or_create(
        code="zrm-2017", defaults={"name": "Zelfredzaamheid-Matrix 2017", "is_default": True}
    )
    for order, (code, name) in enumerate(ZRM_DOMAINS, start=1):
        instrument.domains.get_or_create(code=code, defaults={"name": name, "order": order})
    for value, label in ZRM_LEVELS:
        instrument.levels.get_or_create(value=value, defaults={"label": label})


def unseed(apps, schema_editor):
    apps.get_model("assessments", "Instrument").objects.filter(code="zrm-2017").delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
