"""Allocating granted provisions to providers, and changing those allocations.

The rules of the iWmo/iJw 3.2 standard live here, once:

- OP275: a ToewijzingNummer is unique per gemeente per law (`next_toewijzingnummer`).
- OP259: no stacked allocations of the same product for the same client (`allocate`).
- OP043: nothing in kind while a pgb is granted for that product (`allocate`).
- OP380: a shorter or longer period is the same ToewijzingNummer with a moved einddatum and a
  RedenWijziging (`change_toewijzing`).

Allocating and changing only mark a Toewijzing `pending_send`; `allocations.toewijzingbericht`
turns what is pending into 301 messages (OP087), so several changes on one day reach the provider
as one consistent 301.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import BigIntegerField, Exists, Max, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from accounts.models import User
from allocations.models import DeliveryStatus, Toewijzing
from catalogue.codes import Law
from catalogue.models import Aanbieder, Voorziening
from catalogue.selectors import contracted_providers
from core.translations import in_record_language
from decisions.models import Beschikking, BeschikkingRegel, BeschikkingStatus, Leveringsvorm
from dossiers.models import Dossier, TimelineEvent
from dossiers.services import add_timeline_event
from organisation.models import Gemeente
from residents.models import Inwoner

__all__ = [
    "REDEN_WIJZIGING",
    "STANDARD_OF_LAW",
    "allocate",
    "allocate_beschikking",
    "change_toewijzing",
    "is_current",
    "next_toewijzingnummer",
    "timeline_note",
]

#: The iStandaard each law exchanges messages in; the Participatiewet has none.
STANDARD_OF_LAW: dict[str, str] = {Law.WMO: "WMO", Law.JEUGDWET: "JW"}

#: LDT_Nummer allows 9 digits; Toewijzing.nummer holds 8.
MAX_NUMMER = 99_999_999

#: RedenWijziging (WMO002 / JZ002) a caseworker may give. 01 is "vervallen" in release 3.2.
REDEN_WIJZIGING: dict[str, StrOrPromise] = {
    "02": gettext_lazy("Cliënt overleden"),
    "03": gettext_lazy("Contractwijziging"),
    "04": gettext_lazy("Herbeoordeling: verlenging"),
    "05": gettext_lazy("Herbeoordeling: verkorting"),
    "06": gettext_lazy("Uitstroom naar ander domein"),
    "07": gettext_lazy("Verhuizing naar andere gemeente"),
    "08": gettext_lazy("Wijziging leveringsvorm"),
    "09": gettext_lazy("Overstap naar andere aanbieder"),
    "10": gettext_lazy("Nieuwe bekostigingssystematiek"),
    "11": gettext_lazy("Gemeentelijke herindeling"),
    "12": gettext_lazy("Geïnitieerd door aanbieder"),
    "13": gettext_lazy("Verwijderd"),
    "14": gettext_lazy("Administratieve correctie"),
}
VERLENGING = "04"
VERKORTING = "05"
VERWIJDERD = "13"

#: Beschikkingen whose lines count: decided (and possibly sent), not yet replaced by a decided successor.
_FINAL = (BeschikkingStatus.VASTGESTELD, BeschikkingStatus.VERZONDEN)


def _fail(message: str, field: str | None = None) -> ValidationError:
    return ValidationError({field: message} if field else message)


def _day(value: date) -> str:
    return date_format(value)


def _standard(law: str) -> str:
    standard = STANDARD_OF_LAW.get(law)
    if standard is None:
        raise _fail(
            _("Voor de %(law)s bestaat geen iStandaard: daar wordt niets aan een aanbieder toegewezen.")
            % {"law": Law(law).label if law in Law.values else law}
        )
    return standard


def _overlapping(start: date, end: date | None, *, start_field: str, end_field: str) -> Q:
    """Rows whose period [start_field, end_field] (end open when null) shares a day with [start, end]."""
    condition = Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gte": start})
    if end is not None:
        condition &= Q(**{f"{start_field}__isnull": True}) | Q(**{f"{start_field}__lte": end})
    return condition


def _same_product(voorziening: Voorziening, prefix: str) -> Q:
    """The same product: the same voorziening, or the same law, category and code (OP259/OP043)."""
    return Q(**{prefix: voorziening}) | Q(
        **{
            f"{prefix}__law": voorziening.law,
            f"{prefix}__product_category": voorziening.product_category,
            f"{prefix}__product_code": voorziening.product_code,
        }
    )


def is_current(toewijzing: Toewijzing, today: date) -> bool:
    """Not withdrawn and not yet ended: the provider may (still) deliver on it."""
    if toewijzing.status == DeliveryStatus.INGETROKKEN:
        return False
    return toewijzing.einddatum is None or toewijzing.einddatum >= today


def timeline_note(
    dossier: Dossier | None,
    actor: User | None,
    summary: str,
    *,
    toewijzing: int | None = None,
    bericht: int | None = None,
) -> None:
    """Record an allocation event on the dossier that owns it; an allocation without a dossier has no timeline.

    Never on "a dossier of the person's household": the person may be in another household too, whose
    dossier must not learn of this one's provisions.
    """
    if dossier is None:
        return
    if bericht is not None:
        add_timeline_event(dossier, actor, TimelineEvent.Kind.TOEWIJZING, summary, bericht=bericht)
    else:
        add_timeline_event(dossier, actor, TimelineEvent.Kind.TOEWIJZING, summary, toewijzing=toewijzing)


def _gemeente_for(inwoner: Inwoner, dossier: Dossier | None, actor: User | None) -> Gemeente:
    """The gemeente that allocates: the one of the team holding the owning dossier, else where the
    inwoner lives, else the actor's team."""
    if dossier is not None:
        return dossier.team.gemeente
    if inwoner.buurt_id is not None:
        return Gemeente.objects.get(wijken__buurten__pk=inwoner.buurt_id)
    if actor is not None:
        gemeente = Gemeente.objects.filter(teams__memberships__user=actor).first()
        if gemeente is not None:
            return gemeente
    raise _fail(_("Onbekend voor welke gemeente deze toewijzing geldt: de inwoner heeft geen dossier of adres."))


