"""Every role lands on a start page with its own work (issue 12): never on "Geen toegang", never a refusal in the log."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from audit.models import AccessAction, AccessLogEntry
from core.team_overview import team_overview
from deadlines.calendar_source import current_calendar
from decisions.models import Beschikking, BeschikkingStatus, Outcome
from dossiers.transitions import Status
from organisation.models import Team
from reflection import services as reflection_services
from reflection.models import Session, Theme
from testsupport.decision_factories import aanvraag_for
from testsupport.factories import TeamFactory, UserFactory, dossier_for, member_of


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def privacy_officer(db: None) -> User:
    return UserFactory(role=Role.PRIVACY_OFFICER)


@pytest.fixture
def specialist(db: None) -> User:
    return UserFactory(role=Role.SPECIALIST, organisation="GGZ Voorbeeldstad")


ROLE_FIXTURES: dict[str, str] = {
    Role.GENERALIST: "generalist",
    Role.TEAMLEIDER: "teamleider",
    Role.CONSULENT: "consulent",
    Role.PRIVACY_OFFICER: "privacy_officer",
    Role.SPECIALIST: "specialist",
    Role.FUNCTIONEEL_BEHEERDER: "functioneel_beheerder",
    Role.BELEIDSMEDEWERKER: "beleidsmedewerker",
}

#: Each role's start page and a text only that page shows.
LANDINGS: dict[str, tuple[str, str]] = {
    Role.GENERALIST: ("dossiers:werkvoorraad", "Mijn werkvoorraad"),
    Role.TEAMLEIDER: ("core:start_team", "Dossiers per regisseur"),
    Role.CONSULENT: ("decisions:werkvoorraad", "Besluiten: aanvragen"),
    Role.PRIVACY_OFFICER: ("consent:review", "Reviewlijst privacy"),
    Role.SPECIALIST: ("consent:consultaties", "Mijn consultaties"),
    Role.FUNCTIONEEL_BEHEERDER: ("core:start_beheer", "Naar de instellingen"),
    Role.BELEIDSMEDEWERKER: ("core:start_beleid", "Monitor sociaal domein"),
}

#: The start pages that belong to one role; the others are an app's own list with its own access rule.
ROLE_PAGES: dict[str, str] = {
    "core:start_team": Role.TEAMLEIDER,
    "core:start_beheer": Role.FUNCTIONEEL_BEHEERDER,
    "core:start_beleid": Role.BELEIDSMEDEWERKER,
}


def _user(request: pytest.FixtureRequest, role: str) -> User:
    user: User = request.getfixturevalue(ROLE_FIXTURES[role])
    return user


@pytest.mark.parametrize("role", list(LANDINGS))
def test_each_role_lands_on_its_own_work(request: pytest.FixtureRequest, role: str) -> None:
    url_name, text = LANDINGS[role]
    response = logged_in(_user(request, role)).get(reverse("core:home"), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse(url_name)
    assert text.casefold() in response.content.decode().casefold()


@pytest.mark.parametrize("role", list(LANDINGS))
def test_landing_writes_no_refusal_to_the_access_log(request: pytest.FixtureRequest, role: str) -> None:
    logged_in(_user(request, role)).get(reverse("core:home"), follow=True)
    assert not AccessLogEntry.objects.filter(action=AccessAction.DENIED).exists()


@pytest.mark.parametrize(
    ("url_name", "role"),
    [(url_name, role) for url_name, owner in ROLE_PAGES.items() for role in ROLE_FIXTURES if role != owner],
)
def test_a_role_start_page_is_refused_to_the_other_roles(
    request: pytest.FixtureRequest, url_name: str, role: str
) -> None:
    assert logged_in(_user(request, role)).get(reverse(url_name)).status_code == 403


# --- The team leader's overview ------------------------------------------------------------------------------------


def _team_work(team: Team, regisseur: User, n: int) -> None:
    """`n` of each kind of work in `team`: overdue, about to expire, in triage, waiting for a second signature."""
    today = timezone.localdate()
    for _ in range(n):
        dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=regisseur, next_deadline=today - timedelta(days=3))
        dossier_for(team, status=Status.PLAN, regisseur=regisseur, next_deadline=today + timedelta(days=1))
        dossier_for(team, status=Status.PLAN, regisseur=regisseur, next_deadline=today + timedelta(days=90))
        dossier_for(team, status=Status.AANGEMELD)
        dossier_for(team, status=Status.AFGESLOTEN, regisseur=regisseur, next_deadline=today - timedelta(days=3))
        signing = dossier_for(team, status=Status.UITVOERING, regisseur=regisseur)
        aanvraag = aanvraag_for(signing)
        Beschikking.objects.create(
            aanvraag=aanvraag,
            number=f"B{Beschikking.objects.count() + 1:06d}-{team.pk}",
            outcome=Outcome.TOEKENNING,
            motivation="Nodig.",
            legal_basis="Wmo 2015 art. 2.3.5",
            status=BeschikkingStatus.TWEEDE_HANDTEKENING,
            prepared_by=regisseur,
            first_signer=regisseur,
        )


def test_the_team_overview_counts_the_teams_waiting_work(team: Team, teamleider: User, generalist: User) -> None:
    _team_work(team, generalist, 2)
    overview = team_overview(teamleider, timezone.localdate(), current_calendar())
    assert (overview.overdue, overview.about_to_expire) == (2, 2)
    assert overview.triage_waiting == 2
    assert overview.second_signature == 2


def test_the_team_overview_leaves_out_other_teams(team: Team, teamleider: User, generalist: User) -> None:
    other = TeamFactory()
    _team_work(other, member_of(other, UserFactory(role=Role.GENERALIST)), 1)
    overview = team_overview(teamleider, timezone.localdate(), current_calendar())
    assert (overview.overdue, overview.about_to_expire, overview.triage_waiting, overview.second_signature) == (
        0,
        0,
        0,
        0,
    )
    assert overview.open_dossiers == 0


def test_the_caseload_counts_open_dossiers_per_regisseur_and_shows_members_without_any(
    team: Team, teamleider: User, generalist: User, colleague: User
) -> None:
    _team_work(team, generalist, 2)  # per round 4 open as regisseur (the closed one does not count), 1 in triage
    loads = {
        load.user_id: load.open_dossiers
        for load in team_overview(teamleider, timezone.localdate(), current_calendar()).caseloads
    }
    assert loads[generalist.pk] == 8
    assert loads[colleague.pk] == 0


def test_each_count_links_to_the_list_where_the_work_is(team: Team, teamleider: User, generalist: User) -> None:
    _team_work(team, generalist, 1)
    html = logged_in(teamleider).get(reverse("core:start_team")).content.decode()
    werkvoorraad = reverse("dossiers:werkvoorraad")
    assert f'href="{werkvoorraad}?team=on&amp;termijn=verlopen"' in html
    assert f'href="{werkvoorraad}?team=on&amp;termijn=dreigt_te_verlopen"' in html
    assert f'href="{reverse("dossiers:triage")}"' in html
    assert f'href="{reverse("decisions:werkvoorraad")}"' in html
    assert "1 beschikking wacht op een tweede handtekening" in html


def test_the_team_overview_runs_as_many_queries_for_a_large_team_as_for_a_small_one(
    team: Team, teamleider: User, generalist: User, colleague: User, django_assert_num_queries
) -> None:
    client = logged_in(teamleider)
    _team_work(team, generalist, 1)
    client.get(reverse("core:start_team"))  # the session and calendar caches are warm from here on
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("core:start_team")).status_code == 200
    _team_work(team, generalist, 10)
    _team_work(team, colleague, 10)
    for _ in range(5):
        member_of(team, UserFactory(role=Role.GENERALIST))
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(reverse("core:start_team")).status_code == 200


# --- The beheerder and the policy advisor ---------------------------------------------------------------------------


def test_the_beheerder_start_page_links_to_the_configuration_and_the_message_exchange(
    functioneel_beheerder: User,
) -> None:
    html = logged_in(functioneel_beheerder).get(reverse("core:start_beheer")).content.decode()
    assert f'href="{reverse("admin:index")}"' in html
    assert f'href="{reverse("allocations:uitwisseling")}"' in html


def test_the_main_menu_offers_beheer_to_the_beheerder_only(functioneel_beheerder: User, generalist: User) -> None:
    link = f'href="{reverse("admin:index")}"'
    assert link in logged_in(functioneel_beheerder).get(reverse("core:start_beheer")).content.decode()
    assert link not in logged_in(generalist).get(reverse("dossiers:werkvoorraad")).content.decode()


def _session(team: Team, facilitator: User, title: str) -> Session:
    theme = Theme.objects.get(code="samenspel", gemeente=None)
    return reflection_services.create_session(
        title=title, gemeente=team.gemeente, team=team, facilitator=facilitator, themes=[theme]
    )


def test_the_policy_advisor_sees_the_reflection_sessions_of_the_teams_they_work_with(
    team: Team, teamleider: User, beleidsmedewerker: User
) -> None:
    member_of(team, beleidsmedewerker)
    _session(team, teamleider, "Scan eigen team")
    _session(TeamFactory(), UserFactory(role=Role.TEAMLEIDER), "Scan ander team")
    html = logged_in(beleidsmedewerker).get(reverse("core:start_beleid")).content.decode()
    assert "Scan eigen team" in html
    assert "Scan ander team" not in html


def test_the_policy_advisor_start_page_leads_to_the_monitor(beleidsmedewerker: User) -> None:
    html = logged_in(beleidsmedewerker).get(reverse("core:start_beleid")).content.decode()
    assert f'href="{reverse("monitor:monitor")}"' in html
