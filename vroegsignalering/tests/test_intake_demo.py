"""The demo's vroegsignalen go through the real intake: stacked, threatened and unmatched signals, safe to run twice."""

from datetime import date

import pytest

from organisation.models import Buurt, Team
from residents.models import Inwoner
from testsupport.factories import BuurtFactory, InwonerFactory, household_with
from vroegsignalering.demo_data import seed_vroegsignalen
from vroegsignalering.models import SignaalCasus, Vroegsignaal

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(team: Team) -> list[Inwoner]:
    buurt: Buurt = BuurtFactory()  # type: ignore[assignment]
    team.wijken.add(buurt.wijk)
    people: list[Inwoner] = [InwonerFactory(buurt=buurt) for _ in range(6)]  # type: ignore[misc]
    for inwoner in people:
        household_with(inwoner)
    return people


def test_the_demo_signals_give_stacked_casussen_a_threat_and_one_unmatched_signal(town: list[Inwoner]) -> None:
    batch = seed_vroegsignalen(date(2026, 11, 20))
    assert batch is not None
    assert (batch.rows_accepted, batch.rows_rejected) == (7, 0)
    assert sorted(SignaalCasus.objects.values_list("signal_count", flat=True)) == [1, 1, 2, 2]
    assert SignaalCasus.objects.filter(threat="huisuitzetting").count() == 1
    assert Vroegsignaal.objects.filter(casus__isnull=True, queue_team__isnull=False).count() == 1


def test_seeding_twice_adds_nothing(town: list[Inwoner]) -> None:
    seed_vroegsignalen(date(2026, 11, 20))
    again = seed_vroegsignalen(date(2026, 11, 20))
    assert again is not None
    assert again.rows_accepted == 0
    assert Vroegsignaal.objects.count() == 7
