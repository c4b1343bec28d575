"""Who may open which casework screen and dossier; every refusal is logged."""

import pytest
from django.urls import reverse

from audit.models import AccessAction, AccessLogEntry
from dossiers.tests.views_support import logged_in
from dossiers.transitions import Status
from testsupport.factories import UserFactory, dossier_for, member_of

CASEWORK_SCREENS = ["dossiers:werkvoorraad", "dossiers:triage", "dossiers:melding_nieuw", "dossiers:zoeken"]


@pytest.mark.parametrize("name", CASEWORK_SCREENS)
def test_beleidsmedewerker_gets_403_on_casework_screens(beleidsmedewerker, name) -> None:
    response = logged_in(beleidsmedewerker).get(reverse(name))
    assert response.status_code == 403


def test_beleidsmedewerker_refusal_is_logged(beleidsmedewerker) -> None:
    logged_in(beleidsmedewerker).get(reverse("dossiers:werkvoorraad"))
    assert AccessLogEntry.objects.filter(user=beleidsmedewerker, action=AccessAction.DENIED).exists()


def test_beleidsmedewerker_gets_403_on_a_dossier_page(beleidsmedewerker, team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    response = logged_in(beleidsmedewerker).get(reverse("dossiers:detail", args=[dossier.pk]))
    assert response.status_code == 403


def test_generalist_of_another_team_gets_404_on_a_dossier(team, other_team, generalist) -> None:
    dossier = dossier_for(team, status=Status.AANGEMELD)
    outsider = member_of(other_team, UserFactory())
    response = logged_in(outsider).get(reverse("dossiers:detail", args=[dossier.pk]))
    assert response.status_code == 404


def test_denied_dossier_access_is_logged_with_the_dossier(team, other_team) -> None:
    dossier = dossier_for(team)
    outsider = member_of(other_team, UserFactory())
    logged_in(outsider).get(reverse("dossiers:detail", args=[dossier.pk]))
    entry = AccessLogEntry.objects.get(user=outsider, action=AccessAction.DENIED)
    assert entry.dossier_id == dossier.pk


def test_generalist_of_same_team_sees_a_dossier_in_triage(team, colleague) -> None:
    dossier = dossier_for(team, status=Status.AANGEMELD)
    response = logged_in(colleague).get(reverse("dossiers:detail", args=[dossier.pk]))
    assert response.status_code == 200


def test_generalist_of_same_team_gets_404_once_dossier_is_out_of_triage(team, generalist, colleague) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    response = logged_in(colleague).get(reverse("dossiers:detail", args=[dossier.pk]))
    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(user=colleague, action=AccessAction.DENIED, dossier_id=dossier.pk).exists()


def test_teamleider_opens_any_dossier_of_the_team(team, generalist, teamleider) -> None:
    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    response = logged_in(teamleider).get(reverse("dossiers:detail", args=[dossier.pk]))
    assert response.status_code == 200


def test_teamleider_of_another_team_gets_404(team, other_team, generalist) -> None:
    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    leader = member_of(other_team, UserFactory(role="teamleider"), leader=True)
    response = logged_in(leader).get(reverse("dossiers:detail", args=[dossier.pk]))
    assert response.status_code == 404


def test_unknown_dossier_gives_the_same_404_as_a_forbidden_one(generalist) -> None:
    response = logged_in(generalist).get(reverse("dossiers:detail", args=[999_999]))
    assert response.status_code == 404


def test_status_change_on_an_invisible_dossier_gives_404_and_changes_nothing(team, other_team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    outsider = member_of(other_team, UserFactory())
    response = logged_in(outsider).post(
        reverse("dossiers:status", args=[dossier.pk]), {"target": Status.AFGESLOTEN, "close_reason": "verhuisd"}
    )
    assert response.status_code == 404
    dossier.refresh_from_db()
    assert dossier.status == Status.IN_ONDERZOEK


def test_viewing_a_dossier_is_logged_with_its_basis(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    logged_in(generalist).get(reverse("dossiers:detail", args=[dossier.pk]))
    entry = AccessLogEntry.objects.get(user=generalist, action=AccessAction.VIEW)
    assert (entry.dossier_id, entry.basis) == (dossier.pk, "regisseur")
