"""The outreach work's outcomes (Wgs art. 3 and 4a): contact norm, an accepted offer as a Wgs melding, closing."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from audit.models import AccessAction, AccessBasis, AccessLogEntry
from dossiers.models import Dossier, DossierDeadline, Regime, Route, TimelineEvent, WgsThreat
from dossiers.transitions import Status
from organisation.models import Team
from partners.models import PartnerKind
from residents.models import Inwoner
from testsupport.factories import InwonerFactory, household_with
from testsupport.vroegsignalering import casus_for, partner, signal
from vroegsignalering import services
from vroegsignalering.models import (
    CasusOutcome,
    ContactMethod,
    ContactResult,
    Daypart,
    SignaalCasus,
)
from vroegsignalering.services import CasusClosed, NewAttempt

pytestmark = pytest.mark.django_db

FRIDAY = date(2026, 3, 20)


def _attempt(on: date, result: str = ContactResult.NIET_THUIS, method: str = ContactMethod.HUISBEZOEK) -> NewAttempt:
    return NewAttempt(method=method, on=on, daypart=Daypart.MIDDAG, result=result, note="")


def _accept(casus: SignaalCasus, actor: User, on: date) -> SignaalCasus:
    return services.record_outcome(casus, actor=actor, outcome=CasusOutcome.GEACCEPTEERD, on=on)


def test_the_first_attempt_that_reaches_the_household_meets_the_contact_norm(team: Team, generalist: User) -> None:
    casus = casus_for(team, reported_on=FRIDAY)
    services.record_attempt(casus, actor=generalist, attempt=_attempt(FRIDAY + timedelta(days=2)))
    casus.refresh_from_db()
    assert casus.contacted_on is None
    services.record_attempt(
        casus, actor=generalist, attempt=_attempt(FRIDAY + timedelta(days=4), ContactResult.BEREIKT)
    )
    services.record_attempt(
        casus, actor=generalist, attempt=_attempt(FRIDAY + timedelta(days=9), ContactResult.BEREIKT)
    )
    casus.refresh_from_db()
    assert casus.contacted_on == FRIDAY + timedelta(days=4)


def test_an_attempt_cannot_be_dated_in_the_future_or_before_the_first_signal(team: Team, generalist: User) -> None:
    casus = casus_for(team, reported_on=FRIDAY)
    with pytest.raises(ValidationError, match="toekomst"):
        services.record_attempt(casus, actor=generalist, attempt=_attempt(date.today() + timedelta(days=1)))
    with pytest.raises(ValidationError, match="eerste signaal"):
        services.record_attempt(casus, actor=generalist, attempt=_attempt(FRIDAY - timedelta(days=1)))
    assert not casus.pogingen.exists()


def test_accepted_offer_with_an_eviction_threat_starts_the_three_working_day_term(team: Team, generalist: User) -> None:
    landlord = partner(PartnerKind.WONINGVERHUURDER, name="Woonstad")
    casus = casus_for(team, threat=WgsThreat.HUISUITZETTING, partners=[landlord], reported_on=FRIDAY - timedelta(7))
    casus = _accept(casus, generalist, FRIDAY)
    assert casus.melding is not None
    melding = casus.melding
    assert (melding.route, melding.regime, melding.wgs_threat) == (
        Route.VROEGSIGNAAL,
        Regime.SCHULDHULP,
        WgsThreat.HUISUITZETTING,
    )
    term = DossierDeadline.objects.get(dossier=melding.dossier, melding=melding)
    # Friday 20 March 2026 + 3 working days: Monday, Tuesday, Wednesday 25 March.
    assert (term.term_code, term.start, term.due) == ("WGS_EERSTE_GESPREK_DREIGEND", FRIDAY, date(2026, 3, 25))


def test_the_three_working_days_pass_over_a_public_holiday(team: Team, generalist: User) -> None:
    casus = casus_for(team, threat=WgsThreat.AFSLUITING_ENERGIE, reported_on=date(2026, 3, 30))
    # Friday 3 April 2026; Monday 6 April is Tweede Paasdag (Atw art. 3): Tuesday, Wednesday, Thursday 9 April.
    melding = _accept(casus, generalist, date(2026, 4, 3)).melding
    assert melding is not None
    term = DossierDeadline.objects.get(melding=melding)
    assert (term.term_code, term.due) == ("WGS_EERSTE_GESPREK_DREIGEND", date(2026, 4, 9))


def test_accepted_offer_without_a_threat_starts_the_four_week_term(team: Team, generalist: User) -> None:
    casus = casus_for(team, reported_on=date(2026, 2, 20))
    melding = _accept(casus, generalist, date(2026, 3, 2)).melding
    assert melding is not None
    term = DossierDeadline.objects.get(melding=melding)
    assert (term.term_code, term.due) == ("WGS_EERSTE_GESPREK", date(2026, 3, 30))


def test_the_melding_joins_the_households_open_dossier(team: Team, other_team: Team, generalist: User) -> None:
    inwoner: Inwoner = InwonerFactory()  # type: ignore[assignment]
    huishouden = household_with(inwoner)
    existing = Dossier.objects.create(huishouden=huishouden, team=other_team, status=Status.UITVOERING)
    casus = casus_for(team, inwoner=inwoner, huishouden=huishouden, reported_on=FRIDAY)
    melding = _accept(casus, generalist, FRIDAY).melding
    assert melding is not None
    assert melding.dossier_id == existing.pk
    assert Dossier.objects.filter(huishouden=huishouden).count() == 1
    assert TimelineEvent.objects.filter(dossier=existing, kind=TimelineEvent.Kind.MELDING).exists()


def test_without_an_open_dossier_the_melding_opens_one_for_the_casus_team(team: Team, generalist: User) -> None:
    casus = casus_for(team, reported_on=FRIDAY)
    melding = _accept(casus, generalist, FRIDAY).melding
    assert melding is not None
    assert melding.dossier.team_id == team.pk
    assert melding.dossier.huishouden_id == casus.huishouden_id


def test_the_melding_is_about_the_resident_of_the_newest_signal_and_describes_the_signals(
    team: Team, generalist: User
) -> None:
    older: Inwoner = InwonerFactory()  # type: ignore[assignment]
    newer: Inwoner = InwonerFactory()  # type: ignore[assignment]
    huishouden = household_with(older, newer)
    energy = partner(PartnerKind.ENERGIE, name="Energie Noord")
    casus = casus_for(team, inwoner=older, huishouden=huishouden, reported_on=FRIDAY - timedelta(days=10))
    signal(casus, inwoner=newer, by=energy, amount="1234.50", months=3, reported_on=FRIDAY - timedelta(days=2))
    melding = _accept(casus, generalist, FRIDAY).melding
    assert melding is not None
    assert melding.inwoner_id == newer.pk
    assert "Achterstand energie gemeld door Energie Noord" in melding.description
    assert "€ 1.234,50" in melding.description
    assert "Energie Noord" in melding.reporter_organisation


def test_an_unmatched_casus_cannot_be_accepted(team: Team, generalist: User) -> None:
    casus = SignaalCasus.objects.create(team=team, signal_count=1)
    signal(casus, inwoner=None, reported_on=FRIDAY)
    with pytest.raises(ValidationError, match="niet gekoppeld"):
        _accept(casus, generalist, FRIDAY)
    casus.refresh_from_db()
    assert casus.is_open and casus.melding is None


def test_niet_bereikt_is_refused_before_the_set_number_of_attempts(team: Team, generalist: User, settings) -> None:
    settings.VROEGSIGNAAL_POGINGEN = 3
    casus = casus_for(team, reported_on=FRIDAY)
    for day in (1, 2):
        services.record_attempt(casus, actor=generalist, attempt=_attempt(FRIDAY + timedelta(days=day)))
    with pytest.raises(ValidationError, match="pas na 3 pogingen"):
        services.record_outcome(casus, actor=generalist, outcome=CasusOutcome.NIET_BEREIKT, on=FRIDAY + timedelta(3))
    services.record_attempt(casus, actor=generalist, attempt=_attempt(FRIDAY + timedelta(days=3)))
    closed = services.record_outcome(
        casus,
        actor=generalist,
        outcome=CasusOutcome.NIET_BEREIKT,
        on=FRIDAY + timedelta(3),
        note="Drie keer niet thuis",
    )
    assert (closed.outcome, closed.outcome_by, closed.outcome_note) == (
        CasusOutcome.NIET_BEREIKT,
        generalist,
        "Drie keer niet thuis",
    )
    assert closed.melding is None


def test_unanswered_attempts_alone_do_not_close_the_casus(team: Team, generalist: User, settings) -> None:
    settings.VROEGSIGNAAL_POGINGEN = 2
    casus = casus_for(team, reported_on=FRIDAY)
    for day in (1, 2, 3):
        services.record_attempt(casus, actor=generalist, attempt=_attempt(FRIDAY + timedelta(days=day)))
    casus.refresh_from_db()
    assert casus.is_open


@pytest.mark.parametrize("outcome", [CasusOutcome.GEWEIGERD, CasusOutcome.AL_GEHOLPEN])
def test_refused_or_already_helped_closes_without_a_melding(team: Team, generalist: User, outcome: str) -> None:
    casus = casus_for(team, reported_on=FRIDAY)
    closed = services.record_outcome(casus, actor=generalist, outcome=outcome, on=FRIDAY)
    assert (closed.outcome, closed.outcome_on, closed.melding) == (outcome, FRIDAY, None)
    assert not Dossier.objects.filter(huishouden=casus.huishouden).exists()


def test_a_closed_casus_refuses_every_change(team: Team, generalist: User, colleague: User) -> None:
    casus = services.record_outcome(
        casus_for(team, reported_on=FRIDAY), actor=generalist, outcome=CasusOutcome.GEWEIGERD, on=FRIDAY
    )
    with pytest.raises(CasusClosed):
        services.record_attempt(casus, actor=generalist, attempt=_attempt(FRIDAY))
    with pytest.raises(CasusClosed):
        _accept(casus, generalist, FRIDAY)
    with pytest.raises(CasusClosed):
        services.pick_up(casus, actor=colleague)
    casus.refresh_from_db()
    assert (casus.outcome, casus.assigned_to_id, casus.melding_id) == (CasusOutcome.GEWEIGERD, None, None)


def test_picking_up_and_closing_are_in_the_access_log_on_the_wgs_basis(team: Team, generalist: User) -> None:
    casus = casus_for(team, reported_on=FRIDAY)
    services.pick_up(casus, actor=generalist)
    casus = _accept(casus, generalist, FRIDAY)
    lines = AccessLogEntry.objects.filter(object_type="signaalcasus", object_id=str(casus.pk), user=generalist)
    assert {(line.action, line.basis) for line in lines} == {(AccessAction.UPDATE, AccessBasis.VROEGSIGNALERING)}
    assert casus.melding is not None
    assert lines.filter(dossier_id=casus.melding.dossier_id, detail="uitkomst: geaccepteerd").exists()
