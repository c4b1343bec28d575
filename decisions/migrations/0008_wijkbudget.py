"""Wijkbudget (monitor indicator 9): a budget per wijk and year, maintained by the functioneel beheerder."""

from decimal import Decimal

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

GROUP = "Functioneel beheer"


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
        *Permission.objects.filter(content_type__app_label="decisions", content_type__model="wijkbudget")
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="decisions", content_type__model="wijkbudget")
        )


class Migration(migrations.Migration):

    dependencies = [
        ('decisions', '0007_dutch_field_names'),
        ('organisation', '0003_dutch_field_names'),
        ('accounts', '0002_functioneel_beheer_group'),
    ]

    operations = [
        migrations.CreateModel(
            name='WijkBudget',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='jaar')),
                ('amount', models.DecimalField(decimal_places=2, help_text="In euro's, voor het hele jaar: het geld voor maatwerk (Wmo, Jeugdwet, Participatiewet) in deze wijk.", max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='budget')),
                ('wijk', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='budgets', to='organisation.wijk', verbose_name='wijk')),
            ],
            options={
                'verbose_name': 'wijkbudget',
                'verbose_name_plural': 'wijkbudgetten',
                'ordering': ['-year', 'wijk__name'],
                'constraints': [models.UniqueConstraint(fields=('wijk', 'year'), name='decisions_one_budget_per_wijk_year', violation_error_message='Deze wijk heeft voor dit jaar al een budget. Pas dat budget aan.'), models.CheckConstraint(condition=models.Q(('amount__gte', 0)), name='decisions_wijkbudget_not_negative')],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
