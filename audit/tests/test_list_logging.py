"""Issue 9, low finding: lists that show residents' names write the access log, one line per dossier shown."""

import pytest
from django.urls import reverse

from audit.models import AccessAction, AccessBasis, AccessLogEntry
from audit.tests.conftest import logged_in
from decisions.models import Aanvraag
from dossiers.sections import Section
from dossiers.transitions import Status
from testsupport.factories import dossier_for

pytestmark = pytest.mark.django_db


def test_the_triage_board_logs_each_dossier_it_shows(team, generalist, colleague) -> None:
    waiting = [dossier_for(team, status=Status.AANGEMELD) for _ in range(2)]
    response = logged_in(colleague).get(reverse("dossiers:triage"))
    assert response.status_code == 200
    lines = AccessLogEntry.objects.filter(user=colleague, action=AccessAction.VIEW)
    assert set(lines.values_list("dossier_id", flat=True)) == {dossier.pk for dossier in waiting}
    assert lines.count() == len(waiting)
    assert {(line.basis, line.detail) for line in lines} == {(AccessBasis.TEAM_TRIAGE, "op het triagebord")}


def test_the_besluiten_worklist_logs_each_dossier_it_shows(team, consulent) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=consulent)
    Aanvraag.objects.create(
        dossier=dossier,
        inwoner=dossier.huishouden.members.get(),
        law="wmo",
        received_on="2026-02-03",
        description="Hulp bij het huishouden",
        created_by=consulent,
    )
    response = logged_in(consulent).get(reverse("decisions:werkvoorraad"))
    assert response.status_code == 200
    line = AccessLogEntry.objects.get(user=consulent, action=AccessAction.VIEW)
    assert line.dossier_id == dossier.pk
    assert line.section == Section.BESLUITEN and line.detail == "op de werklijst besluiten"


def test_the_werkvoorraad_logs_each_dossier_it_shows(team, generalist, teamleider) -> None:
    own = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    colleagues = dossier_for(team, status=Status.PLAN, regisseur=teamleider)

    assert logged_in(generalist).get(reverse("dossiers:werkvoorraad")).status_code == 200
    assert logged_in(teamleider).get(reverse("dossiers:werkvoorraad"), {"team": "on"}).status_code == 200

    mine = AccessLogEntry.objects.filter(user=generalist, action=AccessAction.VIEW)
    assert [(line.dossier_id, line.basis) for line in mine] == [(own.pk, AccessBasis.BETROKKEN)]
    team_view = AccessLogEntry.objects.filter(user=teamleider, action=AccessAction.VIEW)
    assert set(team_view.values_list("dossier_id", flat=True)) == {own.pk, colleagues.pk}
    assert set(team_view.values_list("basis", flat=True)) == {AccessBasis.TEAMLEIDER}
