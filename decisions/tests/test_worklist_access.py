"""Issue 11: the decisions worklists ask per row whether its dossier lets the user work on decisions.

`decisions_workable` must give exactly the dossiers `policy.dossiers_with_section(user, BESLUITEN, write=True)`
gives: the lists may only become faster, never show another team's or a consulted person's rows.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.models import Role, User
from consent.models import BreakGlass, Consultation
from decisions.models import Aanvraag
from decisions.selectors import decisions_workable
from dossiers import policy
from dossiers.models import Dossier, Involvement, InvolvementRole
from dossiers.sections import TRIAGE_SECTIONS, Section
from dossiers.transitions import Status
from organisation.models import Team, TeamMembership
from testsupport.decision_factories import VoorzieningFactory, aanvraag_for
from testsupport.factories import UserFactory, dossier_for, member_of


def _workable(user: User) -> set[int]:
    """The dossiers whose aanvraag passes the per-row check (every dossier of `city` has one)."""
    rows = Aanvraag.objects.filter(decisions_workable(user)("dossier"))
    return set(rows.values_list("dossier_id", flat=True))


def _with_section(user: User) -> set[int]:
    return set(policy.dossiers_with_section(user, Section.BESLUITEN, write=True).values_list("pk", flat=True))


@pytest.fixture
def city(team: Team, other_team: Team, generalist: User, colleague: User) -> dict[str, Dossier]:
    """Dossiers of two teams, each with an aanvraag: own, in triage, another team's, one with an ended involvement."""
    ended = dossier_for(team, status=Status.UITVOERING)
    Involvement.objects.create(
        dossier=ended, user=colleague, role=InvolvementRole.COLLEGA, end=timezone.now() - timedelta(days=1)
    )
    dossiers = {
        "own": dossier_for(team, status=Status.UITVOERING, regisseur=generalist),
        "triage": dossier_for(team, status=Status.IN_TRIAGE),
        "other_team": dossier_for(other_team, status=Status.UITVOERING),
        "ended": ended,
    }
    voorziening = VoorzieningFactory()
    for dossier in dossiers.values():
        aanvraag_for(dossier, voorziening, created_by=generalist)
    return dossiers


def test_the_decisions_are_no_triage_section() -> None:
    # decisions_workable has no "team in triage" ground; it would need one if this changed.
    assert Section.BESLUITEN not in TRIAGE_SECTIONS


@pytest.mark.parametrize(
    "who", ["generalist", "colleague", "teamleider", "consulent", "beleidsmedewerker", "functioneel_beheerder"]
)
def test_per_row_check_gives_the_same_dossiers_as_the_policy(
    city: dict[str, Dossier], who: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(who)

    assert _workable(user) == _with_section(user)


def test_a_team_leader_works_on_the_own_team_only(city: dict[str, Dossier], teamleider: User) -> None:
    workable = _workable(teamleider)

    assert {city["own"].pk, city["triage"].pk, city["ended"].pk} <= workable
    assert city["other_team"].pk not in workable
    assert workable == _with_section(teamleider)


def test_a_former_team_leader_no_longer_works_on_the_team(city: dict[str, Dossier], team: Team) -> None:
    leader = member_of(team, UserFactory(role=Role.TEAMLEIDER), leader=True)
    TeamMembership.objects.filter(user=leader).update(end=date.today() - timedelta(days=1))

    assert _workable(leader) == set() == _with_section(leader)


def test_an_emergency_access_gives_the_dossier_while_it_runs(city: dict[str, Dossier], colleague: User) -> None:
    now = timezone.now()
    BreakGlass.objects.create(
        user=colleague, dossier=city["other_team"], reason="crisis", expires_at=now + timedelta(hours=1)
    )
    BreakGlass.objects.create(
        user=colleague, dossier=city["triage"], reason="crisis", started_at=now - timedelta(hours=2), expires_at=now
    )

    assert _workable(colleague) == {city["other_team"].pk} == _with_section(colleague)


def test_a_consultation_on_the_decisions_does_not_let_one_work_on_them(
    city: dict[str, Dossier], generalist: User, other_team: Team
) -> None:
    consulted = member_of(other_team, UserFactory(role=Role.GENERALIST))
    specialist = UserFactory(role=Role.SPECIALIST)
    for user in (consulted, specialist):
        Consultation.objects.create(
            dossier=city["own"],
            specialist=user,
            invited_by=generalist,
            sections=[Section.BESLUITEN.value],
            ends_at=timezone.now() + timedelta(days=7),
            reason="meedenken over de aanvraag",
        )

    assert _workable(consulted) == set() == _with_section(consulted)
    assert _workable(specialist) == set() == _with_section(specialist)


def test_the_team_leaders_worklist_leaves_out_another_teams_aanvragen(
    city: dict[str, Dossier], teamleider: User
) -> None:
    from decisions.selectors import worklist

    listed = {row["dossier_id"] for row in worklist(teamleider)["aanvragen"]}

    assert city["own"].pk in listed
    assert city["other_team"].pk not in listed


def test_the_team_leaders_worklist_takes_the_same_number_of_queries_for_more_rows(
    team: Team, generalist: User, teamleider: User
) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    voorziening = VoorzieningFactory()
    client = Client()
    client.force_login(teamleider)

    def count_with(extra: int) -> tuple[int, int]:
        for _ in range(extra):
            aanvraag_for(dossier_for(team, status=Status.UITVOERING, regisseur=generalist), voorziening)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("decisions:werkvoorraad"))
        assert response.status_code == 200
        return len(queries), len(response.context["aanvragen"])

    count_with(0)  # once-per-process lookups (e.g. the calendar) are not what this test is about
    few, one = count_with(1)
    many, six = count_with(5)
    assert (one, six) == (1, 6)
    assert many == few
