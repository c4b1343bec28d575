"""The functioneel beheerder adds partner organisations and sets what they may send (no delete: deactivate)."""

from django.db import migrations

GROUP = "Functioneel beheer"
CODENAMES = ("view_partner", "add_partner", "change_partner")


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="partners", codename__in=CODENAMES))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="partners", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0003_partnermelding_team"),
        ("accounts", "0006_functioneel_beheer_least_privilege"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
