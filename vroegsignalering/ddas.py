"""The national vroegsignalering delivery: the DDAS exchange model of VNG Realisatie, version 1.2.

Municipalities deliver their vroegsignalen and what they did with them (vroegsignaalzaken) for the national
monitor (CBS). Unlike our aggregate (vroegsignalering.export) this delivery is **per signal and per person**: it
holds a BSN, or without one a postcode, house number and birth date. So only the functioneel beheerder may download
it, and every download is in the access log (vroegsignalering.views.ddas_view).

A delivery covers a period (a month or a quarter): the signals *received* in it, and the casussen with *activity* in
it (opened, picked up, an attempt, or an outcome). A zaak names its signals by ID; a signal received in an earlier
period was in that period's delivery, under the same ID (`signal_id` is stable between deliveries).

The JSON Schema (schemas/ddas-vroegsignalering-1.2.schema.json) is our own text with the structure, field names and
code lists of VNG's model: their repository has no licence we could ship their file under. Every delivery is checked
against it before it is served; one that does not validate is refused rather than delivered. The mapping of our
data onto the code lists is written down in docs/vroegsignalering.md (section "Landelijke levering (DDAS)").
"""

import functools
import json
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker

from monitor.periods import Period
from organisation.models import Gemeente
from vroegsignalering.models import (
    CasusOutcome,
    ContactMethod,
    ContactPoging,
    ContactResult,
    Daypart,
    SignaalCasus,
    SignalKind,
    Vroegsignaal,
)

SCHEMA_PATH = Path(__file__).parent / "schemas" / "ddas-vroegsignalering-1.2.schema.json"
FORMAT_VERSION = "1.2"

#: EnumSignaalpartner. A health insurer's premium arrears are "Zorg": "CAK Zorgverzekeringen" is the signal the CAK
#: itself sends when a person has been moved to the CAK's regime (bestuursrechtelijke premie), not an insurer's.
PARTNER_TYPES: dict[str, str] = {
    SignalKind.HUUR: "Huur",
    SignalKind.ENERGIE: "Energie",
    SignalKind.WATER: "Water",
    SignalKind.ZORGVERZEKERING: "Zorg",
}
#: EnumContactsoort.
CONTACT_KINDS: dict[str, str] = {
    ContactMethod.BRIEF: "Brief",
    ContactMethod.TELEFOON: "Telefoon",
    ContactMethod.HUISBEZOEK: "Huisbezoek",
    ContactMethod.EMAIL: "Mail",
}
#: EnumDagdeel.
DAYPARTS: dict[str, str] = {Daypart.OCHTEND: "Ochtend", Daypart.MIDDAG: "Middag", Daypart.AVOND: "Avond"}
#: "bereikt": the person was spoken to, whatever they answered. Refusing help or saying they already have it is
#: contact; only "niet thuis / geen gehoor" is not.
REACHED_RESULTS = frozenset({ContactResult.BEREIKT, ContactResult.GEWEIGERD, ContactResult.AL_IN_HULP})
#: EnumEindresultaat per outcome of a closed casus; an open casus has no resultaat yet.
RESULTS: dict[str, str] = {
    CasusOutcome.GEACCEPTEERD: "Vervolghulp en/of verwijzing financieel",
    CasusOutcome.GEWEIGERD: "Inwoner regelt het zelf/hoeft geen hulp vanuit vroegsignalering",
    CasusOutcome.NIET_BEREIKT: "Definitief geen contact kunnen krijgen",
    CasusOutcome.AL_GEHOLPEN: "Inwoner al bekend bij schuldhulpverlening",
}
#: EnumSignaalstatus values we produce (see `signal_status`).
STATUS_NOT_RESIDENT = "Persoon is geen inwoner (meer) in de gemeente"
STATUS_WAITING = "Nog niet opgepakt"
STATUS_PICKED_UP = "Opgepakt"
#: We do not store anyone's sex; the code list has a value for that.
SEX_UNKNOWN = "Onbekend"


class InvalidDelivery(Exception):
    """The delivery does not match the schema: it is not served. The message names fields, never a value."""


