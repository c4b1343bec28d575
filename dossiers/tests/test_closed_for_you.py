"""After closing, the former regisseur is told that the dossier is closed and who can reopen it (issue 12)."""

from django.db import transaction
from django.urls import reverse

from audit.models import AccessAction, AccessLogEntry
from dossiers import parts, services
from dossiers.tests.views_support import logged_in
from dossiers.transitions import CloseReason, Status
from testsupport.factories import UserFactory, dossier_for


def _closed_by(dossier, regisseur):
    with transaction.atomic():
        return services.change_status(
            dossier, Status.AFGESLOTEN, actor=regisseur, close_reason=CloseReason.DOELEN_BEREIKT, reason="klaar"
        )


def test_the_former_regisseur_reads_that_the_dossier_is_closed_and_who_can_reopen_it(
    team, generalist, teamleider
) -> None:
    dossier = _closed_by(dossier_for(team, status=Status.EVALUATIE, regisseur=generalist), generalist)
    response = logged_in(generalist).get(reverse("dossiers:detail", args=[dossier.pk]))
    assert response.status_code == 403
    page = response.content.decode()
    assert "is afgesloten" in page and "Uw toegang is toen geëindigd" in page
    assert str(teamleider) in page and team.name in page


def test_the_refusal_is_still_logged(team, generalist) -> None:
    dossier = _closed_by(dossier_for(team, status=Status.EVALUATIE, regisseur=generalist), generalist)
    logged_in(generalist).get(parts.tab_url(dossier.pk, parts.PLAN))
    assert AccessLogEntry.objects.filter(user=generalist, dossier_id=dossier.pk, action=AccessAction.DENIED).exists()


def test_someone_never_involved_still_gets_not_found(team, generalist, colleague) -> None:
    dossier = _closed_by(dossier_for(team, status=Status.EVALUATIE, regisseur=generalist), generalist)
    outsider = UserFactory(role=generalist.role)
    assert logged_in(colleague).get(reverse("dossiers:detail", args=[dossier.pk])).status_code == 404
    assert logged_in(outsider).get(reverse("dossiers:detail", args=[dossier.pk])).status_code == 404


def test_the_team_leader_still_opens_the_closed_dossier(team, generalist, teamleider) -> None:
    dossier = _closed_by(dossier_for(team, status=Status.EVALUATIE, regisseur=generalist), generalist)
    response = logged_in(teamleider).get(reverse("dossiers:detail", args=[dossier.pk]))
    assert response.status_code == 200
    assert 'aria-current="step">Afgesloten' in response.content.decode()