# --- OP275: ToewijzingNummer ------------------------------------------------------------------


@transaction.atomic
def next_toewijzingnummer(gemeente: Gemeente, law: str) -> str:
    """The next free ToewijzingNummer of this gemeente under this law (OP275), as a numeric string.

    Numbers are counted per gemeente per law, so Wmo and Jeugdwet each start at 1. The gemeente row
    is locked until the caller's transaction ends, so two allocations cannot take the same number
    (on databases without row locks the unique constraint and `allocate`'s retry catch it).
    """
    _standard(law)
    Gemeente.objects.select_for_update().filter(pk=gemeente.pk).exists()
    highest = (
        Toewijzing.objects.filter(gemeente=gemeente, law=law)
        .annotate(number=Cast("nummer", BigIntegerField()))
        .aggregate(highest=Max("number"))["highest"]
        or 0
    )
    if highest >= MAX_NUMMER:
        raise _fail(_("De toewijzingnummers van deze gemeente voor deze wet zijn op (maximaal 8 cijfers)."))
    return str(highest + 1)


# --- allocate ---------------------------------------------------------------------------------


def _check_contract(aanbieder: Aanbieder, voorziening: Voorziening, day: date) -> None:
    if not contracted_providers(voorziening, day).filter(pk=aanbieder.pk).exists():
        raise _fail(
            _(
                "%(aanbieder)s heeft op %(day)s geen (actief) contract voor %(product)s; "
                "wijs toe aan een gecontracteerde aanbieder."
            )
            % {"aanbieder": aanbieder.name, "day": _day(day), "product": voorziening.name}
        )


_ELSEWHERE_STACKED = gettext_lazy(
    "Voor %(inwoner)s loopt in deze periode al een toewijzing van %(product)s vanuit een ander dossier. Een product "
    "mag niet gestapeld worden toegewezen (OP259): stem af met de regisseur van dat dossier."
)


