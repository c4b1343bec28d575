"""Indicator 10 on a small hand-made municipality: objections received in a quarter per team by outcome, per 100
beschikkingen sent in that quarter, the share gegrond of the decided ones; small counts hidden, no rate over few."""

from collections import Counter
from datetime import date

import pytest

from accounts.models import Role
from consent.tests.support import logged_in
from decisions.models import Bezwaar, BezwaarOutcome, BezwaarStatus
from monitor.facts import rebuild
from monitor.indicators import objections
from monitor.models import MonitorFact
from monitor.tests.test_interface import _page_table
from monitor.tests.test_monitor import URL
from testsupport.decision_factories import VoorzieningFactory, aanvraag_for, sent_beschikking
from testsupport.factories import TeamFactory, UserFactory, dossier_for, member_of

pytestmark = pytest.mark.django_db
QUARTER = {"periode": "2025-K2"}


def _sent(team, count: int, sent_on: date) -> list:
    result = []
    for _index in range(count):
        dossier = dossier_for(team, regisseur=UserFactory(role=Role.GENERALIST))
        result.append(sent_beschikking(aanvraag_for(dossier, VoorzieningFactory()), sent_on=sent_on))
    return result


def _object(beschikking, received_on: date, outcome: str = "") -> Bezwaar:
    return Bezwaar.objects.create(
        beschikking=beschikking,
        received_on=received_on,
        submitted_by="x",
        grounds="x",
        status=BezwaarStatus.AFGEHANDELD if outcome else BezwaarStatus.IN_BEHANDELING,
        outcome=outcome,
        decided_on=date(2025, 7, 1) if outcome else None,
        registered_by=beschikking.prepared_by,
    )


@pytest.fixture
def town():
    north, south = TeamFactory(name="Team Noord"), TeamFactory(name="Team Zuid")
    sent_north = _sent(north, 20, date(2025, 5, 2))
    for index, beschikking in enumerate(sent_north[:11]):
        _object(beschikking, date(2025, 6, 3), BezwaarOutcome.GEGROND if index < 5 else BezwaarOutcome.ONGEGROND)
    sent_south = _sent(south, 3, date(2025, 5, 2))
    _object(sent_south[0], date(2025, 6, 3))  # one, still in behandeling: a small count
    # Outside the quarter: a beschikking sent in March and an objection against it received in July.
    _object(_sent(north, 1, date(2025, 3, 1))[0], date(2025, 7, 2), BezwaarOutcome.INGETROKKEN)
    rebuild()
    return {"north": north, "south": south}


def test_the_rebuild_counts_beschikkingen_sent_and_objections_received_per_month_and_team(town) -> None:
    facts: Counter = Counter()
    for fact in MonitorFact.objects.filter(indicator=objections.FACT).select_related("team"):
        facts[(fact.month.isoformat(), fact.team.name, fact.category, fact.detail)] += fact.value
    assert facts == Counter(
        {
            ("2025-05-01", "Team Noord", "beschikking", ""): 20,
            ("2025-05-01", "Team Zuid", "beschikking", ""): 3,
            ("2025-03-01", "Team Noord", "beschikking", ""): 1,
            ("2025-06-01", "Team Noord", "bezwaar", "gegrond"): 5,
            ("2025-06-01", "Team Noord", "bezwaar", "ongegrond"): 6,
            ("2025-06-01", "Team Zuid", "bezwaar", "open"): 1,
            ("2025-07-01", "Team Noord", "bezwaar", "ingetrokken"): 1,
        }
    )


def test_the_page_shows_objections_per_100_beschikkingen_and_the_share_gegrond(town) -> None:
    page = logged_in(UserFactory(role=Role.BELEIDSMEDEWERKER)).get(URL, QUARTER).content.decode()
    table = _page_table(page, "bezwaar")
    assert table[0] == [
        "Team",
        "Gegrond",
        "Ongegrond",
        "Niet-ontvankelijk",
        "Ingetrokken",
        "Nog in behandeling",
        "Totaal",
        "Per 100 beschikkingen",
        "Aandeel gegrond",
    ]
    north = next(row for row in table if row[0] == "Team Noord")
    # 11 objections against 20 beschikkingen: 55 per 100; 5 of the 11 decided were gegrond: 45%.
    assert north == ["Team Noord", "5", "6", "0", "0", "0", "11", "55,0", "45%"]
    south = next(row for row in table if row[0] == "Team Zuid")
    # One objection: hidden, and neither rate nor share (3 beschikkingen are too few as well).
    assert south[5] == "< 5" and south[6] == "< 5" and south[-2:] == ["–", "–"]


def test_a_team_leader_sees_only_the_own_team(town) -> None:
    leader = member_of(town["north"], UserFactory(role=Role.TEAMLEIDER), leader=True)
    table = _page_table(logged_in(leader).get(URL, QUARTER).content.decode(), "bezwaar")
    assert [row[0] for row in table[1:]] == ["Team Noord"]
