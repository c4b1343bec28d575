"""Indicator 2, reach by group, on a small hand-made municipality: a resident counts once per period when a dossier of
his household was open on some day of it, by the age band and household type he has now, per wijk."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from accounts.models import Role
from consent.tests.support import logged_in
from dossiers.models import Dossier
from monitor.facts import rebuild
from monitor.indicators import Request, Scope, reach
from monitor.models import MonitorFact
from monitor.periods import Period
from residents.models import HuishoudenType
from testsupport.factories import BuurtFactory, InwonerFactory, TeamFactory, UserFactory, WijkFactory, household_with

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 10, tzinfo=AMSTERDAM)


def _household(buurt, *born: int, kind: str = HuishoudenType.ALLEENSTAAND):
    return household_with(*[InwonerFactory(buurt=buurt, geboortedatum=date(year, 6, 1)) for year in born], type=kind)


def _dossier(team, household, opened: datetime, closed: datetime | None = None) -> Dossier:
    return Dossier.objects.create(huishouden=household, team=team, opened_at=opened, closed_at=closed)


@pytest.fixture
def town():
    north, south = WijkFactory(name="Noord"), WijkFactory(name="Zuid")
    in_north, in_south = BuurtFactory(wijk=north), BuurtFactory(wijk=south)
    team = TeamFactory(name="Team Centrum")
    # Noord: a family of three with a dossier from March to May, six seniors with a dossier open since April,
    # ten residents without one.
    family = _household(in_north, 1980, 1982, 2015, kind=HuishoudenType.PAAR_MET_KINDEREN)
    _dossier(team, family, _at(2026, 3, 10), _at(2026, 5, 20))
    for _n in range(6):
        _dossier(team, _household(in_north, 1950), _at(2026, 4, 5))
    for _n in range(10):
        _household(in_north, 1990)
    # Zuid: seven residents helped in the first half of 2025, one with two dossiers in the second quarter of 2026
    # (counted once), five without a dossier.
    for _n in range(7):
        _dossier(team, _household(in_south, 1990), _at(2025, 1, 6), _at(2025, 6, 30))
    twice = _household(in_south, 1990)
    _dossier(team, twice, _at(2026, 4, 1), _at(2026, 4, 15))
    _dossier(team, twice, _at(2026, 6, 1))
    for _n in range(5):
        _household(in_south, 1990)
    rebuild()
    return {"north": north, "south": south}


def _reached(period: str) -> dict[tuple[str, str], int]:
    facts = MonitorFact.objects.filter(indicator=reach.KEY, detail=period).select_related("wijk")
    counts: dict[tuple[str, str], int] = {}
    for fact in facts:
        counts[(fact.wijk.name, fact.category)] = counts.get((fact.wijk.name, fact.category), 0) + fact.value
    return counts


def _request(key: str, wijk_ids: frozenset[int] | None = None) -> Request:
    period = Period.parse(key)
    assert period is not None
    return Request(period=period, now=_at(2026, 11, 30), threshold=5, scope=Scope(wijk_ids=wijk_ids, team_ids=None))


def test_a_resident_counts_once_per_period_with_the_age_band_and_household_of_now(town) -> None:
    assert _reached("2026-K2") == {
        ("Noord", "27-64|paar_met_kinderen"): 2,
        ("Noord", "0-17|paar_met_kinderen"): 1,
        ("Noord", "65+|alleenstaand"): 6,
        ("Zuid", "27-64|alleenstaand"): 1,  # two dossiers in the quarter, one resident
    }
    assert _reached("2026-K1") == {("Noord", "27-64|paar_met_kinderen"): 2, ("Noord", "0-17|paar_met_kinderen"): 1}
    assert _reached("2025") == {("Zuid", "27-64|alleenstaand"): 7}
    assert _reached("2026-07") == {("Noord", "65+|alleenstaand"): 6, ("Zuid", "27-64|alleenstaand"): 1}


def test_the_tables_count_reached_residents_per_wijk_against_the_population(town) -> None:
    by_band, by_household = reach.tables(_request("2026-K2"))
    # Columns: 0-17, 18-26, 27-64, 65+, total; rows Noord, Zuid, total.
    assert by_band.grid.values == ((1, 0, 2, 6, 9), (0, 0, 1, 0, 1), (1, 0, 3, 6, 10))
    assert by_household.grid.values[0][:2] == (6, 0) and by_household.grid.values[0][2] == 3
    assert by_band.header[-1].startswith("Per 1.000 inwoners")
    # Per 1,000 residents of the group: Noord's six seniors are all its seniors; nobody of 18-26 lives there ("–");
    # the municipality reached 10 of its 32 residents. Hidden counts give no rate: "–".
    assert by_band.figures[0] == ["–", "–", "–", "1000,0", "–"]
    assert by_band.figures[2] == ["–", "–", "–", "1000,0", "312,5"]
    assert by_band.hidden == {(0, 0), (0, 2), (0, 4), (1, 2), (1, 4), (2, 0), (2, 2)}


def test_a_small_group_is_hidden_and_cannot_be_worked_out_from_the_totals(town) -> None:
    by_band, by_household = reach.tables(_request("2026-K2"))
    assert (1, 2) in by_band.hidden and (0, 0) in by_band.hidden  # Zuid's one adult, Noord's one child
    # Zuid's total is the same single resident: hidden in both tables, which share it.
    assert (1, 4) in by_band.hidden and (1, by_household.grid.shape[1] - 1) in by_household.hidden
    assert by_band.figures[1][2] == "–"


def test_a_wijk_filter_shows_that_wijks_row_of_the_municipal_tables(town) -> None:
    by_band, _by_household = reach.tables(_request("2026-K2", frozenset([town["north"].pk])))
    assert [label for label, _texts in by_band.body()] == ["Noord"]
    whole, _other = reach.tables(_request("2026-K2"))
    assert by_band.hidden == whole.hidden


def test_the_page_shows_the_reach_section_with_small_counts_as_less_than_five(town) -> None:
    html = logged_in(UserFactory(role=Role.BELEIDSMEDEWERKER)).get("/monitor/", {"periode": "2026-K2"}).content
    text = html.decode()
    assert "Bereikte inwoners per wijk en leeftijd" in text and "&lt; 5" in text


def test_the_queries_do_not_grow_with_the_number_of_residents(town, django_assert_max_num_queries) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        reach.tables(_request("2026-K2"))
    buurt = BuurtFactory(wijk=town["south"])
    for _n in range(8):
        _dossier(
            TeamFactory(), _household(buurt, 2001, 2003, kind=HuishoudenType.PAAR_ZONDER_KINDEREN), _at(2026, 5, 1)
        )
    rebuild()
    with django_assert_max_num_queries(len(before.captured_queries)):
        by_band, _by_household = reach.tables(_request("2026-K2"))
    assert by_band.grid.values[-1][-1] == 26
