"""Access follows involvement, per section: what each ground shows of a dossier."""

from django.urls import reverse

from dossiers import parts
from dossiers.sections import ALL_SECTIONS, TRIAGE_SECTIONS
from dossiers.selectors import dossier_access, visible_sections
from dossiers.tests.views_support import logged_in
from dossiers.transitions import Status
from testsupport.factories import dossier_for


def test_involvement_and_the_teamleider_see_every_section(team, generalist, teamleider) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    assert visible_sections(generalist, dossier) == ALL_SECTIONS
    assert visible_sections(teamleider, dossier) == ALL_SECTIONS


def test_team_member_in_triage_sees_household_and_meldingen_only(team, colleague) -> None:
    dossier = dossier_for(team, status=Status.IN_TRIAGE)
    access = dossier_access(colleague, dossier)
    assert access is not None and access.sections == TRIAGE_SECTIONS and not access.is_full
    client = logged_in(colleague)
    assert 'id="huishouden-kop"' in client.get(parts.tab_url(dossier.pk, parts.HUISHOUDEN)).content.decode()
    assert 'id="meldingen-kop"' in client.get(parts.tab_url(dossier.pk, parts.MELDINGEN)).content.decode()
    assert client.get(parts.tab_url(dossier.pk, parts.PLAN)).status_code == 403
    assert client.get(parts.tab_url(dossier.pk, parts.TIJDLIJN)).status_code == 403


def test_team_member_in_triage_cannot_open_the_plan(team, colleague) -> None:
    dossier = dossier_for(team, status=Status.IN_TRIAGE)
    assert logged_in(colleague).get(reverse("plans:plan", args=[dossier.pk])).status_code == 404


def test_team_member_has_no_access_once_triage_is_over(team, generalist, colleague) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    assert dossier_access(colleague, dossier) is None


def test_policy_advisor_and_privacy_officer_never_see_a_dossier(team, generalist, beleidsmedewerker) -> None:
    from accounts.models import Role
    from testsupport.factories import UserFactory

    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    assert dossier_access(beleidsmedewerker, dossier) is None
    assert dossier_access(UserFactory(role=Role.PRIVACY_OFFICER), dossier) is None
