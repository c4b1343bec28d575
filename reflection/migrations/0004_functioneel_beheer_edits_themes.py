"""The functioneel beheerder edits the reflection themes, their texts and statements."""

from django.db import migrations

GROUP = "Functioneel beheer"
MODELS = [("reflection", "theme"), ("reflection", "statement")]


def grant(apps, schema_editor):
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


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        for app_label, model in MODELS:
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label=app_label, content_type__model=model)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("reflection", "0003_statements_notes_actions"),
        ("accounts", "0002_functioneel_beheer_group"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
