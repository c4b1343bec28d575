"""Default retention terms, and the functioneel beheerder's right to maintain them in /beheer/.

The defaults follow LAW.md §Retention; the two the law does not fix are platform choices the
municipality should check against its own selectielijst:
- Participatiewet: 10 years after the end of the last provision (the usual term for income
  support files in the selectielijst gemeenten; some categories are shorter).
- Dossiers without any decision: 5 years after closing (short, because no decision was taken
  that could still be contested; a platform default, not a legal term).
"""

from django.db import migrations

GROUP = "Functioneel beheer"
MODELS = [("retention", "retentionrule")]

DEFAULT_RULES = [
    {
        "key": "jeugdwet",
        "years": 20,
        "counted_from": "afsluiting",
        "basis": "Jeugdwet art. 7.3.8: dossier 20 jaar bewaren (gerekend vanaf de afsluiting).",
    },
    {
        "key": "wmo",
        "years": 15,
        "counted_from": "einde_laatste_voorziening",
        "basis": "Selectielijst gemeenten: Wmo-dossiers 15 jaar na het einde van de laatste voorziening.",
    },
    {
        "key": "participatiewet",
        "years": 10,
        "counted_from": "einde_laatste_voorziening",
        "basis": (
            "Standaard van het platform: 10 jaar na het einde van de laatste voorziening, in lijn met de "
            "selectielijst gemeenten voor dossiers inkomensondersteuning. Gemeente: toets aan de eigen selectielijst."
        ),
    },
    {
        "key": "zonder_besluit",
        "years": 5,
        "counted_from": "afsluiting",
        "basis": (
            "Standaard van het platform voor dossiers zonder besluit: 5 jaar na afsluiting. "
            "Geen wettelijke termijn; de gemeente stelt deze zelf vast."
        ),
    },
]


def create_defaults(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    RetentionRule = apps.get_model("retention", "RetentionRule")
    for rule in DEFAULT_RULES:
        RetentionRule.objects.get_or_create(key=rule["key"], defaults=rule)

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, model in MODELS:
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, content_type__model=model).exclude(
                codename__startswith="delete_"
            )
        )


def remove_defaults(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        for app_label, model in MODELS:
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label=app_label, content_type__model=model)
            )
    apps.get_model("retention", "RetentionRule").objects.filter(key__in=[r["key"] for r in DEFAULT_RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("retention", "0001_initial"),
        ("accounts", "0002_functioneel_beheer_group"),
    ]
    operations = [migrations.RunPython(create_defaults, remove_defaults)]