def _check_not_stacked(
    inwoner: Inwoner, voorziening: Voorziening, start: date, end: date | None, dossier: Dossier | None
) -> None:
    """OP259: one client has at most one allocation of a product on any day, at whichever provider.

    The rule looks across all of the client's allocations, as the standard requires; the details of a
    clash (number, provider, period) are only named when the allocating dossier owns it.
    """
    stacked = (
        Toewijzing.objects.filter(inwoner=inwoner)
        .filter(_same_product(voorziening, "voorziening"))
        .exclude(status=DeliveryStatus.INGETROKKEN)
        .filter(_overlapping(start, end, start_field="ingangsdatum", end_field="einddatum"))
        .select_related("aanbieder")
        .first()
    )
    if stacked is not None and stacked.dossier_id != (dossier.pk if dossier is not None else None):
        raise _fail(_ELSEWHERE_STACKED % {"inwoner": inwoner.full_name, "product": voorziening.name})
    if stacked is not None:
        until = _day(stacked.einddatum) if stacked.einddatum else _("onbepaalde tijd")
        raise _fail(
            _(
                "%(inwoner)s heeft al toewijzing %(nummer)s voor %(product)s bij %(aanbieder)s van %(start)s tot "
                "%(until)s. Een product mag niet gestapeld worden toegewezen (OP259): pas eerst de einddatum van "
                "die toewijzing aan."
            )
            % {
                "inwoner": inwoner.full_name,
                "nummer": stacked.nummer,
                "product": voorziening.name,
                "aanbieder": stacked.aanbieder.name,
                "start": _day(stacked.ingangsdatum),
                "until": until,
            }
        )


def granted_pgb_lines(
    inwoner: Inwoner, voorziening: Voorziening, start: date, end: date | None
) -> QuerySet[BeschikkingRegel]:
    """Granted pgb lines for this product and period on decided beschikkingen that were not replaced."""
    replaced = Beschikking.objects.filter(replaces=OuterRef("beschikking"), status__in=_FINAL)
    return (
        BeschikkingRegel.objects.filter(
            beschikking__aanvraag__inwoner=inwoner,
            beschikking__status__in=_FINAL,
            leveringsvorm=Leveringsvorm.PGB,
            granted=True,
        )
        .filter(_same_product(voorziening, "voorziening"))
        .filter(_overlapping(start, end, start_field="start", end_field="end"))
        .exclude(Exists(replaced))
    )


def _check_no_pgb(
    inwoner: Inwoner, voorziening: Voorziening, start: date, end: date | None, dossier: Dossier | None
) -> None:
    """OP043: a product granted as pgb is not also delivered in kind in the same period (across dossiers;
    the beschikking is only named to the dossier that owns it)."""
    regel = granted_pgb_lines(inwoner, voorziening, start, end).select_related("beschikking__aanvraag").first()
    if regel is not None and regel.beschikking.aanvraag.dossier_id != (dossier.pk if dossier is not None else None):
        raise _fail(
            _(
                "Voor %(product)s heeft %(inwoner)s in deze periode een pgb vanuit een ander dossier; dan kan dit "
                "product niet ook in natura worden toegewezen (OP043). Stem af met de regisseur van dat dossier."
            )
            % {"product": voorziening.name, "inwoner": inwoner.full_name}
        )
    if regel is not None:
        raise _fail(
            _(
                "Voor %(product)s heeft %(inwoner)s in deze periode een pgb (beschikking %(number)s); "
                "dan kan dit product niet ook in natura worden toegewezen (OP043)."
            )
            % {"product": voorziening.name, "inwoner": inwoner.full_name, "number": regel.beschikking.number}
        )


