"""Factories for the outreach work on vroegsignalen: partners, signals and the casus that combines them.

The intake (vroegsignalering.intake) makes these rows from a partner's file in production; the work tests build them
directly, so a test of the worklist or an outcome does not depend on the file formats.
"""

from datetime import date, timedelta
from decimal import Decimal
from itertools import count

from django.utils import timezone

from dossiers.models import Route
from organisation.models import Team
from partners.models import Partner, PartnerKind, Scope
from residents.models import Huishouden, Inwoner
from testsupport.factories import InwonerFactory, household_with
from vroegsignalering.models import MatchMethod, SignaalCasus, SignalKind, Vroegsignaal

_ids = count(1)

#: The kind of arrears each kind of partner reports.
KIND_OF_PARTNER = {
    PartnerKind.WONINGVERHUURDER: SignalKind.HUUR,
    PartnerKind.ENERGIE: SignalKind.ENERGIE,
    PartnerKind.WATER: SignalKind.WATER,
    PartnerKind.ZORGVERZEKERAAR: SignalKind.ZORGVERZEKERING,
}


def partner(kind: str = PartnerKind.WONINGVERHUURDER, name: str = "") -> Partner:
    number = next(_ids)
    return Partner.objects.create(
        name=name or f"Partner {number}",
        code=f"partner-{number}",
        kind=kind,
        route=Route.VROEGSIGNAAL,
        scopes=[Scope.VROEGSIGNALEN],
    )


def signal(
    casus: SignaalCasus | None,
    *,
    inwoner: Inwoner | None,
    by: Partner | None = None,
    amount: str = "850.00",
    months: int = 2,
    reported_on: date | None = None,
    threat: str = "",
) -> Vroegsignaal:
    """One partner's report; `inwoner=None` leaves it unmatched."""
    by = by or partner()
    reported_on = reported_on or timezone.localdate() - timedelta(days=3)
    person = inwoner or InwonerFactory.build()
    return Vroegsignaal.objects.create(
        partner=by,
        partner_signal_id=f"S-{next(_ids)}",
        kind=KIND_OF_PARTNER.get(PartnerKind(by.kind), SignalKind.HUUR),
        reported_on=reported_on,
        arrears_amount=Decimal(amount),
        arrears_months=months,
        threat=threat,
        bsn=person.bsn,
        voorletters=person.voornamen[:1],
        achternaam=person.achternaam,
        geboortedatum=person.geboortedatum,
        postcode=person.postcode,
        huisnummer=person.huisnummer,
        inwoner=inwoner,
        match_method=MatchMethod.BSN if inwoner is not None else "",
        casus=casus,
    )


def casus_for(
    team: Team,
    *,
    inwoner: Inwoner | None = None,
    huishouden: Huishouden | None = None,
    signals: int = 1,
    threat: str = "",
    partners: list[Partner] | None = None,
    reported_on: date | None = None,
    contact_due: date | None = None,
) -> SignaalCasus:
    """An open casus of `team` for a matched household with `signals` signals (from `partners`, in turn)."""
    if inwoner is None:
        inwoner = InwonerFactory()  # type: ignore[assignment]
    if huishouden is None:
        membership = inwoner.lidmaatschappen.select_related("huishouden").first()
        huishouden = membership.huishouden if membership is not None else household_with(inwoner)
    reported_on = reported_on or timezone.localdate() - timedelta(days=3)
    casus = SignaalCasus.objects.create(
        huishouden=huishouden,
        team=team,
        signal_count=signals,
        threat=threat,
        contact_due=contact_due or reported_on + timedelta(days=14),
        analysis_due=reported_on + timedelta(days=28),
    )
    givers = partners or [partner()]
    for number in range(signals):
        signal(
            casus,
            inwoner=inwoner,
            by=givers[number % len(givers)],
            reported_on=reported_on,
            threat=threat if number == 0 else "",
        )
    return casus
