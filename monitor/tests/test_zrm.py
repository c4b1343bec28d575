"""Indicator 7, the ZRM trend, on a small hand-made municipality: per series of scores (a person, a domain, a
dossier) the latest against the first, counted in the period of the latest score, per domain, wijk and team."""

from datetime import UTC, date, datetime

import pytest

from accounts.models import Role
from assessments.models import Instrument, Score
from consent.tests.support import logged_in
from dossiers.models import Dossier
from monitor.facts import rebuild
from monitor.indicators import Request, Scope, zrm
from monitor.periods import Period
from monitor.tables import PublishedTable
from testsupport.factories import BuurtFactory, InwonerFactory, TeamFactory, UserFactory, WijkFactory, household_with

pytestmark = pytest.mark.django_db


def _person(team, buurt):
    inwoner = InwonerFactory(buurt=buurt)
    return inwoner, Dossier.objects.create(huishouden=household_with(inwoner), team=team)


def _scores(person, domain, assessor, *series: tuple[date, int]) -> None:
    inwoner, dossier = person
    for on, level in series:
        Score.objects.create(
            inwoner=inwoner, dossier=dossier, domain=domain, level=level, assessed_on=on, assessor=assessor
        )


@pytest.fixture
def town():
    financien, werk = Instrument.objects.get(is_default=True).domains.order_by("order")[:2]
    assessor = UserFactory()
    north, south = WijkFactory(name="Noord"), WijkFactory(name="Zuid")
    team_north, team_south = TeamFactory(name="Team Noord"), TeamFactory(name="Team Zuid")
    for _n in range(6):
        person = _person(team_north, BuurtFactory(wijk=north))
        _scores(person, financien, assessor, (date(2026, 1, 10), 2), (date(2026, 3, 1), 3), (date(2026, 5, 4), 4))
        _scores(person, werk, assessor, (date(2026, 1, 10), 3), (date(2026, 5, 4), 3))
    for _n in range(2):
        _scores(
            _person(team_south, BuurtFactory(wijk=south)),
            financien,
            assessor,
            (date(2026, 2, 1), 4),
            (date(2026, 6, 1), 2),
        )
    # Not in the second quarter: one score only, and a series whose latest score is in August.
    _scores(_person(team_south, BuurtFactory(wijk=south)), financien, assessor, (date(2026, 5, 1), 1))
    _scores(
        _person(team_south, BuurtFactory(wijk=south)), financien, assessor, (date(2026, 5, 1), 1), (date(2026, 8, 1), 3)
    )
    rebuild()
    return {"north": north, "team_north": team_north, "financien": financien, "werk": werk}


def _tables(key: str, scope: Scope | None = None) -> list[PublishedTable]:
    period = Period.parse(key)
    assert period is not None
    now = datetime(2026, 11, 30, tzinfo=UTC)
    return zrm.tables(Request(period=period, now=now, threshold=5, scope=scope or Scope(None, None)))


def test_the_latest_score_is_compared_with_the_first_per_domain_wijk_and_team(town) -> None:
    by_domain, by_wijk, by_team, _pairs = _tables("2026-K2")
    rows = dict(zip(by_domain.row_labels, by_domain.grid.values, strict=False))
    assert rows[town["financien"].shown_name] == (6, 0, 2, 8)
    assert rows[town["werk"].shown_name] == (0, 6, 0, 6)
    assert by_wijk.grid.values == ((6, 6, 0, 12), (0, 0, 2, 2), (6, 6, 2, 14))
    assert by_team.grid.values == ((6, 6, 0, 12), (0, 0, 2, 2), (6, 6, 2, 14))
    assert _tables("2026-K3")[1].grid.values[-1] == (1, 0, 0, 1)


def test_shares_are_hidden_where_the_count_is(town) -> None:
    _by_domain, by_wijk, _by_team, _pairs = _tables("2026-K2")
    assert (1, 2) in by_wijk.hidden and by_wijk.figures[1] == ["–", "–", "–"]
    noord = by_wijk.figures[0]
    assert noord[0] in ("50%", "–") and (noord[0] == "–") == ((0, 0) in by_wijk.hidden)