@functools.cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def validate(document: dict[str, Any]) -> None:
    validator = Draft202012Validator(schema(), format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(document), key=lambda error: list(error.absolute_path))
    if errors:
        where = ", ".join(
            dict.fromkeys("/".join(str(part) for part in error.absolute_path) or "(hoofdniveau)" for error in errors)
        )
        raise InvalidDelivery(f"De DDAS-levering voldoet niet aan het schema bij: {where}")


def signal_id(signal: Vroegsignaal) -> str:
    """`<partner code>/<partner's kenmerk>`: unique (a partner's kenmerk is unique per partner, a partner code is a
    slug that is never reused and holds no "/") and stable, so a zaak in a later delivery finds its signal again.
    Our own row number would do too, but would say nothing to a partner who asks about a signal."""
    return f"{signal.partner.code}/{signal.partner_signal_id}"


def gemeentecode(gemeente: Gemeente) -> str:
    """The four digits of the CBS code ("GM0363" → "0363"), as the delivery names a gemeente."""
    code = gemeente.cbs_code.strip()
    return code[2:] if code.upper().startswith("GM") else code


def whole_euros(amount: Decimal) -> int:
    return int(amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def client(signal: Vroegsignaal) -> dict[str, str]:
    """The BSN alone when we know it (the signal's own, else the matched resident's); else the address.

    The schema allows nothing next to a BSN. Without one, postcode and house number are required; the birth date
    goes along when the partner gave it.
    """
    bsn = signal.bsn or (signal.inwoner.bsn if signal.inwoner is not None else None) or ""
    if bsn:
        return {"burgerservicenummer": bsn}
    person = {"geslachtsaanduiding": SEX_UNKNOWN, "postcode": signal.postcode, "huisnummer": str(signal.huisnummer)}
    if signal.geboortedatum is not None:
        person["geboortedatum"] = signal.geboortedatum.isoformat()
    if signal.huisnummer_toevoeging:
        person["huisnummertoevoeging"] = signal.huisnummer_toevoeging
    return person


def signal_status(signal: Vroegsignaal, casus_worked: bool) -> str:
    """Closed in the queue as not to be matched → not a resident; waiting (no casus, or a casus nobody picked up,
    tried or closed) → not yet picked up; anything else → picked up."""
    if signal.discarded_at is not None:
        return STATUS_NOT_RESIDENT
    if signal.casus_id is None or not casus_worked:
        return STATUS_WAITING
    return STATUS_PICKED_UP


def _vroegsignaal(signal: Vroegsignaal, casus_worked: bool) -> dict[str, Any]:
    return {
        "ID": signal_id(signal),
        "crisissignaal": bool(signal.threat),
        # The partner hands over a list; no partner hands over a person it already spoke to.
        "warmeOverdracht": False,
        "bedrag": whole_euros(signal.arrears_amount),
        "signaaldatum": signal.reported_on.isoformat(),
        "status": signal_status(signal, casus_worked),
        "signaalpartner": {"type": PARTNER_TYPES.get(signal.kind, "Overige")},
        "client": client(signal),
    }


def _contactpoging(attempt: ContactPoging) -> dict[str, Any]:
    return {
        "soort": CONTACT_KINDS.get(attempt.method, "Overige"),
        "bereikt": attempt.result in REACHED_RESULTS,
        "datum": attempt.on.isoformat(),
        "dagdeel": DAYPARTS[attempt.daypart],
    }


def _vroegsignaalzaak(casus: SignaalCasus, period: Period) -> dict[str, Any] | None:
    signals = sorted(casus.signalen.all(), key=lambda signal: (signal.reported_on, signal.pk))
    if not signals:
        return None
    attempts = sorted(casus.pogingen.all(), key=lambda attempt: (attempt.on, attempt.pk))
    zaak: dict[str, Any] = {}
    if casus.outcome in RESULTS:
        zaak["resultaat"] = RESULTS[casus.outcome]
    zaak["matchingsdatum"] = timezone.localdate(casus.opened_at).isoformat()
    zaak["startdatumMatchingperiode"] = period.start.isoformat()
    zaak["einddatumMatchingperiode"] = _last_day(period).isoformat()
    picked_up = [day for day in (casus.assigned_on, attempts[0].on if attempts else None) if day is not None]
    if picked_up:
        zaak["datumOpgepakt"] = min(picked_up).isoformat()
    zaak["vroegsignalen"] = [{"ID": signal_id(signal)} for signal in signals]
    zaak["contactpogingen"] = [_contactpoging(attempt) for attempt in attempts]
    return zaak


def _bounds(period: Period) -> tuple[datetime, datetime]:
    """The period in local time: a signal received at 00:30 on the first belongs to that month."""
    return (
        timezone.make_aware(datetime.combine(period.start, time.min)),
        timezone.make_aware(datetime.combine(period.end, time.min)),
    )


def _last_day(period: Period) -> date:
    return period.end - timedelta(days=1)


def _aanleverende_organisatie(gemeente: Gemeente) -> dict[str, Any]:
    organisation: dict[str, Any] = {"naam": gemeente.name}
    if settings.DDAS_KVK_NUMMER:
        organisation["kvk-nummer"] = settings.DDAS_KVK_NUMMER
    contact = {
        key: value
        for key, value in (
            ("naam", settings.DDAS_CONTACT_NAAM),
            ("telefoonnummer", settings.DDAS_CONTACT_TELEFOON),
            ("email", settings.DDAS_CONTACT_EMAIL),
            ("functietitel", settings.DDAS_CONTACT_FUNCTIE),
        )
        if value
    }
    if contact:
        organisation["contactpersonen"] = [contact]
    return organisation


def build(gemeente: Gemeente, period: Period) -> dict[str, Any]:
    """The delivery of `gemeente` for `period`, as the schema describes it (not yet validated)."""
    start, end = _bounds(period)
    signals = list(
        Vroegsignaal.objects.filter(received_at__gte=start, received_at__lt=end)
        .filter(Q(casus__team__gemeente=gemeente) | Q(casus__isnull=True, queue_team__gemeente=gemeente))
        .select_related("partner", "inwoner", "casus")
        .order_by("received_at", "pk")
    )
    attempts_in_period = ContactPoging.objects.filter(casus=OuterRef("pk"), on__gte=period.start, on__lt=period.end)
    casussen = list(
        SignaalCasus.objects.filter(team__gemeente=gemeente)
        .filter(
            Q(opened_at__gte=start, opened_at__lt=end)
            | Q(assigned_on__gte=period.start, assigned_on__lt=period.end)
            | Q(outcome_on__gte=period.start, outcome_on__lt=period.end)
            | Exists(attempts_in_period)
        )
        .prefetch_related("signalen__partner", "pogingen")
        .order_by("opened_at", "pk")
    )
    casus_ids = {signal.casus_id for signal in signals if signal.casus_id is not None}
    tried = set(ContactPoging.objects.filter(casus_id__in=casus_ids).values_list("casus_id", flat=True))
    worked = {
        signal.casus_id: signal.casus.assigned_to_id is not None or not signal.casus.is_open or signal.casus_id in tried
        for signal in signals
        if signal.casus is not None
    }
    zaken = [zaak for casus in casussen if (zaak := _vroegsignaalzaak(casus, period)) is not None]
    return {
        "aanleverdatumEnTijd": timezone.now().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "codeGegevensleverancier": settings.DDAS_CODE_GEGEVENSLEVERANCIER,
        "startdatumLevering": period.start.isoformat(),
        "einddatumLevering": _last_day(period).isoformat(),
        "leveringen": [
            {
                # One gemeente per file: the first and only levering.
                "teller": 1,
                "gemeentecode": gemeentecode(gemeente),
                "aanleverendeOrganisatie": _aanleverende_organisatie(gemeente),
                "vroegsignalen": [_vroegsignaal(signal, worked.get(signal.casus_id, False)) for signal in signals],
                "vroegsignaalzaken": zaken,
            }
        ],
    }


def delivery(gemeente: Gemeente, period: Period) -> dict[str, Any]:
    """The validated delivery; raises InvalidDelivery instead of returning a document that breaks the schema."""
    document = build(gemeente, period)
    validate(document)
    return document


def summary(document: dict[str, Any]) -> tuple[int, int]:
    """(signals, zaken) in a delivery: what the access log says about a download, never who is in it."""
    levering = document["leveringen"][0]
    return len(levering["vroegsignalen"]), len(levering["vroegsignaalzaken"])


def filename(gemeente: Gemeente, period: Period) -> str:
    return f"ddas-vroegsignalering-{gemeente.cbs_code}-{period.key}.json"
