"""The demo history of vroegsignalen: every wijk gets signals each month, in casussen of its own wijkteam, once."""

from datetime import date
from itertools import pairwise

import pytest

from accounts.models import Role, User
from organisation.models import Team, Wijk
from testsupport.factories import BuurtFactory, InwonerFactory, UserFactory, WijkFactory, household_with, member_of
from vroegsignalering import demo_history
from vroegsignalering.models import CasusOutcome, ContactPoging, MatchMethod, SignaalCasus, Vroegsignaal
from vroegsignalering.retention import expired_casussen

TODAY = date(2026, 11, 30)


@pytest.fixture
def city(team: Team) -> Wijk:
    """One wijk of the team with twenty households of an adult each, and a generalist to work the casussen."""
    wijk: Wijk = WijkFactory(gemeente=team.gemeente)  # type: ignore[assignment]
    team.wijken.add(wijk)
    buurt = BuurtFactory(wijk=wijk)
    for _ in range(20):
        household_with(InwonerFactory(buurt=buurt))  # type: ignore[arg-type]
    worker: User = UserFactory(role=Role.GENERALIST)  # type: ignore[assignment]
    member_of(team, worker)
    return wijk


def test_every_month_of_the_history_has_signals_in_the_wijk(city: Wijk) -> None:
    counts = demo_history.seed_history(TODAY, seed=11)

    assert counts["vroegsignalen historie"] == Vroegsignaal.objects.count() > 0
    months = {signal.received_at.date().replace(day=1) for signal in Vroegsignaal.objects.all()}
    assert len(months) == demo_history.months_of_history() == 12
    assert max(months) == TODAY.replace(day=1)


def test_signals_are_matched_on_bsn_and_grouped_in_casussen_of_the_wijkteam(city: Wijk, team: Team) -> None:
    demo_history.seed_history(TODAY, seed=11)

    assert not Vroegsignaal.objects.filter(casus__isnull=True).exists()
    assert set(Vroegsignaal.objects.values_list("match_method", flat=True)) == {MatchMethod.BSN}
    assert set(SignaalCasus.objects.values_list("team_id", "wijk_id")) == {(team.pk, city.pk)}
    for casus in SignaalCasus.objects.prefetch_related("signalen"):
        assert casus.signal_count == len(casus.signalen.all())
        assert casus.contact_due is not None and casus.analysis_due is not None
        assert {signal.inwoner.lidmaatschappen.get().huishouden_id for signal in casus.signalen.all()} == {
            casus.huishouden_id
        }


def test_casussen_have_every_outcome_and_a_closed_one_its_day_and_attempts(city: Wijk) -> None:
    demo_history.seed_history(TODAY, seed=11)

    assert set(SignaalCasus.objects.values_list("outcome", flat=True)) == set(CasusOutcome.values)
    closed = SignaalCasus.objects.exclude(outcome=CasusOutcome.OPEN)
    assert not closed.filter(outcome_on__isnull=True).exists()
    assert not closed.filter(pogingen__isnull=True).exists()
    assert not SignaalCasus.objects.filter(outcome_on__gt=TODAY).exists()
    assert not ContactPoging.objects.filter(on__gt=TODAY).exists()
    # Reached: the first contact is recorded and comes after the casus opened.
    for casus in closed.filter(contacted_on__isnull=False):
        assert casus.contacted_on is not None and casus.opened_at.date() <= casus.contacted_on
    assert not closed.filter(outcome=CasusOutcome.NIET_BEREIKT, contacted_on__isnull=False).exists()


def test_nothing_is_left_for_the_retention_job_to_remove(city: Wijk) -> None:
    demo_history.seed_history(TODAY, seed=11)

    assert expired_casussen(TODAY) == []


def test_a_second_run_adds_nothing(city: Wijk) -> None:
    demo_history.seed_history(TODAY, seed=11)
    before = Vroegsignaal.objects.count(), SignaalCasus.objects.count(), ContactPoging.objects.count()

    assert set(demo_history.seed_history(TODAY, seed=11).values()) == {0}
    assert (Vroegsignaal.objects.count(), SignaalCasus.objects.count(), ContactPoging.objects.count()) == before


def test_a_household_gets_a_new_casus_only_after_its_previous_one_closed(city: Wijk) -> None:
    demo_history.seed_history(TODAY, seed=11)

    per_household: dict[int | None, list[SignaalCasus]] = {}
    for casus in SignaalCasus.objects.order_by("opened_at"):
        per_household.setdefault(casus.huishouden_id, []).append(casus)
    assert any(len(casussen) > 1 for casussen in per_household.values())
    for casussen in per_household.values():
        for earlier, later in pairwise(casussen):
            assert earlier.outcome_on is not None and earlier.outcome_on < later.opened_at.date()
