"""Typed text: free text has a length limit, names and identifiers refuse invisible control characters.

The rule lives in `core.forms.UtrechtFormMixin`, so every form gets it; these tests check the rule
itself, that no form of the project is built without the mixin, and that bad input on a real
screen gives a Dutch error and changes nothing.
"""

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.urls import reverse

from core.forms import UtrechtFormMixin
from core.text_input import FREE_TEXT_MAX_LENGTH
from dossiers.models import Dossier, Melding
from dossiers.tests.views_support import logged_in
from dossiers.transitions import Status
from residents.models import Inwoner, Netwerkrelatie
from testsupport.factories import dossier_for, next_bsn

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE


class _Example(UtrechtFormMixin, forms.Form):
    name = forms.CharField(max_length=200)
    note = forms.CharField(widget=forms.Textarea, required=False)


def _errors(data: dict) -> dict:
    form = _Example(data)
    form.is_valid()
    return form.errors


def test_free_text_longer_than_the_limit_is_refused_in_dutch() -> None:
    errors = _errors({"name": "Jansen", "note": "x" * 100_000})
    assert errors["note"] == [
        f"Deze tekst is te lang: hij mag hoogstens {FREE_TEXT_MAX_LENGTH} tekens bevatten en heeft er nu 100000. "
        "Maak hem korter."
    ]


def test_free_text_up_to_the_limit_is_accepted() -> None:
    assert not _errors({"name": "Jansen", "note": "x" * FREE_TEXT_MAX_LENGTH})


def test_free_text_area_tells_the_browser_its_limit() -> None:
    assert f'maxlength="{FREE_TEXT_MAX_LENGTH}"' in str(_Example()["note"])


def test_name_with_a_right_to_left_override_is_refused_in_dutch() -> None:
    errors = _errors({"name": f"Jan{RLO}nesnaJ"})
    assert "onzichtbaar stuurteken (U+202E)" in errors["name"][0]


@pytest.mark.parametrize(
    "character",
    ["\u202a", "\u202d", "\u2066", "\u2069", "\u200e", "\u200f", "\u200b", "\ufeff", "\u0007", "\u2028", "\u00ad"],
)
def test_names_refuse_every_invisible_control_or_format_character(character: str) -> None:
    assert "name" in _errors({"name": f"Jan{character}sen"})


def test_names_keep_the_joiners_some_scripts_need() -> None:
    assert not _errors({"name": "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"})  # Persian, with a ZWNJ


def test_free_text_keeps_line_breaks_and_direction_marks_but_refuses_overrides() -> None:
    assert not _errors(
        {"name": "Jansen", "note": "Regel een\r\nRegel twee\t\u200f\u0627\u0644\u0633\u0644\u0627\u0645"}
    )
    assert "note" in _errors({"name": "Jansen", "note": f"Ziet er gewoon uit {RLO}tset"})
    assert "note" in _errors({"name": "Jansen", "note": "Bel \u0000 me"})


def _project_form_classes() -> list[type[forms.BaseForm]]:
    found: list[type[forms.BaseForm]] = []
    for app in settings.INSTALLED_APPS:
        module_name = app.split(".")[0]
        path = Path(settings.BASE_DIR) / module_name
        if not path.is_dir():
            continue
        for info in pkgutil.iter_modules([str(path)]):
            if "form" not in info.name:
                continue
            module = importlib.import_module(f"{module_name}.{info.name}")
            for _name, value in inspect.getmembers(module, inspect.isclass):
                if issubclass(value, forms.BaseForm) and value.__module__ == module.__name__:
                    found.append(value)
    return found


def test_every_form_with_a_text_field_gets_the_shared_text_rules() -> None:
    forms_found = _project_form_classes()
    assert len(forms_found) > 20
    without = [
        f"{form.__module__}.{form.__name__}"
        for form in forms_found
        if not issubclass(form, UtrechtFormMixin)
        and any(isinstance(field, forms.CharField) for field in form.base_fields.values())
    ]
    assert without == []


# --- On real screens: a clear Dutch error and nothing changed -----------------------------------


def test_melding_with_a_100000_character_description_changes_nothing(team, generalist) -> None:
    response = logged_in(generalist).post(
        reverse("dossiers:melding_nieuw"),
        {
            "bsn": next_bsn(),
            "voornamen": "Karin",
            "achternaam": "Dijk",
            "geboortedatum": "1975-03-02",
            "huishouden": "nieuw",
            "type": "alleenstaand",
            "rol": "overig",
            "route": "huisarts",
            "received_at": "2024-01-02T10:00",
            "description": "x" * 100_000,
            "urgency": "normaal",
            "team": team.pk,
        },
    )
    assert response.status_code == 200
    assert "Deze tekst is te lang" in response.content.decode()
    assert not Inwoner.objects.exists() and not Dossier.objects.exists() and not Melding.objects.exists()


def test_new_resident_with_a_right_to_left_override_in_the_name_changes_nothing(team, generalist) -> None:
    response = logged_in(generalist).post(
        reverse("dossiers:melding_nieuw"),
        {
            "bsn": next_bsn(),
            "voornamen": "Karin",
            "achternaam": f"Dijk{RLO}gnalS",
            "geboortedatum": "1975-03-02",
            "huishouden": "nieuw",
            "type": "alleenstaand",
            "rol": "overig",
            "route": "huisarts",
            "received_at": "2024-01-02T10:00",
            "description": "Zorgen",
            "urgency": "normaal",
            "team": team.pk,
        },
    )
    assert response.status_code == 200
    assert "onzichtbaar stuurteken" in response.content.decode()
    assert not Inwoner.objects.exists() and not Dossier.objects.exists()


def test_network_relation_with_a_right_to_left_override_in_the_name_changes_nothing(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    response = logged_in(generalist).post(
        reverse("dossiers:netwerk_toevoegen", args=[dossier.pk]),
        {"name": f"Buurvrouw {RLO}snA", "type": "buur"},
        follow=True,
    )
    assert "onzichtbaar stuurteken" in response.content.decode()
    assert not Netwerkrelatie.objects.exists()


def test_network_relation_with_a_100000_character_note_changes_nothing(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    response = logged_in(generalist).post(
        reverse("dossiers:netwerk_toevoegen", args=[dossier.pk]),
        {"name": "Buurvrouw Ans", "type": "buur", "note": "x" * 100_000},
        follow=True,
    )
    assert "Deze tekst is te lang" in response.content.decode()
    assert not Netwerkrelatie.objects.exists()
