"""A plan action can name an algemene voorziening (issue 15 §2): shown in the plan and its PDF, deciding nothing."""

import pytest
from django.urls import reverse

from catalogue.models import Kind, Law, Voorziening
from decisions.models import Beschikking
from plans.models import Actie, Doel, Plan, Uitvoerder
from plans.pdf import render_plan_html


@pytest.fixture
def doel(dossier) -> Doel:
    plan = Plan.objects.create(dossier=dossier)
    return Doel.objects.create(plan=plan, description="Ik wil weer mensen zien.")


@pytest.fixture
def buurthuis(db) -> Voorziening:
    return Voorziening.objects.create(name="Buurthuis De Linde", law=Law.WMO, kind=Kind.ALGEMEEN)


@pytest.fixture
def begeleiding(db) -> Voorziening:
    return Voorziening.objects.create(
        name="Individuele begeleiding",
        law=Law.WMO,
        kind=Kind.MAATWERK,
        product_category="07",
        product_code="07A01",
        unit="04",
        frequency="2",
        uitvoeringsvariant="inspanning",
    )


def _add(client, dossier, doel, voorziening) -> object:
    return client.post(
        reverse("plans:actie_toevoegen", args=[dossier.pk, doel.pk]),
        {
            f"actie-{doel.pk}-description": "Dinsdag mee naar de koffieochtend",
            f"actie-{doel.pk}-uitvoerder": Uitvoerder.ALGEMENE_VOORZIENING,
            f"actie-{doel.pk}-voorziening": voorziening.pk,
        },
    )


def test_an_action_names_an_algemene_voorziening_and_the_plan_shows_it(client, dossier, doel, buurthuis):
    response = _add(client, dossier, doel, buurthuis)

    assert response.status_code == 302
    assert Actie.objects.get().voorziening == buurthuis
    page = client.get(reverse("plans:plan", args=[dossier.pk])).content.decode()
    assert "algemene voorziening: Buurthuis De Linde" in page


def test_naming_an_algemene_voorziening_makes_no_beschikking(client, dossier, doel, buurthuis):
    _add(client, dossier, doel, buurthuis)

    assert not Beschikking.objects.exists()


def test_a_maatwerk_voorziening_is_refused_for_an_action(client, dossier, doel, begeleiding):
    response = _add(client, dossier, doel, begeleiding)

    assert response.status_code == 400
    assert not Actie.objects.exists()


def test_an_inactive_algemene_voorziening_is_refused(client, dossier, doel, buurthuis):
    buurthuis.active = False
    buurthuis.save()

    response = _add(client, dossier, doel, buurthuis)

    assert response.status_code == 400
    assert not Actie.objects.exists()


def test_the_pdf_names_the_algemene_voorziening(dossier, doel, buurthuis):
    Actie.objects.create(
        doel=doel, description="Koffieochtend", uitvoerder=Uitvoerder.ALGEMENE_VOORZIENING, voorziening=buurthuis
    )

    assert "Buurthuis De Linde" in render_plan_html(dossier)
