"""Signals that led to nothing are removed after the Wgs term; what became debt help stays with its dossier."""

from datetime import date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.inzage import build_inzage
from audit.models import AccessLogEntry
from dossiers.models import Melding
from organisation.models import Team
from retention import destruction
from testsupport.factories import InwonerFactory
from testsupport.vroegsignalering import casus_for, signal
from vroegsignalering import retention, services
from vroegsignalering.models import (
    CasusOutcome,
    ContactMethod,
    ContactPoging,
    ContactResult,
    Daypart,
    SignaalCasus,
    Vroegsignaal,
)

pytestmark = pytest.mark.django_db

TODAY = date(2027, 6, 15)
LONG_AGO = date(2026, 5, 4)  # more than 12 months before TODAY
RECENT = date(2026, 8, 3)  # less than 12 months before TODAY


def _received(casus_or_signal: SignaalCasus | Vroegsignaal, day: date) -> None:
    moment = timezone.make_aware(datetime(day.year, day.month, day.day, 10, 0))
    if isinstance(casus_or_signal, SignaalCasus):
        Vroegsignaal.objects.filter(casus=casus_or_signal).update(received_at=moment)
    else:
        Vroegsignaal.objects.filter(pk=casus_or_signal.pk).update(received_at=moment)


def _closed(team: Team, actor: User, outcome: str, received: date) -> SignaalCasus:
    casus = casus_for(team, reported_on=received)
    _received(casus, received)
    if outcome == CasusOutcome.NIET_BEREIKT:
        for day in range(services.attempts_needed()):
            attempt = services.NewAttempt(
                ContactMethod.HUISBEZOEK, received + timedelta(days=day + 1), Daypart.AVOND, ContactResult.NIET_THUIS
            )
            services.record_attempt(casus, actor=actor, attempt=attempt)
    return services.record_outcome(casus, actor=actor, outcome=outcome, on=received + timedelta(days=10))


@pytest.mark.parametrize("outcome", [CasusOutcome.GEWEIGERD, CasusOutcome.NIET_BEREIKT, CasusOutcome.AL_GEHOLPEN])
def test_a_casus_that_led_to_nothing_goes_after_the_term_with_its_signals_and_attempts(
    team: Team, generalist: User, outcome: str
) -> None:
    casus = _closed(team, generalist, outcome, LONG_AGO)
    removed = retention.remove_expired(TODAY)
    assert (removed.casussen, removed.signals) == (1, 1)
    assert not SignaalCasus.objects.filter(pk=casus.pk).exists()
    assert not Vroegsignaal.objects.filter(casus_id=casus.pk).exists()
    assert not ContactPoging.objects.filter(casus_id=casus.pk).exists()


def test_a_casus_within_the_term_stays(team: Team, generalist: User) -> None:
    casus = _closed(team, generalist, CasusOutcome.GEWEIGERD, RECENT)
    assert retention.remove_expired(TODAY).casussen == 0
    assert SignaalCasus.objects.filter(pk=casus.pk).exists()


def test_the_term_counts_from_the_newest_signal_of_the_casus(team: Team, generalist: User) -> None:
    casus = _closed(team, generalist, CasusOutcome.GEWEIGERD, LONG_AGO)
    newer = signal(casus, inwoner=None, reported_on=LONG_AGO)
    _received(newer, RECENT)
    assert retention.remove_expired(TODAY).casussen == 0


def test_an_accepted_casus_stays_with_its_melding(team: Team, generalist: User) -> None:
    casus = casus_for(team, reported_on=LONG_AGO)
    _received(casus, LONG_AGO)
    casus = services.record_outcome(
        casus, actor=generalist, outcome=CasusOutcome.GEACCEPTEERD, on=LONG_AGO + timedelta(days=3)
    )
    assert retention.remove_expired(TODAY).casussen == 0
    assert SignaalCasus.objects.filter(pk=casus.pk).exists()
    assert Melding.objects.filter(pk=casus.melding_id).exists()


