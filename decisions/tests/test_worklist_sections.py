"""Issue 9, finding 8: the Besluiten worklist lists only dossiers whose decisions the user may work on."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from consent.models import Consultation
from dossiers.models import Involvement, InvolvementRole
from dossiers.sections import Section
from dossiers.transitions import Status
from organisation.models import Team
from testsupport.decision_factories import VoorzieningFactory, aanvraag_for
from testsupport.factories import dossier_for


def _listed(user: User) -> list[int]:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("decisions:werkvoorraad"))
    assert response.status_code == 200
    return [row["pk"] for row in response.context["aanvragen"]]


def test_a_team_member_in_triage_does_not_see_the_aanvragen_of_the_dossier(
    team: Team, generalist: User, colleague: User
) -> None:
    dossier = dossier_for(team, status=Status.IN_TRIAGE, regisseur=generalist)
    aanvraag = aanvraag_for(dossier, VoorzieningFactory())

    assert aanvraag.pk in _listed(generalist)
    assert aanvraag.pk not in _listed(colleague)  # triage shows the household and the melding only


def test_a_plan_only_consultation_does_not_list_the_aanvragen(team: Team, generalist: User, colleague: User) -> None:
    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    aanvraag = aanvraag_for(dossier, VoorzieningFactory())
    Consultation.objects.create(
        dossier=dossier,
        specialist=colleague,
        invited_by=generalist,
        sections=[Section.PLAN.value],
        ends_at=timezone.now() + timedelta(days=7),
        reason="meedenken over het plan",
    )

    assert aanvraag.pk not in _listed(colleague)


def test_the_involved_consulent_and_the_team_leader_do_see_them(
    team: Team, generalist: User, consulent: User, teamleider: User
) -> None:
    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    Involvement.objects.create(dossier=dossier, user=consulent, role=InvolvementRole.CONSULENT)
    aanvraag = aanvraag_for(dossier, VoorzieningFactory())

    assert aanvraag.pk in _listed(consulent)
    assert aanvraag.pk in _listed(teamleider)
