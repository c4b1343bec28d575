"""Indicator 13 keeps its history when the Wgs term removes signals: the removal stores the indicator's own counts of
what it deletes, and the nightly rebuild adds them back."""

from datetime import date, datetime, timedelta

import pytest
from django.db import models
from django.utils import timezone

from accounts.models import User
from audit.models import AccessLogEntry
from dossiers.models import Dossier
from monitor.indicators import Request, Scope
from monitor.indicators import vroegsignalering as indicator
from monitor.models import MonitorFact
from monitor.periods import Period
from organisation.models import Team, Wijk
from partners.models import PartnerKind
from residents.models import Huishouden, Inwoner
from testsupport.vroegsignalering import casus_for, partner, signal
from vroegsignalering import retention, services
from vroegsignalering.models import (
    CasusOutcome,
    ContactMethod,
    ContactResult,
    Daypart,
    RemovedSignalFact,
    SignaalCasus,
    Vroegsignaal,
)

pytestmark = pytest.mark.django_db

TODAY = date(2027, 6, 15)
OPENED = date(2026, 3, 2)  # more than 12 months before TODAY
YEAR = Period.parse("2026")


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 9))


def _casus(team: Team, wijk: Wijk, *, kind: str = PartnerKind.WONINGVERHUURDER) -> SignaalCasus:
    casus = casus_for(team, partners=[partner(kind)], reported_on=OPENED)
    SignaalCasus.objects.filter(pk=casus.pk).update(opened_at=_at(OPENED), wijk=wijk)
    Vroegsignaal.objects.filter(casus=casus).update(received_at=_at(OPENED))
    casus.refresh_from_db()
    return casus


def _attempt(casus: SignaalCasus, actor: User, on: date, result: str) -> None:
    services.record_attempt(
        casus, actor=actor, attempt=services.NewAttempt(ContactMethod.TELEFOON, on, Daypart.MIDDAG, result)
    )


@pytest.fixture
def history(team: Team, generalist: User) -> Wijk:
    """One wijk in March 2026: every kind of outcome, enough of each for the tables and the median to show."""
    wijk = Wijk.objects.create(gemeente=team.gemeente, name="Oost", cbs_code="WK999903")
    for index in range(6):  # reached after 1..6 days, then refused: removed
        casus = _casus(team, wijk)
        _attempt(casus, generalist, OPENED + timedelta(days=index + 1), ContactResult.BEREIKT)
        services.record_outcome(casus, actor=generalist, outcome=CasusOutcome.GEWEIGERD, on=OPENED + timedelta(8))
    for _index in range(5):  # never reached: removed
        casus = _casus(team, wijk, kind=PartnerKind.ENERGIE)
        for day in range(services.attempts_needed()):
            _attempt(casus, generalist, OPENED + timedelta(days=day + 1), ContactResult.NIET_THUIS)
        services.record_outcome(casus, actor=generalist, outcome=CasusOutcome.NIET_BEREIKT, on=OPENED + timedelta(9))
    for _index in range(5):  # already helped, never contacted: removed
        casus = _casus(team, wijk, kind=PartnerKind.WATER)
        services.record_outcome(casus, actor=generalist, outcome=CasusOutcome.AL_GEHOLPEN, on=OPENED + timedelta(2))
    for index in range(5):  # accepted: stays with its melding
        casus = _casus(team, wijk, kind=PartnerKind.ZORGVERZEKERAAR)
        _attempt(casus, generalist, OPENED + timedelta(days=index + 2), ContactResult.BEREIKT)
        services.record_outcome(casus, actor=generalist, outcome=CasusOutcome.GEACCEPTEERD, on=OPENED + timedelta(9))
    for _index in range(5):  # never linked to a casus: removed, counted under "Wijk onbekend"
        loose = signal(None, inwoner=None, by=partner(PartnerKind.WATER), reported_on=OPENED)
        Vroegsignaal.objects.filter(pk=loose.pk).update(received_at=_at(OPENED))
    return wijk


def _rebuild() -> None:
    MonitorFact.objects.all().delete()
    MonitorFact.objects.bulk_create(indicator.build(TODAY))


def _published() -> dict[str, tuple[object, ...]]:
    assert YEAR is not None
    request = Request(period=YEAR, now=timezone.now(), threshold=5, scope=Scope(wijk_ids=None, team_ids=None))
    return {
        table.key: (table.row_labels, table.grid.values, sorted(table.hidden), table.figures)
        for table in indicator.tables(request)
    }


def test_an_old_month_shows_the_same_figures_after_the_removal_and_the_next_rebuild(history: Wijk) -> None:
    _rebuild()
    before = _published()
    removed = retention.remove_expired(TODAY)
    assert (removed.casussen, removed.signals) == (16, 21)
    assert SignaalCasus.objects.count() == 5  # only the accepted ones are left
    _rebuild()
    assert _published() == before


def test_the_stored_counts_are_the_ones_the_indicator_made_of_the_removed_rows(history: Wijk) -> None:
    live = MonitorFact.objects.bulk_create(indicator.build(TODAY))
    retention.remove_expired(TODAY)
    after_removal = indicator.count_signals(Vroegsignaal.objects.all(), TODAY)
    after_removal.update(indicator.count_casussen(SignaalCasus.objects.all(), TODAY))
    kept = indicator.count_removed(TODAY)
    assert after_removal + kept == {
        (fact.indicator, fact.month, fact.wijk_id, fact.category, fact.detail): fact.value for fact in live
    }
    assert RemovedSignalFact.objects.filter(removed_on=TODAY).exists()


def test_a_removal_that_finds_nothing_stores_nothing(history: Wijk) -> None:
    retention.remove_expired(OPENED + timedelta(days=40))
    assert not RemovedSignalFact.objects.exists()


def test_the_stored_counts_point_at_no_person_and_hold_no_free_text() -> None:
    personal = {Inwoner, Huishouden, Dossier, User, SignaalCasus, Vroegsignaal}
    for field in RemovedSignalFact._meta.get_fields():
        if field.is_relation:
            assert field.related_model is Wijk, field.name
        if isinstance(field, models.CharField):
            assert field.choices, f"{field.name} is free text"
        assert not isinstance(field, models.TextField | models.JSONField | models.DecimalField), field.name
    assert not personal & {field.related_model for field in RemovedSignalFact._meta.get_fields()}


def test_the_removal_still_logs_one_line_per_removed_casus_or_signal(history: Wijk) -> None:
    retention.remove_expired(TODAY)
    lines = AccessLogEntry.objects.filter(detail=retention.DETAIL)
    assert lines.filter(object_type="signaalcasus").count() == 16
    assert lines.filter(object_type="vroegsignaal").count() == 5
    assert not lines.filter(object_type="removedsignalfact").exists()
