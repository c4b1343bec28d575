"""Functioneel beheer keeps only what it needs to manage accounts without being able to take one over.

Removed: deleting accounts (an account is deactivated, so its history stays) and deleting an authenticator
device by hand (that now happens only by issuing a koppelcode, which is logged and reviewed), and, in case
someone added them, any right on groups and permissions. Added: seeing and deciding on changes that wait
for a second person, and seeing which koppelcodes were issued (never the code itself: only a hash is kept).
"""

from django.db import migrations

GROUP = "Functioneel beheer"
REVOKE = [
    ("accounts", "delete_user"),
    ("otp_totp", "delete_totpdevice"),
    ("otp_totp", "add_totpdevice"),
    ("otp_totp", "change_totpdevice"),
]
GRANT = [
    ("accounts", "view_accountchangerequest"),
    ("accounts", "change_accountchangerequest"),
    ("accounts", "view_enrolmentcode"),
]


def _permissions(apps, pairs):
    Permission = apps.get_model("auth", "Permission")
    found = Permission.objects.none()
    for app_label, codename in pairs:
        found = found | Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return found


def forwards(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is None:
        return
    group.permissions.remove(*_permissions(apps, REVOKE))
    group.permissions.remove(*Permission.objects.filter(content_type__app_label="auth"))
    group.permissions.add(*_permissions(apps, GRANT))


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=GROUP).first()
    if group is None:
        return
    group.permissions.remove(*_permissions(apps, GRANT))
    group.permissions.add(*_permissions(apps, [("accounts", "delete_user"), ("otp_totp", "delete_totpdevice")]))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_koppelcodes_and_four_eyes_changes"),
        ("otp_totp", "0003_add_timestamps"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