@transaction.atomic
def allocate(
    *,
    inwoner: Inwoner,
    aanbieder: Aanbieder,
    voorziening: Voorziening,
    law: str,
    ingangsdatum: date,
    einddatum: date | None,
    volume: int | None,
    unit: str,
    frequency: str,
    actor: User | None,
    dossier: Dossier | None,
    regel: BeschikkingRegel | None = None,
    referentie_aanbieder: str = "",
    gemeente: Gemeente | None = None,
) -> Toewijzing:
    """Allocate one product to one provider for one client; it goes out with the next 301.

    `dossier` owns the allocation (access, log and timeline go through it); it is None only when a
    provider's request is answered for a client without a dossier. `gemeente` defaults to the
    gemeente of the dossier's team.
    """
    _standard(law)
    if voorziening.law != law or not voorziening.uses_istandaarden:
        raise _fail(
            _(
                "%(product)s is geen maatwerkvoorziening onder de %(law)s met een productcode; die kan niet worden "
                "toegewezen."
            )
            % {"product": voorziening.name, "law": Law(law).label}
        )
    if not inwoner.bsn:
        raise _fail(_("Zonder BSN kan niets worden toegewezen: een toewijzingbericht vraagt een geldig BSN (OP079)."))
    if einddatum is not None and einddatum < ingangsdatum:
        raise _fail(_("De einddatum ligt vóór de ingangsdatum."), "einddatum")
    if volume is None or volume <= 0 or not unit or not frequency:
        raise _fail(_("Geef de omvang van de toewijzing: volume, eenheid en frequentie."), "volume")
    _check_contract(aanbieder, voorziening, ingangsdatum)
    _check_not_stacked(inwoner, voorziening, ingangsdatum, einddatum, dossier)
    _check_no_pgb(inwoner, voorziening, ingangsdatum, einddatum, dossier)
    gemeente = gemeente or _gemeente_for(inwoner, dossier, actor)
    toewijzing = _create_numbered(
        Toewijzing(
            gemeente=gemeente,
            law=law,
            inwoner=inwoner,
            dossier=dossier,
            aanbieder=aanbieder,
            voorziening=voorziening,
            regel=regel,
            ingangsdatum=ingangsdatum,
            einddatum=einddatum,
            volume=volume,
            unit=unit,
            frequency=frequency,
            referentie_aanbieder=referentie_aanbieder[:20],
            pending_send=True,
        )
    )
    with in_record_language():
        timeline_note(
            dossier,
            actor,
            _("Toewijzing %(nummer)s: %(product)s aan %(aanbieder)s vanaf %(start)s")
            % {
                "nummer": toewijzing.nummer,
                "product": voorziening.name,
                "aanbieder": aanbieder.name,
                "start": _day(ingangsdatum),
            },
            toewijzing=toewijzing.pk,
        )
    return toewijzing


def _create_numbered(toewijzing: Toewijzing, attempts: int = 3) -> Toewijzing:
    """Save with the next number; a concurrent allocation that took it first makes us take the next one."""
    for attempt in range(attempts):
        toewijzing.nummer = next_toewijzingnummer(toewijzing.gemeente, toewijzing.law)
        try:
            with transaction.atomic():
                toewijzing.save(force_insert=True)
            return toewijzing
        except IntegrityError:
            toewijzing.pk = None
            if attempt == attempts - 1:
                raise _fail(_("Er kon geen uniek toewijzingnummer worden bepaald; probeer het opnieuw.")) from None
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class _Allocatable:
    regel: BeschikkingRegel
    aanbieder: Aanbieder
    start: date


def _allocatable_lines(beschikking: Beschikking) -> list[_Allocatable]:
    lines = []
    for regel in beschikking.regels.select_related("voorziening", "aanbieder"):
        if not regel.granted or regel.leveringsvorm != Leveringsvorm.ZIN or regel.aanbieder is None:
            continue
        start = regel.start or beschikking.sent_on or timezone.localdate()
        lines.append(_Allocatable(regel=regel, aanbieder=regel.aanbieder, start=start))
    return lines


