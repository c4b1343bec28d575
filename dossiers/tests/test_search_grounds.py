"""Search asks the grounds of `visible_dossiers` of the matching dossiers only, with the same answer.

The search does not list everything a user may see before it compares names (a team leader's whole
caseload); it asks each ground of the households that match. These tests hold that shortcut to the one
definition of who sees what: for a user on every ground, search finds exactly the visible matches, and the
break-the-glass offer names exactly the matching open dossiers of the own team that are not visible.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from consent.models import BreakGlass, Consultation
from dossiers import selectors
from dossiers.models import Dossier, Involvement, InvolvementRole
from dossiers.sections import Section
from dossiers.selectors import matching_households, search_dossiers, search_emergency_candidates, visible_dossiers
from dossiers.tests.views_support import logged_in
from dossiers.transitions import OPEN_STATUSES, Status
from organisation.models import Team
from residents.models import Inwoner
from testsupport.factories import InwonerFactory, UserFactory, dossier_for, household_with, member_of

pytestmark = pytest.mark.django_db

SURNAME = "Zoekgrond"


def _named(dossier: Dossier) -> Dossier:
    """Give the dossier's household a member with the shared surname (and keep the original member)."""
    member = InwonerFactory(achternaam=SURNAME)
    dossier.huishouden = household_with(member, *dossier.huishouden.members.all())
    dossier.save()
    return dossier


@pytest.fixture
def cast(team: Team, other_team: Team, generalist: User, colleague: User, teamleider: User) -> list[User]:
    """Matching dossiers in and out of triage, of the own and another team, and users on every ground."""
    involved = _named(dossier_for(team, status=Status.UITVOERING, regisseur=generalist))
    _named(dossier_for(team, status=Status.IN_TRIAGE))
    _named(dossier_for(team, status=Status.AANGEMELD))
    _named(dossier_for(team, status=Status.PLAN, regisseur=colleague))
    _named(dossier_for(team, status=Status.AFGESLOTEN))
    foreign = _named(dossier_for(other_team, status=Status.UITVOERING))
    _named(dossier_for(other_team, status=Status.IN_TRIAGE))
    consulted = member_of(team, UserFactory(role=Role.GENERALIST))
    specialist: User = UserFactory(role=Role.SPECIALIST)  # type: ignore[assignment]
    emergency = member_of(team, UserFactory(role=Role.CONSULENT))
    outsider = member_of(other_team, UserFactory(role=Role.TEAMLEIDER), leader=True)
    later = timezone.now() + timedelta(days=7)
    for who in (consulted, specialist):
        Consultation.objects.create(
            dossier=involved,
            specialist=who,
            invited_by=generalist,
            sections=[Section.PLAN.value],
            ends_at=later,
            reason="meekijken",
        )
    BreakGlass.objects.create(user=emergency, dossier=foreign, reason="crisis", expires_at=later)
    Involvement.objects.create(dossier=foreign, user=colleague, role=InvolvementRole.COLLEGA, end=timezone.now())
    return [generalist, colleague, teamleider, consulted, specialist, emergency, outsider]


@pytest.fixture(params=["listed", "subquery"])
def listing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways a search passes the matching households on: as numbers, or (too many) as a subquery."""
    if request.param == "subquery":
        monkeypatch.setattr(selectors, "LISTED_MATCHES", 0)
    return str(request.param)


def _matching() -> set[int]:
    return set(Dossier.objects.filter(huishouden__members__achternaam=SURNAME).values_list("pk", flat=True))


def test_search_finds_exactly_the_visible_matches_for_every_ground(cast: list[User], listing: str) -> None:
    matching = _matching()
    assert len(matching) == 7
    households = matching_households(name=SURNAME)
    assert isinstance(households, list) == (listing == "listed")
    for user in cast:
        visible = set(visible_dossiers(user).values_list("pk", flat=True))
        found = set(search_dossiers(user, households).values_list("pk", flat=True))
        assert found == visible & matching, user.role


def test_emergency_offers_exactly_the_matching_open_team_dossiers_one_cannot_open(
    cast: list[User], listing: str
) -> None:
    matching = _matching()
    households = matching_households(name=SURNAME)
    for user in cast:
        visible = set(visible_dossiers(user).values_list("pk", flat=True))
        team_open = (
            set(
                Dossier.objects.filter(
                    pk__in=matching, team__memberships__user=user, status__in=OPEN_STATUSES
                ).values_list("pk", flat=True)
            )
            if user.does_casework
            else set()
        )
        offered = {dossier.pk for dossier in search_emergency_candidates(user, households)}
        assert offered == team_open - visible, user.role


def test_bsn_and_address_search_agree_with_visibility_too(cast: list[User], listing: str) -> None:
    person = Inwoner.objects.filter(achternaam=SURNAME).order_by("pk").first()
    assert person is not None
    households = set(person.lidmaatschappen.values_list("huishouden_id", flat=True))
    matching = set(Dossier.objects.filter(huishouden_id__in=households).values_list("pk", flat=True))
    for user in cast:
        visible = set(visible_dossiers(user).values_list("pk", flat=True))
        by_bsn = set(search_dossiers(user, matching_households(bsn=str(person.bsn))).values_list("pk", flat=True))
        address = matching_households(postcode=person.postcode, huisnummer=person.huisnummer)
        by_address = set(search_dossiers(user, address).values_list("pk", flat=True))
        assert by_bsn == visible & matching, user.role
        assert visible & matching <= by_address, user.role  # the address may be shared with other households
        assert by_address <= visible, user.role


def test_nothing_matches_without_a_criterion_or_a_match(cast: list[User]) -> None:
    assert matching_households() == []
    assert matching_households(bsn="999999990") == []
    for user in cast:
        assert not search_dossiers(user, []).exists()
        assert not search_emergency_candidates(user, []).exists()


def test_a_search_compares_the_residents_once(team: Team, generalist: User, teamleider: User) -> None:
    """The matching households are looked up once; the list, its count and the offer read only those.

    The number of results comes with the page's rows (no second pass for the count), and a team leader,
    who sees the whole team, gets no break-the-glass offer and no query for it.
    """
    for _ in range(3):
        _named(dossier_for(team, status=Status.IN_TRIAGE))
    for user, expected_queries in ((generalist, 3), (teamleider, 2)):
        client = logged_in(user)
        client.get(reverse("dossiers:zoeken"), {"q": SURNAME})
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("dossiers:zoeken"), {"q": SURNAME})
        assert len(response.context["rows"]) == 3 and response.context["page"].paginator.count == 3
        statements = [query["sql"] for query in queries.captured_queries]
        comparing = [sql for sql in statements if SURNAME in sql]
        searching = [sql for sql in statements if SURNAME not in sql and 'FROM "dossiers_dossier"' in sql]
        assert len(comparing) == 1, user.role
        assert len(comparing) + len(searching) == expected_queries, user.role
