"""A functioneel beheerder edits the themes' texts and adds a statement; nobody else reaches the screen."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from reflection.models import Theme

pytestmark = pytest.mark.django_db


def test_the_beheerder_edits_a_theme_and_its_statements(functioneel_beheerder) -> None:
    functioneel_beheerder.is_staff = True
    functioneel_beheerder.save()
    functioneel_beheerder.groups.add(Group.objects.get(name="Functioneel beheer"))
    theme = Theme.objects.get(code="regelruimte", gemeente__isnull=True)
    client = Client()
    client.force_login(functioneel_beheerder)
    url = reverse("admin:reflection_theme_change", args=[theme.pk])
    page = client.get(url)
    assert page.status_code == 200

    form = page.context["adminform"].form
    data = {name: form.initial.get(name, "") or "" for name in form.fields}
    data["gemeente"] = ""
    data["introduction"] = "Onze eigen inleiding bij regelruimte."
    formset = page.context["inline_admin_formsets"][0].formset
    data.update(
        {
            f"{formset.prefix}-TOTAL_FORMS": str(len(formset.forms)),
            f"{formset.prefix}-INITIAL_FORMS": str(formset.initial_form_count()),
            f"{formset.prefix}-MIN_NUM_FORMS": "0",
            f"{formset.prefix}-MAX_NUM_FORMS": "1000",
        }
    )
    for index, inline in enumerate(formset.forms):
        for name in inline.fields:
            value = inline.initial.get(name)
            data[f"{formset.prefix}-{index}-{name}"] = "" if value is None else value
        data[f"{formset.prefix}-{index}-theme"] = theme.pk
        if inline.instance.pk:
            data[f"{formset.prefix}-{index}-id"] = inline.instance.pk
    new = len(formset.forms) - 1  # the empty extra row
    data[f"{formset.prefix}-{new}-text"] = "Bij ons mag een generalist zelf een kleine voorziening regelen."
    data[f"{formset.prefix}-{new}-order"] = "9"

    response = client.post(url, data)

    if response.status_code != 302:
        inline_errors = [f.errors for f in response.context["inline_admin_formsets"][0].formset.forms]
        raise AssertionError((response.context["adminform"].form.errors, inline_errors, response.context["errors"]))
    theme.refresh_from_db()
    assert theme.introduction == "Onze eigen inleiding bij regelruimte."
    assert theme.statements.filter(text__startswith="Bij ons mag een generalist").exists()


def test_casework_staff_cannot_edit_themes(generalist) -> None:
    client = Client()
    client.force_login(generalist)
    response = client.get(reverse("admin:reflection_theme_changelist"))
    assert response.status_code == 302 and "/beheer/login/" in response["Location"]
