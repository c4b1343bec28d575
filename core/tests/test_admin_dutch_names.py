"""/beheer/ speaks Dutch: every field the admin shows has a name chosen in Dutch, not one made from its attribute.

A field without ``verbose_name`` gets Django's name from the attribute (``gemeente``, ``team`` happen to be Dutch,
``user`` does not), a plain string that no translation reaches. A chosen name is a lazy gettext string, so this
checks exactly that, for the models of this project shown in the admin or inline in it.

Installed packages (django-otp's TOTPDevice, django-axes' login records) name their fields in English, out of reach
of our translations: core/admin.py gives them Dutch names, and a test here notices a field it misses. Django's own
models (groups) are translated by Django.
"""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.db.models import Model
from django.utils.functional import Promise


def _project_models() -> set[type[Model]]:
    shown: set[type[Model]] = set()
    for model, model_admin in admin.site._registry.items():
        shown.add(model)
        shown.update(inline.model for inline in model_admin.inlines)
    # This project's apps are folders at the top of the repository; installed packages live elsewhere.
    return {
        model for model in shown if Path(apps.get_app_config(model._meta.app_label).path).parent == settings.BASE_DIR
    }


def test_every_field_shown_in_the_admin_has_a_dutch_name_of_its_own() -> None:
    models = _project_models()
    assert {"organisation.Team", "organisation.TeamMembership", "decisions.TeamBudget"} <= {
        m._meta.label for m in models
    }
    unnamed = sorted(
        f"{model._meta.label}.{field.name}"
        for model in models
        for field in model._meta.get_fields()
        if field.concrete
        and not (field.primary_key and field.auto_created)
        and not isinstance(getattr(field, "verbose_name", None), Promise)
    )
    assert unnamed == []


def test_every_model_shown_in_the_admin_has_a_dutch_name_of_its_own() -> None:
    unnamed = sorted(
        model._meta.label
        for model in _project_models()
        if not isinstance(model._meta.verbose_name, Promise) or not isinstance(model._meta.verbose_name_plural, Promise)
    )
    assert unnamed == []


@pytest.mark.django_db
def test_every_field_of_a_package_model_in_the_admin_gets_a_dutch_name_without_a_migration() -> None:
    from django.core.management import call_command

    from core.admin import PACKAGE_NAMES

    shown = {
        model._meta.label: model
        for model in admin.site._registry
        if Path(apps.get_app_config(model._meta.app_label).path).parent != settings.BASE_DIR
        and not model.__module__.startswith("django.")
    }
    assert set(shown) == set(PACKAGE_NAMES)
    for label, model in shown.items():
        fields = {f.name for f in model._meta.get_fields() if f.concrete and not f.primary_key}
        assert fields == set(PACKAGE_NAMES[label][2]), label
        assert str(model._meta.verbose_name) == str(PACKAGE_NAMES[label][0])
    call_command("makemigrations", "otp_totp", "axes", "--check", "--dry-run", verbosity=0)