@transaction.atomic
def allocate_beschikking(beschikking: Beschikking, actor: User | None) -> list[Toewijzing]:
    """Allocate every granted in-kind product of a sent beschikking to its provider.

    Pgb and refused lines need no allocation; the Participatiewet has no iStandaard, so nothing is
    allocated for it. A beschikking that replaces another (after a bezwaar) first ends the
    allocations of the replaced one that overlap the new period, so the new ones do not stack.
    """
    aanvraag = beschikking.aanvraag
    if aanvraag.law not in STANDARD_OF_LAW:
        return []
    lines = _allocatable_lines(beschikking)
    if beschikking.replaces_id is not None and lines:
        _end_replaced(beschikking, beschikking.replaces_id, min(line.start for line in lines), actor)
    return [
        allocate(
            inwoner=aanvraag.inwoner,
            aanbieder=line.aanbieder,
            voorziening=line.regel.voorziening,
            law=aanvraag.law,
            ingangsdatum=line.start,
            einddatum=line.regel.end,
            volume=line.regel.volume,
            unit=line.regel.unit or line.regel.voorziening.unit,
            frequency=line.regel.frequency or line.regel.voorziening.frequency,
            actor=actor,
            dossier=aanvraag.dossier,
            regel=line.regel,
            gemeente=aanvraag.dossier.team.gemeente,
        )
        for line in lines
    ]


def _end_replaced(beschikking: Beschikking, replaced_id: int, new_start: date, actor: User | None) -> None:
    """Withdraw (13) what has not started of the replaced beschikking; shorten (05) what has."""
    old = Toewijzing.objects.filter(regel__beschikking_id=replaced_id).exclude(status=DeliveryStatus.INGETROKKEN)
    for toewijzing in old.filter(Q(einddatum__isnull=True) | Q(einddatum__gte=new_start)):
        if toewijzing.started_on is None:
            _apply_change(toewijzing, einddatum=toewijzing.ingangsdatum, reden=VERWIJDERD, withdraw=True)
        else:
            einddatum = max(new_start - timedelta(days=1), toewijzing.started_on, toewijzing.ingangsdatum)
            _apply_change(toewijzing, einddatum=einddatum, reden=VERKORTING, withdraw=False)
        with in_record_language():
            timeline_note(
                toewijzing.dossier,
                actor,
                _("Toewijzing %(nummer)s aangepast: vervangen door beschikking %(number)s")
                % {"nummer": toewijzing.nummer, "number": beschikking.number},
                toewijzing=toewijzing.pk,
            )


# --- OP380: change the einddatum ----------------------------------------------------------------


def _apply_change(toewijzing: Toewijzing, *, einddatum: date, reden: str, withdraw: bool) -> None:
    toewijzing.einddatum = einddatum
    toewijzing.reden_wijziging = reden
    if withdraw:
        toewijzing.status = DeliveryStatus.INGETROKKEN
    # The most recent Toewijzingsdatum/-tijd tells the provider which version of the number holds.
    toewijzing.toegewezen_at = timezone.now()
    toewijzing.pending_send = True
    toewijzing.version += 1
    toewijzing.save()