def test_a_team_filter_shows_the_team_row_and_no_domain_table_of_its_own(town) -> None:
    scope = Scope(wijk_ids=None, team_ids=frozenset([town["team_north"].pk]))
    by_domain, _by_wijk, by_team, _pairs = _tables("2026-K2", scope)
    assert by_domain.body() == [] and [label for label, _t in by_team.body()] == ["Team Noord"]
    assert by_team.hidden == _tables("2026-K2")[2].hidden


def test_the_page_says_it_is_no_report_card_and_never_names_a_provider(town) -> None:
    html = logged_in(UserFactory(role=Role.BELEIDSMEDEWERKER)).get("/monitor/", {"periode": "2026-K2"}).content
    text = html.decode()
    assert "nooit per aanbieder" in text and "geen rapportcijfer" in text
    assert "Aanbieder" not in text


def test_the_queries_do_not_grow_with_the_number_of_scores(town, django_assert_max_num_queries) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        _tables("2026-K2")
    assessor = UserFactory()
    for _n in range(8):
        person = _person(TeamFactory(), BuurtFactory(wijk=town["north"]))
        _scores(person, town["werk"], assessor, (date(2026, 4, 1), 2), (date(2026, 6, 1), 3))
    rebuild()
    with django_assert_max_num_queries(len(before.captured_queries)):
        tables = _tables("2026-K2")
    assert tables[1].grid.values[-1] == (14, 6, 2, 22)


def test_the_domain_by_wijk_table_counts_each_domain_in_each_wijk(town) -> None:
    *_rest, pairs = _tables("2026-K2")
    rows = dict(zip(pairs.row_labels, pairs.grid.values, strict=False))
    financien, werk = town["financien"].shown_name, town["werk"].shown_name
    assert rows[f"{financien} · Noord"] == (6, 0, 0, 6)
    assert rows[f"{werk} · Noord"] == (0, 6, 0, 6)
    assert rows[f"{financien} · Zuid"] == (0, 0, 2, 2)
    assert pairs.grid.values[-1] == (6, 6, 2, 14), "the totals row: every domain in every wijk"


def test_no_hidden_cell_of_the_domain_wijk_and_team_tables_can_be_worked_out_from_all_of_them(town) -> None:
    from monitor.cubes import Cube
    from monitor.tests.test_cubes import _attack

    by_domain, by_wijk, by_team, pairs = _tables("2026-K2")
    # The attacker rebuilds the three-way table from what the tables say about it and attacks it whole.
    domains, wijken = len(by_domain.row_labels), len(by_wijk.row_labels)
    cells = [[list(pairs.grid.values[d * wijken + w][:3]) for w in range(wijken)] for d in range(domains)]
    cube = Cube.of(cells)
    assert cube.plane(domains).values == by_wijk.grid.values
    hidden = {(d, w, c) for (i, c) in pairs.hidden if i < len(pairs.row_labels) for d, w in [divmod(i, wijken)]}
    hidden |= {(domains, w, c) for w, c in by_wijk.hidden} | {(d, wijken, c) for d, c in by_domain.hidden}
    assert (0, 1, 2) in hidden, "2 series of Financiën in Zuid got worse: a small count"
    assert _attack([(cube, hidden)], []) == set()
    assert (1, 2) in by_wijk.hidden and (1, 2) in by_team.hidden


def test_a_wijk_filter_shows_the_domains_of_that_wijk(town) -> None:
    scope = Scope(wijk_ids=frozenset([town["north"].pk]), team_ids=None)
    *_rest, pairs = _tables("2026-K2", scope)
    labels = [label for label, _texts in pairs.body()]
    assert labels and all(label.endswith(" · Noord") for label in labels)
    assert pairs.hidden == _tables("2026-K2")[3].hidden, "the same suppression as the whole municipality"
