"""Someone who only looks along (a consultation) reads the plan page without any form to change it."""

import pytest
from django.urls import reverse

from accounts.models import Role
from consent.models import Consultation, ConsultationMode
from dossiers.sections import Section
from plans.models import Actie, Doel, Plan, Uitvoerder
from testsupport.factories import UserFactory, member_of

NOTE = "wijzigen kan alleen de regisseur of een betrokken collega"


def _main(response) -> str:
    """The page content, without the header (which holds the logout form)."""
    html = response.content.decode()
    return html.split("<main", 1)[1].split("</main>", 1)[0]


@pytest.fixture
def plan(dossier) -> Plan:
    plan = Plan.objects.create(dossier=dossier, going_well="Dochter helpt elke week.", worries="Schulden lopen op.")
    doel = Doel.objects.create(plan=plan, description="Weer zelf koken")
    Actie.objects.create(doel=doel, description="Kookcursus buurthuis", uitvoerder=Uitvoerder.VRIJWILLIGER)
    return plan


def _consult(dossier, who, invited_by, mode: str = ConsultationMode.LEZEN) -> Consultation:
    return Consultation.objects.create(
        dossier=dossier,
        specialist=who,
        invited_by=invited_by,
        sections=[Section.PLAN.value],
        mode=mode,
        reason="Meedenken over het plan.",
    )


@pytest.mark.parametrize("mode", [ConsultationMode.LEZEN, ConsultationMode.LEZEN_EN_NOTITIES])
def test_a_consulted_specialist_reads_the_plan_without_forms(plan, dossier, generalist, client_for, mode):
    specialist = UserFactory(role=Role.SPECIALIST, organisation="GGZ Voorbeeld")
    _consult(dossier, specialist, generalist, mode)

    response = client_for(specialist).get(reverse("plans:plan", args=[dossier.pk]))

    assert response.status_code == 200
    assert response.context["can_edit"] is False
    main = _main(response)
    for text in ("Dochter helpt elke week.", "Schulden lopen op.", "Weer zelf koken", "Kookcursus buurthuis"):
        assert text in main
    assert '<form method="post"' not in main
    assert NOTE in main
    assert "Doel toevoegen" not in main


def test_a_consulted_colleague_also_only_reads(plan, dossier, team, generalist, client_for):
    colleague = member_of(team, UserFactory(role=Role.GENERALIST))
    _consult(dossier, colleague, generalist, ConsultationMode.LEZEN_EN_NOTITIES)

    response = client_for(colleague).get(reverse("plans:plan", args=[dossier.pk]))

    assert response.status_code == 200
    assert '<form method="post"' not in _main(response)


def test_the_regisseur_still_gets_the_forms(plan, dossier, client):
    response = client.get(reverse("plans:plan", args=[dossier.pk]))

    assert response.status_code == 200
    assert response.context["can_edit"] is True
    main = _main(response)
    for name in ("plan", "akkoord", "doel_toevoegen"):
        assert reverse(f"plans:{name}", args=[dossier.pk]) in main
    assert '<form method="post"' in main
    assert NOTE not in main


def test_the_regisseur_gets_the_forms_without_a_plan_yet(dossier, client):
    response = client.get(reverse("plans:plan", args=[dossier.pk]))

    assert response.status_code == 200
    assert '<form method="post"' in _main(response)