@transaction.atomic
def change_toewijzing(
    toewijzing: Toewijzing,
    actor: User | None,
    *,
    einddatum: date | None,
    reden_wijziging: str,
    version: int,
    volume: int | None = None,
) -> Toewijzing:
    """Shorten, extend or withdraw an allocation on its own ToewijzingNummer (OP380).

    What is supported:
    - every RedenWijziging of WMO002/JZ002 except 01 (vervallen); one is required;
    - 04 (verlenging) must move the einddatum later, 05 (verkorting) earlier;
    - 13 (verwijderd) withdraws an allocation on which no care has started: the einddatum becomes
      the ingangsdatum (as the standard asks for a withdrawn allocation) and the status ingetrokken;
    - the einddatum never lies before the ingangsdatum, nor before the day delivery started;
    - the omvang may be corrected only while delivery has not started; after that a different
      omvang is a new allocation (end this one, allocate again).
    `version` must be the version the user saw; a concurrent change makes this one fail.
    """
    current = (
        Toewijzing.objects.select_for_update(of=("self",))
        .select_related("voorziening", "inwoner")
        .get(pk=toewijzing.pk)
    )
    if current.version != version:
        raise _fail(_("Iemand anders heeft deze toewijzing intussen gewijzigd; laad de pagina opnieuw."))
    if current.status == DeliveryStatus.INGETROKKEN:
        raise _fail(_("Deze toewijzing is ingetrokken en kan niet meer worden gewijzigd."))
    if reden_wijziging not in REDEN_WIJZIGING:
        raise _fail(_("Kies een reden voor de wijziging."), "reden_wijziging")
    withdraw = reden_wijziging == VERWIJDERD
    if withdraw:
        if current.started_on is not None:
            raise _fail(
                _(
                    "De levering is al gestart op %(day)s; een gestarte toewijzing kan niet worden verwijderd, "
                    "alleen verkort (reden 05)."
                )
                % {"day": _day(current.started_on)},
                "reden_wijziging",
            )
        einddatum = current.ingangsdatum
    if einddatum is None:
        raise _fail(_("Geef de nieuwe einddatum."), "einddatum")
    if einddatum < current.ingangsdatum:
        raise _fail(
            _("De einddatum ligt vóór de ingangsdatum (%(day)s).") % {"day": _day(current.ingangsdatum)}, "einddatum"
        )
    if current.started_on is not None and einddatum < current.started_on:
        raise _fail(
            _("De levering is gestart op %(day)s; de einddatum kan niet eerder liggen.")
            % {"day": _day(current.started_on)},
            "einddatum",
        )
    if reden_wijziging == VERLENGING and current.einddatum is not None and einddatum <= current.einddatum:
        raise _fail(
            _("Bij een verlenging ligt de nieuwe einddatum na de huidige (%(day)s).")
            % {"day": _day(current.einddatum)},
            "einddatum",
        )
    if reden_wijziging == VERLENGING and current.einddatum is None:
        raise _fail(_("Deze toewijzing heeft geen einddatum; verlengen kan dan niet."), "reden_wijziging")
    if reden_wijziging == VERKORTING and current.einddatum is not None and einddatum >= current.einddatum:
        raise _fail(
            _("Bij een verkorting ligt de nieuwe einddatum vóór de huidige (%(day)s).")
            % {"day": _day(current.einddatum)},
            "einddatum",
        )
    if current.einddatum is not None and einddatum > current.einddatum:
        # A longer period may not run into another allocation of the same product (OP259).
        others = Toewijzing.objects.exclude(pk=current.pk)
        clash = (
            others.filter(inwoner=current.inwoner)
            .filter(_same_product(current.voorziening, "voorziening"))
            .exclude(status=DeliveryStatus.INGETROKKEN)
            .filter(
                _overlapping(
                    current.einddatum + timedelta(days=1), einddatum, start_field="ingangsdatum", end_field="einddatum"
                )
            )
            .first()
        )
        if clash is not None and clash.dossier_id != current.dossier_id:
            raise _fail(
                _ELSEWHERE_STACKED % {"inwoner": current.inwoner.full_name, "product": current.voorziening.name},
                "einddatum",
            )
        if clash is not None:
            raise _fail(
                _("De verlengde periode overlapt met toewijzing %(nummer)s van hetzelfde product (OP259).")
                % {"nummer": clash.nummer},
                "einddatum",
            )
        _check_no_pgb(
            current.inwoner, current.voorziening, current.einddatum + timedelta(days=1), einddatum, current.dossier
        )
    if volume is not None and volume != current.volume:
        if volume <= 0:
            raise _fail(_("De omvang is een positief getal."), "volume")
        if current.started_on is not None:
            raise _fail(
                _(
                    "De levering is al gestart; een andere omvang is een nieuwe toewijzing. Verkort deze toewijzing "
                    "en wijs het product opnieuw toe."
                ),
                "volume",
            )
        current.volume = volume
    _apply_change(current, einddatum=einddatum, reden=reden_wijziging, withdraw=withdraw)
    with in_record_language():
        timeline_note(
            current.dossier,
            actor,
            _("Toewijzing %(nummer)s gewijzigd: einddatum %(day)s (%(reden)s)")
            % {"nummer": current.nummer, "day": _day(einddatum), "reden": REDEN_WIJZIGING[reden_wijziging]},
            toewijzing=current.pk,
        )
    return current
