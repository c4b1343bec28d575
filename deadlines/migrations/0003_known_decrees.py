"""The Royal Decrees known today (Atw art. 3 lid 3), as data; a beheerder adds the next one in /beheer/.

Rows from before this migration amended a built-in "usual pattern" (extra days, or pattern days switched
off). That pattern no longer exists: the decree is the law. So the old rows are replaced by the decrees'
days; a row for a year without a decree had no legal ground and is removed (the beheerder enters the
decree for that year instead). The 'Functioneel beheer' group gets the rights on the decrees.
"""

import datetime

from django.db import migrations

GROUP = "Functioneel beheer"

DECREES = [
    {
        "title": (
            "Besluit gelijkstelling van 28 april 2023, 19 mei 2023, 10 mei 2024, 27 december 2024 "
            "en 30 mei 2025 met een algemeen erkende feestdag"
        ),
        "reference": "KB gelijkstelling 2023–2025",
        "first_year": 2023,
        "last_year": 2025,
        "days": [
            (datetime.date(2023, 4, 28), "Vrijdag na Koningsdag"),
            (datetime.date(2023, 5, 19), "Vrijdag na Hemelvaartsdag"),
            (datetime.date(2024, 5, 10), "Vrijdag na Hemelvaartsdag"),
            (datetime.date(2024, 12, 27), "Vrijdag na Tweede Kerstdag"),
            (datetime.date(2025, 5, 30), "Vrijdag na Hemelvaartsdag"),
        ],
    },
    {
        "title": (
            "Besluit gelijkstelling van 2 januari 2026, 15 mei 2026, 7 mei 2027, 28 april 2028 "
            "en 26 mei 2028 met een algemeen erkende feestdag"
        ),
        "reference": "Stcrt. 2025, 24713",
        "first_year": 2026,
        "last_year": 2028,
        "days": [
            (datetime.date(2026, 1, 2), "Vrijdag na Nieuwjaarsdag"),
            (datetime.date(2026, 5, 15), "Vrijdag na Hemelvaartsdag"),
            (datetime.date(2027, 5, 7), "Vrijdag na Hemelvaartsdag"),
            (datetime.date(2028, 4, 28), "Vrijdag na Koningsdag"),
            (datetime.date(2028, 5, 26), "Vrijdag na Hemelvaartsdag"),
        ],
    },
]


def ship_decrees(apps, schema_editor):
    EquatedDay = apps.get_model("deadlines", "EquatedDay")
    EquatedDayDecree = apps.get_model("deadlines", "EquatedDayDecree")
    EquatedDay.objects.all().delete()
    for data in DECREES:
        decree = EquatedDayDecree.objects.create(
            title=data["title"], reference=data["reference"], first_year=data["first_year"], last_year=data["last_year"]
        )
        EquatedDay.objects.bulk_create(EquatedDay(decree=decree, date=day, name=name) for day, name in data["days"])


def remove_decrees(apps, schema_editor):
    apps.get_model("deadlines", "EquatedDay").objects.all().delete()
    apps.get_model("deadlines", "EquatedDayDecree").objects.all().delete()


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="deadlines", content_type__model__in=["equateddaydecree", "equatedday"]
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="deadlines", content_type__model="equateddaydecree")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("deadlines", "0002_decrees"),
        ("accounts", "0006_functioneel_beheer_least_privilege"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(ship_decrees, remove_decrees),
        migrations.RunPython(grant, revoke),
    ]
