"""The group that gives a functioneel beheerder the configuration screens, and nothing with personal data."""

from django.db import migrations

GROUP = "Functioneel beheer"
MODELS = [
    ("accounts", "user"),
    ("organisation", "gemeente"),
    ("organisation", "wijk"),
    ("organisation", "buurt"),
    ("organisation", "team"),
    ("organisation", "teammembership"),
    ("assessments", "instrument"),
    ("assessments", "instrumentdomain"),
    ("assessments", "instrumentlevel"),
    ("deadlines", "equatedday"),
]


def create_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, model in MODELS:
        group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, content_type__model=model))


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("organisation", "0001_initial"),
        ("assessments", "0002_zrm_2017"),
        ("deadlines", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_group, remove_group)]
