"""Someone who only looks along (a consultation) reads the onderzoek page without the form to change it."""

import pytest
from django.urls import reverse

from accounts.models import Role
from assessments.models import Onderzoek
from consent.models import Consultation, ConsultationMode
from dossiers.sections import Section
from testsupport.factories import UserFactory

NOTE = "wijzigen kan alleen de regisseur of een betrokken collega"


def _main(response) -> str:
    """The page content, without the header (which holds the logout form)."""
    html = response.content.decode()
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def _url(dossier) -> str:
    return reverse("assessments:onderzoek", args=[dossier.pk])


@pytest.fixture
def onderzoek(dossier) -> Onderzoek:
    return Onderzoek.objects.create(
        dossier=dossier,
        topic_a_needs="Hulp bij het huishouden.",
        verslag="Afgesproken: huishoudelijke hulp aanvragen.",
    )


@pytest.mark.parametrize("mode", [ConsultationMode.LEZEN, ConsultationMode.LEZEN_EN_NOTITIES])
def test_a_consulted_specialist_reads_the_onderzoek_without_a_form(onderzoek, dossier, generalist, client_for, mode):
    specialist = UserFactory(role=Role.SPECIALIST, organisation="GGZ Voorbeeld")
    Consultation.objects.create(
        dossier=dossier,
        specialist=specialist,
        invited_by=generalist,
        sections=[Section.ONDERZOEK.value],
        mode=mode,
        reason="Meedenken over het onderzoek.",
    )

    response = client_for(specialist).get(_url(dossier))

    assert response.status_code == 200
    assert response.context["can_edit"] is False
    main = _main(response)
    assert "Hulp bij het huishouden." in main
    assert "Afgesproken: huishoudelijke hulp aanvragen." in main
    assert '<form method="post"' not in main
    assert NOTE in main
    assert f"{_url(dossier)}zrm/" not in main  # no link to scoring either


def test_the_regisseur_still_gets_the_form(onderzoek, dossier, client):
    response = client.get(_url(dossier))

    assert response.status_code == 200
    assert response.context["can_edit"] is True
    main = _main(response)
    assert f'<form method="post" action="{_url(dossier)}"' in main
    assert NOTE not in main
