"""Monitor indicator 13 on a small hand-made town: signals per wijk and kind of partner, households reached and
accepted, the median days to the first contact, small counts hidden and no median over a small group."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from monitor.indicators import Request, Scope, registered
from monitor.indicators import vroegsignalering as indicator
from monitor.models import MonitorFact
from monitor.periods import Period
from monitor.tables import PublishedTable
from organisation.models import Team, Wijk
from partners.models import PartnerKind
from testsupport.vroegsignalering import casus_for, partner, signal
from vroegsignalering import services
from vroegsignalering.models import (
    CasusOutcome,
    ContactMethod,
    ContactResult,
    Daypart,
    SignaalCasus,
    Vroegsignaal,
)

pytestmark = pytest.mark.django_db
PERIOD = Period.parse("2026-K1")


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 9))


def _casus(team: Team, wijk: Wijk, opened: date, *, kind: str = PartnerKind.WONINGVERHUURDER) -> SignaalCasus:
    casus = casus_for(team, partners=[partner(kind)], reported_on=opened)
    SignaalCasus.objects.filter(pk=casus.pk).update(opened_at=_at(opened), wijk=wijk)
    Vroegsignaal.objects.filter(casus=casus).update(received_at=_at(opened))
    casus.refresh_from_db()
    return casus


def _reach(casus: SignaalCasus, actor: User, on: date) -> None:
    attempt = services.NewAttempt(ContactMethod.TELEFOON, on, Daypart.MIDDAG, ContactResult.BEREIKT)
    services.record_attempt(casus, actor=actor, attempt=attempt)


@pytest.fixture
def town(team: Team, generalist: User) -> dict[str, Wijk]:
    north, south = (
        Wijk.objects.create(gemeente=team.gemeente, name="Noord", cbs_code="WK999901"),
        Wijk.objects.create(gemeente=team.gemeente, name="Zuid", cbs_code="WK999902"),
    )
    start = date(2026, 2, 2)
    # Noord: seven landlord signals in February; reached after 1..6 days, the first three accepted, one not reached.
    for index in range(7):
        casus = _casus(team, north, start)
        if index < 6:
            _reach(casus, generalist, start + timedelta(days=index + 1))
        if index < 3:
            services.record_outcome(casus, actor=generalist, outcome=CasusOutcome.GEACCEPTEERD, on=start + timedelta(7))
    # Zuid: two energy signals, one household reached after 10 days: small counts.
    for index in range(2):
        casus = _casus(team, south, start, kind=PartnerKind.ENERGIE)
        if index == 0:
            _reach(casus, generalist, start + timedelta(days=10))
    # A signal not (yet) matched: Wijk onbekend.
    loose = signal(None, inwoner=None, by=partner(PartnerKind.WATER), reported_on=start)
    Vroegsignaal.objects.filter(pk=loose.pk).update(received_at=_at(start))
    # Outside the quarter: April.
    _casus(team, north, date(2026, 4, 6))
    MonitorFact.objects.bulk_create(indicator.build(date(2026, 6, 30)))
    return {"north": north, "south": south}


def _tables() -> dict[str, PublishedTable]:
    assert PERIOD is not None
    request = Request(period=PERIOD, now=timezone.now(), threshold=5, scope=Scope(wijk_ids=None, team_ids=None))
    return {table.key: table for table in indicator.tables(request)}


def _row(table: PublishedTable, label: str) -> list[int | None]:
    i = list(table.row_labels).index(label)
    return [table.value((i, j)) for j in range(table.grid.shape[1])]


def test_indicator_13_is_registered_in_the_monitor() -> None:
    assert [found.number for found in registered() if found.key == "vroegsignalering"] == [13]


def test_signals_are_counted_per_wijk_and_kind_of_partner(town) -> None:
    signals = _tables()["vroegsignalering-signalen"]
    # Columns: landlord, energy, water, health insurer, total.
    assert _row(signals, "Noord") == [7, 0, 0, 0, 7]
    assert signals.grid.values[-1][-1] == 10  # the April casus is outside the quarter
    assert _row(signals, "Zuid")[1] is None  # two: hidden
    assert "Wijk onbekend" in signals.row_labels


def test_households_are_counted_as_accepted_reached_or_not_reached(town) -> None:
    households = _tables()["vroegsignalering-huishoudens"]
    noord = list(households.row_labels).index("Noord")
    assert households.grid.values[noord] == (3, 3, 1, 7)
    assert _row(households, "Zuid")[3] is None


def test_the_median_days_to_first_contact_only_over_a_group_of_at_least_five(town) -> None:
    households = _tables()["vroegsignalering-huishoudens"]
    rows = {label: figures[0] for label, figures in zip(households.row_labels, households.figures, strict=False)}
    assert rows["Noord"] == "3,5"  # 1..6 days
    assert rows["Zuid"] == "–"  # one contact
    assert households.figures[-1] == ["4"]  # 1..6 and 10 days: the middle of seven


def test_the_facts_hold_no_person_or_partner_name(town) -> None:
    for fact in MonitorFact.objects.filter(indicator__startswith="vroegsignaal"):
        assert fact.team_id is None
        assert fact.category in {*PartnerKind.values, *indicator.STAGES, ""}
