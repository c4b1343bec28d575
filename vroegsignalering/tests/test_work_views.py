"""The team's worklist of vroegsignalen and the casus page: who sees what, in which order, and what the forms do."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from audit.models import AccessAction, AccessBasis, AccessLogEntry
from dossiers.models import Dossier, DossierDeadline, WgsThreat
from dossiers.tests.views_support import logged_in
from dossiers.transitions import Status
from organisation.models import Team
from residents.models import Inwoner
from testsupport.factories import InwonerFactory, UserFactory, household_with, member_of
from testsupport.vroegsignalering import casus_for
from vroegsignalering.models import CasusOutcome, ContactPoging

pytestmark = pytest.mark.django_db

WORKLIST = reverse("vroegsignalering:werklijst")


def _casus_url(pk: int, suffix: str = "") -> str:
    return reverse(f"vroegsignalering:casus{suffix}", kwargs={"pk": pk})


def test_the_worklist_ranks_stacked_signals_first_then_a_threat_then_the_contact_due(
    team: Team, generalist: User
) -> None:
    today = timezone.localdate()
    soon = casus_for(team, signals=1, contact_due=today + timedelta(days=2))
    threatened = casus_for(team, signals=1, threat=WgsThreat.HUISUITZETTING, contact_due=today + timedelta(days=9))
    stacked = casus_for(team, signals=3, contact_due=today + timedelta(days=12))
    later = casus_for(team, signals=1, contact_due=today + timedelta(days=5))
    response = logged_in(generalist).get(WORKLIST)
    assert response.status_code == 200
    assert [row.casus.pk for row in response.context["rows"]] == [stacked.pk, threatened.pk, soon.pk, later.pk]


def test_the_worklist_shows_only_open_casussen_of_the_own_team(team: Team, other_team: Team, generalist: User) -> None:
    mine = casus_for(team)
    closed = casus_for(team)
    closed.outcome = CasusOutcome.GEWEIGERD
    closed.save()
    casus_for(other_team)
    response = logged_in(generalist).get(WORKLIST)
    assert [row.casus.pk for row in response.context["rows"]] == [mine.pk]


def test_the_worklist_shows_partners_kinds_arrears_days_left_and_who_picked_it_up(team: Team, generalist: User) -> None:
    casus = casus_for(team, signals=2, contact_due=timezone.localdate() + timedelta(days=6))
    casus.assigned_to = generalist
    casus.save()
    response = logged_in(generalist).get(WORKLIST)
    row = response.context["rows"][0]
    assert row.total_arrears == 1700
    assert row.days_left == 6
    assert row.kinds == "Huurachterstand"
    html = response.content.decode()
    assert "nog 6 dagen" in html
    assert "€ 1.700,00" in html
    assert str(generalist) in html


def test_the_worklist_costs_the_same_queries_for_many_casussen(
    team: Team, generalist: User, django_assert_max_num_queries
) -> None:
    for _ in range(12):
        casus_for(team, signals=2)
    client = logged_in(generalist)
    with django_assert_max_num_queries(8):
        response = client.get(WORKLIST)
    assert len(response.context["rows"]) == 12


@pytest.mark.parametrize("role", [Role.SPECIALIST, Role.BELEIDSMEDEWERKER, Role.CONSULENT])
def test_roles_outside_the_outreach_work_are_refused(team: Team, role: str) -> None:
    user = member_of(team, UserFactory(role=role))
    casus = casus_for(team)
    client = logged_in(user)
    assert client.get(WORKLIST).status_code == 403
    assert client.get(_casus_url(casus.pk)).status_code == 403


def test_another_teams_casus_is_a_logged_404(other_team: Team, generalist: User) -> None:
    casus = casus_for(other_team)
    response = logged_in(generalist).get(_casus_url(casus.pk))
    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(
        user=generalist, action=AccessAction.DENIED, object_type="signaalcasus", object_id=str(casus.pk)
    ).exists()
    response = logged_in(generalist).post(_casus_url(casus.pk, "_uitkomst"), {"uitkomst-outcome": "geweigerd"})
    assert response.status_code == 404
    casus.refresh_from_db()
    assert casus.is_open


def test_reading_a_casus_is_logged_on_the_vroegsignalering_basis(team: Team, generalist: User) -> None:
    casus = casus_for(team)
    response = logged_in(generalist).get(_casus_url(casus.pk))
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get(user=generalist, object_type="signaalcasus", object_id=str(casus.pk))
    assert (entry.action, entry.basis) == (AccessAction.VIEW, AccessBasis.VROEGSIGNALERING)
    assert "Huurachterstand" in response.content.decode()


def test_the_dossier_link_appears_only_when_the_user_may_open_the_dossier(
    team: Team, other_team: Team, generalist: User, teamleider: User
) -> None:
    inwoner: Inwoner = InwonerFactory()  # type: ignore[assignment]
    huishouden = household_with(inwoner)
    dossier = Dossier.objects.create(huishouden=huishouden, team=team, status=Status.UITVOERING)
    casus = casus_for(team, inwoner=inwoner, huishouden=huishouden)
    link = reverse("dossiers:detail", kwargs={"pk": dossier.pk})
    assert link not in logged_in(generalist).get(_casus_url(casus.pk)).content.decode()
    assert link in logged_in(teamleider).get(_casus_url(casus.pk)).content.decode()


def test_picking_up_assigns_the_casus_to_me(team: Team, generalist: User) -> None:
    casus = casus_for(team)
    response = logged_in(generalist).post(_casus_url(casus.pk, "_oppakken"))
    assert response.status_code == 302
    casus.refresh_from_db()
    assert casus.assigned_to == generalist


def test_a_contact_attempt_is_recorded_once_even_when_sent_twice(team: Team, generalist: User) -> None:
    casus = casus_for(team)
    client = logged_in(generalist)
    data = {
        "poging-method": "telefoon",
        "poging-on": timezone.localdate().isoformat(),
        "poging-daypart": "avond",
        "poging-result": "bereikt",
        "poging-note": "Gebeld, wil een gesprek",
        "submission_token": "token-abcdefghijklmnop",
    }
    assert client.post(_casus_url(casus.pk, "_contactpoging"), data).status_code == 302
    assert client.post(_casus_url(casus.pk, "_contactpoging"), data).status_code == 302
    assert ContactPoging.objects.filter(casus=casus).count() == 1
    casus.refresh_from_db()
    assert casus.contacted_on == timezone.localdate()


def test_a_bad_attempt_is_shown_again_with_a_dutch_error_and_changes_nothing(team: Team, generalist: User) -> None:
    casus = casus_for(team)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = logged_in(generalist).post(
        _casus_url(casus.pk, "_contactpoging"),
        {"poging-method": "duif", "poging-on": tomorrow, "poging-daypart": "ochtend", "poging-result": "bereikt"},
    )
    assert response.status_code == 400
    assert "method" in response.context["attempt_form"].errors
    response = logged_in(generalist).post(
        _casus_url(casus.pk, "_contactpoging"),
        {"poging-method": "brief", "poging-on": tomorrow, "poging-daypart": "ochtend", "poging-result": "niet_thuis"},
    )
    assert response.status_code == 400
    assert "Deze datum ligt in de toekomst." in response.content.decode()
    assert not ContactPoging.objects.filter(casus=casus).exists()


def test_accepting_on_the_page_registers_the_wgs_melding(team: Team, generalist: User) -> None:
    casus = casus_for(team, threat=WgsThreat.HUISUITZETTING)
    today = timezone.localdate()
    response = logged_in(generalist).post(
        _casus_url(casus.pk, "_uitkomst"),
        {"uitkomst-outcome": "geaccepteerd", "uitkomst-on": today.isoformat(), "uitkomst-note": ""},
    )
    assert response.status_code == 302
    casus.refresh_from_db()
    assert casus.outcome == CasusOutcome.GEACCEPTEERD and casus.melding is not None
    assert DossierDeadline.objects.filter(
        melding=casus.melding, term_code="WGS_EERSTE_GESPREK_DREIGEND", start=today
    ).exists()


def test_closing_as_niet_bereikt_too_early_shows_the_rule(team: Team, generalist: User) -> None:
    casus = casus_for(team)
    response = logged_in(generalist).post(
        _casus_url(casus.pk, "_uitkomst"),
        {"uitkomst-outcome": "niet_bereikt", "uitkomst-on": timezone.localdate().isoformat(), "uitkomst-note": ""},
    )
    assert response.status_code == 400
    assert "pas na 3 pogingen zonder contact" in response.content.decode()
    casus.refresh_from_db()
    assert casus.is_open


def test_the_casus_page_has_no_duplicate_ids_so_each_label_points_at_its_own_field(
    team: Team, generalist: User
) -> None:
    """The attempt form and the outcome form both have a date and a note: without prefixes their ids collide."""
    casus = casus_for(team)
    page = logged_in(generalist).get(_casus_url(casus.pk)).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', page)
    duplicates = sorted({found for found in ids if ids.count(found) > 1})
    assert duplicates == []
    assert 'for="id_poging-on"' in page and 'for="id_uitkomst-on"' in page