def test_an_open_casus_stays_however_old(team: Team) -> None:
    casus = casus_for(team, reported_on=LONG_AGO)
    _received(casus, LONG_AGO)
    assert retention.remove_expired(TODAY).casussen == 0
    assert SignaalCasus.objects.filter(pk=casus.pk).exists()


def test_a_signal_never_linked_goes_after_the_term(team: Team) -> None:
    old = signal(None, inwoner=None, reported_on=LONG_AGO)
    _received(old, LONG_AGO)
    recent = signal(None, inwoner=None, reported_on=RECENT)
    _received(recent, RECENT)
    assert retention.remove_expired(TODAY).signals == 1
    assert list(Vroegsignaal.objects.values_list("pk", flat=True)) == [recent.pk]


def test_every_removal_writes_one_access_log_line_without_personal_data(team: Team, generalist: User) -> None:
    casus = _closed(team, generalist, CasusOutcome.GEWEIGERD, LONG_AGO)
    person = InwonerFactory.build()
    loose = signal(None, inwoner=None, reported_on=LONG_AGO)
    _received(loose, LONG_AGO)
    bsn, surname = loose.bsn, loose.achternaam
    retention.remove_expired(TODAY)
    lines = AccessLogEntry.objects.filter(detail=retention.DETAIL)
    assert sorted((line.object_type, line.object_id) for line in lines) == [
        ("signaalcasus", str(casus.pk)),
        ("vroegsignaal", str(loose.pk)),
    ]
    for line in lines:
        assert bsn not in line.detail and surname not in line.detail and person.achternaam not in line.detail
        assert line.dossier_id is None


def test_the_term_is_a_setting(team: Team, generalist: User, settings) -> None:
    settings.VROEGSIGNALEN_BEWAARTERMIJN_MAANDEN = 6
    casus = _closed(team, generalist, CasusOutcome.GEWEIGERD, RECENT)
    assert retention.remove_expired(TODAY).casussen == 1
    assert not SignaalCasus.objects.filter(pk=casus.pk).exists()


def test_the_command_and_the_nightly_job_remove_the_same(team: Team, generalist: User) -> None:
    _closed(team, generalist, CasusOutcome.GEWEIGERD, LONG_AGO)
    call_command("vroegsignalen_opruimen", "--datum", TODAY.isoformat())
    assert not SignaalCasus.objects.exists()
    _closed(team, generalist, CasusOutcome.AL_GEHOLPEN, timezone.localdate() - timedelta(days=400))
    assert retention.remove_expired_signals.apply().get() == {"casussen": 1, "signalen": 1}


def test_the_signals_about_a_resident_are_in_their_inzage_export(team: Team, generalist: User) -> None:
    casus = _closed(team, generalist, CasusOutcome.GEWEIGERD, RECENT)
    person = casus.signalen.get().inwoner
    assert person is not None
    data = build_inzage(person, prepared_by=generalist, history=False)
    [row] = data["vroegsignalen"]
    assert row["soort"] == "Huurachterstand"
    assert row["casus"]["uitkomst"] == "Aanbod geweigerd"
    assert row["casus"]["uitkomst_door"] == generalist.get_full_name()


def test_destroying_the_dossier_removes_the_accepted_casus_with_its_signals(team: Team, generalist: User) -> None:
    casus = casus_for(team, reported_on=LONG_AGO)
    services.record_attempt(
        casus,
        actor=generalist,
        attempt=services.NewAttempt(ContactMethod.BRIEF, LONG_AGO, Daypart.OCHTEND, ContactResult.BEREIKT),
    )
    casus = services.record_outcome(casus, actor=generalist, outcome=CasusOutcome.GEACCEPTEERD, on=LONG_AGO)
    assert casus.melding is not None
    with transaction.atomic():
        destruction.destroy(casus.melding.dossier)
    assert not SignaalCasus.objects.filter(pk=casus.pk).exists()
    assert not Vroegsignaal.objects.filter(casus_id=casus.pk).exists()
    assert not ContactPoging.objects.filter(casus_id=casus.pk).exists()
