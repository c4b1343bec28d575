"""Indicator 6, stapeling, on a small hand-made municipality: a household counts the laws under which a granted
product of a final beschikking, or a recorded indication under another law, ran on some day of the period."""

from datetime import UTC, date, datetime

import pytest

from catalogue.codes import Law
from decisions.models import Beschikking, BeschikkingRegel, BeschikkingStatus, OtherLawIndication, OtherLawKind
from dossiers.models import Dossier
from monitor.facts import rebuild
from monitor.indicators import Request, Scope, stacking
from monitor.periods import Period
from monitor.tables import PublishedTable
from testsupport.decision_factories import VoorzieningFactory, aanvraag_for
from testsupport.factories import BuurtFactory, InwonerFactory, TeamFactory, UserFactory, WijkFactory, household_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker():
    return UserFactory()


def _dossier(buurt) -> Dossier:
    return Dossier.objects.create(huishouden=household_with(InwonerFactory(buurt=buurt)), team=TeamFactory())


def _provision(
    dossier: Dossier,
    worker,
    law: str,
    start: date,
    end: date | None,
    *,
    status: str = BeschikkingStatus.VERZONDEN,
    granted: bool = True,
) -> None:
    aanvraag = aanvraag_for(dossier, law=law, created_by=worker, received_on=start)
    beschikking = Beschikking.objects.create(
        aanvraag=aanvraag,
        number=f"S{Beschikking.objects.count() + 1:05d}",
        outcome="toekenning",
        motivation="x",
        legal_basis="x",
        status=status,
        prepared_by=worker,
    )
    BeschikkingRegel.objects.create(
        beschikking=beschikking, voorziening=VoorzieningFactory(law=law), granted=granted, start=start, end=end
    )


@pytest.fixture
def town(worker):
    north, south = WijkFactory(name="Noord"), WijkFactory(name="Zuid")
    in_north, in_south = BuurtFactory(wijk=north), BuurtFactory(wijk=south)
    # Noord: one household with Wmo all year, Jeugdwet in summer and a Wlz indication from June: 3 laws in Q2.
    stacked = _dossier(in_north)
    _provision(stacked, worker, Law.WMO, date(2026, 1, 1), date(2026, 12, 31))
    _provision(stacked, worker, Law.JEUGDWET, date(2026, 5, 1), date(2026, 8, 31))
    OtherLawIndication.objects.create(
        inwoner=stacked.huishouden.members.get(),
        dossier=stacked,
        kind=OtherLawKind.WLZ,
        valid_from=date(2026, 6, 1),
        recorded_by=worker,
    )
    # Six households with Wmo in the second quarter only.
    for _n in range(6):
        _provision(_dossier(in_north), worker, Law.WMO, date(2026, 4, 1), date(2026, 6, 30))
    # Zuid: Participatiewet until April and Wmo from mid-June (open): two laws in Q2, never at once.
    both = _dossier(in_south)
    _provision(both, worker, Law.PARTICIPATIEWET, date(2026, 2, 1), date(2026, 4, 30))
    _provision(both, worker, Law.WMO, date(2026, 6, 15), None)
    # Not counted: a beschikking still in concept, and a refused product.
    _provision(_dossier(in_south), worker, Law.WMO, date(2026, 4, 1), None, status=BeschikkingStatus.CONCEPT)
    _provision(_dossier(in_south), worker, Law.WMO, date(2026, 4, 1), None, granted=False)
    rebuild()
    return {"north": north, "south": south}


def _tables(key: str, wijk_ids: frozenset[int] | None = None) -> PublishedTable:
    period = Period.parse(key)
    assert period is not None
    (table,) = stacking.tables(
        Request(period=period, now=datetime(2026, 11, 30, tzinfo=UTC), threshold=5, scope=Scope(wijk_ids, None))
    )
    return table


def test_households_count_the_laws_that_ran_on_some_day_of_the_period(town) -> None:
    # Columns: 1 law, 2 laws, 3 or more, total; rows Noord, Zuid, total.
    assert _tables("2026-K2").grid.values == ((6, 0, 1, 7), (0, 1, 0, 1), (6, 1, 1, 8))
    assert _tables("2026-K1").grid.values == ((1, 0, 0, 1), (1, 0, 0, 1), (2, 0, 0, 2))
    # September: the Jeugdwet product ended in August, so Noord's household has two laws (Wmo and Wlz).
    assert _tables("2026-09").grid.values == ((0, 1, 0, 1), (1, 0, 0, 1), (1, 1, 0, 2))


def test_rates_are_per_1000_households_of_the_wijk_and_hidden_with_their_count(town) -> None:
    table = _tables("2026-K2")
    # Noord has 7 households, all with a provision: 6 with one law is 857.1 per 1,000.
    assert table.figures[0][0] == "857,1"
    assert (0, 2) in table.hidden and table.figures[0][2] == "–"
    assert (1, 1) in table.hidden  # Zuid's one household with two laws reads "< 5"
    assert "< 5" in dict(table.body())["Zuid"]


def test_a_wijk_filter_shows_only_that_row(town) -> None:
    table = _tables("2026-K2", frozenset([town["south"].pk]))
    assert [label for label, _texts in table.body()] == ["Zuid"]


def test_the_queries_do_not_grow_with_the_number_of_households(town, worker, django_assert_max_num_queries) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        _tables("2026-K2")
    for _n in range(8):
        _provision(_dossier(BuurtFactory(wijk=town["south"])), worker, Law.JEUGDWET, date(2026, 5, 1), None)
    rebuild()
    with django_assert_max_num_queries(len(before.captured_queries)):
        table = _tables("2026-K2")
    assert table.grid.values[-1] == (14, 1, 1, 16)
