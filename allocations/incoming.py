"""Messages from providers: check, store, process, and answer them as the standard asks.

``receive`` is the one entry point for a received file, whatever channel brought it (upload,
command, exchange folder). Every file becomes a ``Bericht``: a file that is not a valid,
acceptable message is stored as *afgewezen* with readable reasons and changes nothing else, so
it can be inspected later. An accepted message updates the allocations it is about and creates
the tasks whose terms the standard sets (a retour within 3 working days, an answer to a 315/317
within 5, a 325 within 10). A retour or 325 that can be written at once is written and its task
closed; one that cannot (the WMO retour XSDs are missing from the official folder) leaves its
task open with the reason, so the worklist shows it instead of it being dropped.

Decisions worth knowing (see the report of issue 3):
- a 315 for a client the gemeente does not know is rejected ("Cliënt onbekend bij de gemeente"):
  a toewijzing needs a known resident with a dossier, and the aanbieder can send it again;
- in a 323 an unknown client rejects only that client's prestaties (code 8187), not the whole
  declaratie, because the 325 is the place where the standard reports such a prestatie;
- rejected messages get no retour: nothing about them is processed.

Product-level rejections are kept in ``Bericht.reasons`` as "<key>: <text> (retourcode NNNN)"
so a retour that could not be written the first time can be written later with the same codes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from allocations import outgoing
from allocations.models import Bericht, BerichtStatus, BerichtTaak, DeliveryStatus, Direction, TaakSoort, Toewijzing
from allocations.schemas import current_schemas
from catalogue.codes import Frequency, Kind, Law
from catalogue.models import Aanbieder, Voorziening
from deadlines.calendar_source import current_calendar
from deadlines.terms import compute_deadline
from dossiers.models import Dossier, TimelineEvent
from dossiers.services import add_timeline_event
from dossiers.transitions import OPEN_STATUSES
from istandaarden.kinds import MessageKind
from istandaarden.messages import Antwoord, Client, Message, Omvang, Prestatie, Product, Wijzigingsverzoek
from istandaarden.outgoing import Beoordeling, OutgoingHeader
from istandaarden.reading import MessageError, identify, read
from istandaarden.retourcodes import position_key
from istandaarden.schemas import SchemaSet
from istandaarden.writing import write_antwoord, write_declaratie_antwoord, write_retour
from organisation.models import Gemeente
from residents.bsn import is_valid_bsn
from residents.models import Inwoner

MAX_FILE_SIZE = 25 * 1024 * 1024  # iStandaarden: a message file is at most 25 MB

STANDARD_LAW: dict[str, str] = {"WMO": Law.WMO, "JW": Law.JEUGDWET}

#: Messages a provider sends to the gemeente; the others (301, 319, 306 ...) we send ourselves.
RECEIVED_CODES = frozenset({"302", "305", "307", "315", "317", "320", "323"})
#: Retours on messages we sent: their header repeats our header (Afzender is the gemeente).
RETOUR_CODES = frozenset({"302", "320"})

VERZOEK_AFGEWEZEN = "1"
VERZOEK_IN_ONDERZOEK = "2"

#: Reden afwijzing verzoek (WJ759), for the 319.
REDEN_AFWIJZING: dict[str, str] = {
    "1": "Nieuwe aanvraag in plaats van wijziging",
    "2": "Past niet binnen budget",
    "3": "Geen contract",
    "4": "Past niet binnen contract",
    "5": "Andere gemeente",
    "6": "Stapeling",
    "7": "Zorginhoudelijke afkeur",
    "8": "Woonplaatsbeginsel",
    "9": "Leeftijdsgrens bereikt",
}

#: Reden beëindiging (WMO588), for the timeline.
REDEN_BEEINDIGING: dict[str, str] = {
    "02": "overlijden",
    "19": "volgens plan beëindigd",
    "20": "tijdelijk beëindigd",
    "21": "eenzijdig door cliënt",
    "22": "eenzijdig door aanbieder",
    "23": "in overeenstemming voortijdig",
    "31": "verhuizing",
    "36": "geïnitieerd door gemeente",
    "37": "in verband met wijzigingsverzoek",
    "38": "overstap naar andere aanbieder",
    "39": "uitstroom naar ander domein",
}

# Retour codes (LDT_RetourCode) the checks use.
CODE_GEEN_TOEWIJZING = "9019"  # regiebericht kan niet gekoppeld worden aan een toewijzing
CODE_GEEN_START = "9069"  # geen actueel startbericht
CODE_AL_ONTVANGEN = "9074"  # al een eerder bericht met dezelfde sleutel
CODE_NIET_BIJ_CLIENT = "8187"  # prestatie hoort niet bij deze client
CODE_BEGIN_BUITEN_TOEWIJZING = "9307"
CODE_EIND_BUITEN_TOEWIJZING = "9308"
CODE_VOLUME_TE_HOOG = "9321"
CODE_GEEN_TOEGEWEZEN_PRODUCT = "9338"
CODE_ANDERE_CATEGORIE = "9339"
CODE_ANDERE_PRODUCTCODE = "9340"
CODE_ANDERE_EENHEID = "9341"
CODE_TOEWIJZING_VERWIJDERD = "9384"
CODE_TEWIJZIGEN_ONBEKEND = "9351"
CODE_ONGEWIJZIGD_ONBEKEND = "9350"

_REASON = re.compile(r"^(?P<key>[^:\s]+): .*\(retourcode (?P<code>\d{4})\)$")


# --- schemas ---------------------------------------------------------------------------------


def schemas() -> SchemaSet:
    """The official XSDs from ``settings.ISTANDAARDEN_XSD_DIR`` (shared with the outgoing side)."""
    return current_schemas()


# --- small helpers ---------------------------------------------------------------------------


def _today() -> date:
    return timezone.localdate()


def due_date(term_code: str, start: date) -> date:
    """The last day of a message term (working days, Atw applied)."""
    return compute_deadline(term_code, start, current_calendar()).due


def product_reason(key: str, text: str, code: str) -> str:
    """A readable product-level rejection that still carries its key and retour code."""
    return f"{key}: {text} (retourcode {code})"


def codes_from_reasons(reasons: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Key → retour codes, from reasons written by ``product_reason`` (others are ignored)."""
    codes: dict[str, tuple[str, ...]] = {}
    for reason in reasons:
        match = _REASON.match(reason)
        if match:
            codes[match["key"]] = (*codes.get(match["key"], ()), match["code"])
    return codes


def gemeente_codes() -> dict[str, Gemeente]:
    """Gemeentecode as used in messages ("0363") → Gemeente; there may be more than one."""
    return {gemeente.cbs_code[2:]: gemeente for gemeente in Gemeente.objects.all()}


def _kind_or_blank(content: bytes) -> str:
    try:
        return identify(content).name
    except MessageError:
        return ""


def _money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    return f"{sign}€ {euros:,}".replace(",", ".") + f",{rest:02d}"


class Rejected(Exception):
    """The message as a whole is not acceptable; nothing of it is processed."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@dataclass
class Received:
    """A message that passed every check, with what the checks looked up."""

    message: Message
    bericht: Bericht
    gemeente: Gemeente
    aanbieder: Aanbieder
    law: str
    inwoners: dict[str, Inwoner]
    actor: User | None
    received_on: date
    original: Bericht | None = None  # for a retour: our message it answers
    reasons: list[str] = field(default_factory=list)
    summary: str = ""


# --- receive ---------------------------------------------------------------------------------


def receive(file_name: str, content: bytes, *, actor: User | None = None) -> Bericht:
    """Store and process one received message file; returns the stored ``Bericht``.

    One transaction: either the message and everything it changes are stored, or (for a
    refused file) only the rejected ``Bericht`` with its reasons.
    """
    file_name = file_name[:255]
    with transaction.atomic():
        if len(content) > MAX_FILE_SIZE:
            size = len(content) / (1024 * 1024)
            reason = f"Het bestand is {size:.1f} MB; een bericht mag ten hoogste 25 MB zijn. De inhoud is niet bewaard."
            return _store_rejected(file_name, b"", [reason], actor=actor)
        try:
            message = read(content, schemas())
        except MessageError as exc:
            return _store_rejected(file_name, content, exc.reasons, actor=actor, kind=_kind_or_blank(content))
        try:
            received = _check(message, file_name, content, actor)
        except Rejected as exc:
            return _store_rejected(file_name, content, exc.reasons, actor=actor, message=message)
        _PROCESSORS[message.kind.code](received)
        bericht = received.bericht
        bericht.reasons = received.reasons
        bericht.summary = received.summary[:300]
        bericht.save(update_fields=["reasons", "summary", "in_reply_to"])
        return bericht


def _sender_and_receiver(message: Message) -> tuple[str, str]:
    """(aanbieder AGB, gemeentecode): a retour repeats our header, so there the roles swap."""
    header = message.header
    if message.kind.code in RETOUR_CODES:
        return header.ontvanger, header.afzender
    return header.afzender, header.ontvanger


def _own_identification(message: Message) -> tuple[str, date]:
    if message.retour is not None:
        return message.retour.identificatie, message.retour.dagtekening
    return message.header.identificatie, message.header.dagtekening


def _store_rejected(
    file_name: str,
    content: bytes,
    reasons: list[str],
    *,
    actor: User | None,
    kind: str = "",
    message: Message | None = None,
) -> Bericht:
    bericht = Bericht(
        direction=Direction.IN,
        kind=kind,
        file_name=file_name,
        content=content,
        status=BerichtStatus.AFGEWEZEN,
        reasons=reasons,
        created_by=actor,
        summary="Bericht afgewezen; er is niets verwerkt.",
    )
    if message is not None:
        afzender, ontvanger = _sender_and_receiver(message)
        identificatie, dagtekening = _own_identification(message)
        bericht.kind = message.kind.name
        bericht.afzender = afzender[:8]
        bericht.ontvanger = ontvanger[:8]
        bericht.identificatie = identificatie[:20]
        bericht.dagtekening = dagtekening
        bericht.aanbieder = Aanbieder.objects.filter(agb_code=afzender).first()
    bericht.save()
    return bericht


def _check(message: Message, file_name: str, content: bytes, actor: User | None) -> Received:
    """The business checks after schema validation; raises ``Rejected`` with every reason found."""
    kind = message.kind
    if kind.code not in RECEIVED_CODES:
        raise Rejected([f"Een {kind} stuurt de gemeente zelf; zo'n bericht wordt niet ontvangen."])
    afzender, ontvanger = _sender_and_receiver(message)
    identificatie, dagtekening = _own_identification(message)
    reasons: list[str] = []
    gemeente = gemeente_codes().get(ontvanger)
    if gemeente is None:
        reasons.append(f"Het bericht is niet voor deze gemeente bedoeld (gemeentecode {ontvanger} is onbekend).")
    aanbieder = Aanbieder.objects.filter(agb_code=afzender).first()
    if aanbieder is None:
        reasons.append(f"De afzender (AGB-code {afzender}) is geen bekende aanbieder.")
    elif not aanbieder.active:
        reasons.append(f"De afzender {aanbieder} is niet meer actief als aanbieder.")
    duplicate = Bericht.objects.filter(
        direction=Direction.IN,
        status=BerichtStatus.GEACCEPTEERD,
        kind=kind.name,
        afzender=afzender,
        identificatie=identificatie,
    )
    if duplicate.exists():
        reasons.append(f"Dit bericht is al eerder ontvangen (identificatie {identificatie}, retourcode 9056).")
    inwoners = _known_clients(message, reasons)
    original = _original_of(message, aanbieder, reasons) if kind.code in RETOUR_CODES else None
    if reasons:
        raise Rejected(reasons)
    assert gemeente is not None and aanbieder is not None  # a missing one added a reason above
    single = next(iter(inwoners.values())) if len(inwoners) == 1 else None
    bericht = Bericht.objects.create(
        direction=Direction.IN,
        kind=kind.name,
        file_name=file_name,
        content=content,
        status=BerichtStatus.GEACCEPTEERD,
        identificatie=identificatie[:20],
        dagtekening=dagtekening,
        afzender=afzender,
        ontvanger=ontvanger,
        aanbieder=aanbieder,
        inwoner=single if original is None else original.inwoner,
        in_reply_to=original,
        created_by=actor,
    )
    return Received(
        message=message,
        bericht=bericht,
        gemeente=gemeente,
        aanbieder=aanbieder,
        law=STANDARD_LAW[kind.standard],
        inwoners=inwoners,
        actor=actor,
        received_on=_today(),
        original=original,
    )


def _known_clients(message: Message, reasons: list[str]) -> dict[str, Inwoner]:
    """BSN → Inwoner for the clients of the message; unknown clients reject all but a 323 (OP079)."""
    bsns = [client.bsn for client in message.clients]
    found = {inwoner.bsn: inwoner for inwoner in Inwoner.objects.filter(bsn__in=bsns) if inwoner.bsn}
    if message.kind.code in RETOUR_CODES or message.kind.code == "323":
        return found
    for position, bsn in enumerate(bsns, start=1):
        label = f"cliënt {position}" if len(bsns) > 1 else "de cliënt"
        if not is_valid_bsn(bsn):
            reasons.append(f"Het BSN van {label} voldoet niet aan de elfproef (OP079).")
        elif bsn not in found:
            reasons.append("Cliënt onbekend bij de gemeente." if len(bsns) == 1 else f"Cliënt {position} onbekend.")
    return found


def _original_of(message: Message, aanbieder: Aanbieder | None, reasons: list[str]) -> Bericht | None:
    """Our message a 302/320 answers: same type as the original, its identificatie, to this aanbieder."""
    original_code = {"302": "301", "320": "319"}[message.kind.code]
    original_kind = MessageKind(message.kind.standard, original_code)
    original = (
        Bericht.objects.filter(
            direction=Direction.OUT,
            kind=original_kind.name,
            identificatie=message.header.identificatie,
            aanbieder=aanbieder,
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    if original is None and aanbieder is not None:
        reasons.append(
            f"Er is geen {original_kind} met identificatie {message.header.identificatie} "
            f"aan deze aanbieder verstuurd; de retour hoort nergens bij."
        )
    return original


# --- 305 / 307: start and stop of delivery ---------------------------------------------------


def _find_toewijzing(received: Received, nummer: str | None, inwoner: Inwoner) -> tuple[Toewijzing | None, str, str]:
    """The allocation a start/stop/prestatie is about, or (None, reason, code)."""
    if not nummer:
        return None, "het product noemt geen toewijzingnummer", CODE_GEEN_TOEWIJZING
    toewijzing = (
        Toewijzing.objects.select_related("voorziening", "inwoner")
        .filter(gemeente=received.gemeente, law=received.law, nummer=nummer)
        .first()
    )
    if toewijzing is None or toewijzing.aanbieder_id != received.aanbieder.pk:
        return None, "toewijzing onbekend bij de gemeente voor deze aanbieder", CODE_GEEN_TOEWIJZING
    if toewijzing.inwoner_id != inwoner.pk:
        return None, "de toewijzing hoort bij een andere cliënt", CODE_NIET_BIJ_CLIENT
    return toewijzing, "", ""


def _timeline(received: Received, inwoner: Inwoner, summary: str, **data: object) -> None:
    dossiers = Dossier.objects.filter(huishouden__leden__inwoner=inwoner, status__in=OPEN_STATUSES).distinct()
    for dossier in dossiers:
        add_timeline_event(
            dossier, received.actor, TimelineEvent.Kind.TOEWIJZING, summary, "", bericht=received.bericht.pk, **data
        )


def _process_start(received: Received) -> None:
    done = 0
    total = 0
    for client in received.message.clients:
        inwoner = received.inwoners[client.bsn]
        for position, start in enumerate(client.starts, start=1):
            total += 1
            key = start.toewijzingnummer or position_key("StartProduct", position)
            toewijzing, why, code = _find_toewijzing(received, start.toewijzingnummer, inwoner)
            if toewijzing is not None and start.status_aanlevering == "3":
                # StatusAanlevering 3: the provider withdraws an earlier start message.
                if toewijzing.status == DeliveryStatus.GESTART:
                    toewijzing.status = DeliveryStatus.TOEGEWEZEN
                    toewijzing.started_on = None
                    toewijzing.save(update_fields=["status", "started_on"])
                    _timeline(
                        received,
                        inwoner,
                        f"{received.aanbieder.name} trekt de start van de levering in ({toewijzing}).",
                        toewijzing=toewijzing.nummer,
                    )
                    done += 1
                    continue
                toewijzing, why, code = None, "er is geen startbericht om in te trekken", CODE_GEEN_START
            elif toewijzing is not None and toewijzing.status == DeliveryStatus.INGETROKKEN:
                toewijzing, why, code = None, "de toewijzing is ingetrokken", CODE_TOEWIJZING_VERWIJDERD
            elif toewijzing is not None and toewijzing.status == DeliveryStatus.GESTOPT:
                toewijzing, why, code = None, "de levering is al gestopt", CODE_AL_ONTVANGEN
            if toewijzing is None:
                received.reasons.append(product_reason(key, why, code))
                continue
            toewijzing.status = DeliveryStatus.GESTART
            toewijzing.started_on = start.begindatum
            toewijzing.save(update_fields=["status", "started_on"])
            _timeline(
                received,
                inwoner,
                f"{received.aanbieder.name} is gestart met {toewijzing.voorziening.name} "
                f"(toewijzing {toewijzing.nummer}) op {start.begindatum:%d-%m-%Y}.",
                toewijzing=toewijzing.nummer,
            )
            done += 1
    received.summary = f"Start zorg: {done} van {total} producten verwerkt."
    _retour_task(received)


def _process_stop(received: Received) -> None:
    done = 0
    total = 0
    for client in received.message.clients:
        inwoner = received.inwoners[client.bsn]
        for position, stop in enumerate(client.stops, start=1):
            total += 1
            key = stop.toewijzingnummer or position_key("StopProduct", position)
            toewijzing, why, code = _find_toewijzing(received, stop.toewijzingnummer, inwoner)
            if toewijzing is not None and stop.status_aanlevering == "3":
                if toewijzing.status == DeliveryStatus.GESTOPT:
                    toewijzing.status = DeliveryStatus.GESTART
                    toewijzing.stopped_on = None
                    toewijzing.reden_beeindiging = ""
                    toewijzing.save(update_fields=["status", "stopped_on", "reden_beeindiging"])
                    _timeline(
                        received,
                        inwoner,
                        f"{received.aanbieder.name} trekt de stop van de levering in ({toewijzing}).",
                        toewijzing=toewijzing.nummer,
                    )
                    done += 1
                    continue
                toewijzing, why, code = None, "er is geen stopbericht om in te trekken", CODE_GEEN_TOEWIJZING
            elif toewijzing is not None and toewijzing.status not in (DeliveryStatus.GESTART, DeliveryStatus.GESTOPT):
                toewijzing, why, code = None, "er is geen startbericht voor deze toewijzing ontvangen", CODE_GEEN_START
            if toewijzing is None:
                received.reasons.append(product_reason(key, why, code))
                continue
            toewijzing.status = DeliveryStatus.GESTOPT
            toewijzing.stopped_on = stop.einddatum
            toewijzing.reden_beeindiging = stop.reden_beeindiging
            toewijzing.save(update_fields=["status", "stopped_on", "reden_beeindiging"])
            reden = REDEN_BEEINDIGING.get(stop.reden_beeindiging, stop.reden_beeindiging)
            _timeline(
                received,
                inwoner,
                f"{received.aanbieder.name} is gestopt met {toewijzing.voorziening.name} "
                f"(toewijzing {toewijzing.nummer}) op {stop.einddatum:%d-%m-%Y}: {reden}.",
                toewijzing=toewijzing.nummer,
                reden_beeindiging=stop.reden_beeindiging,
            )
            done += 1
    received.summary = f"Stop zorg: {done} van {total} producten verwerkt."
    _retour_task(received)


# --- 315 / 317: requests ---------------------------------------------------------------------


def _process_request(received: Received) -> None:
    client = received.message.clients[0]
    if received.message.kind.code == "315":
        products = [p.product.code or p.product.categorie for p in client.aangevraagd if p.product]
        count = len(client.aangevraagd)
        received.summary = f"Verzoek om toewijzing: {count} product(en) gevraagd ({', '.join(products) or '–'})."
    else:
        verzoek = client.verzoek
        assert verzoek is not None  # the 317 XSD requires it
        _check_change_request(received, client)
        received.summary = (
            f"Verzoek om wijziging: {len(verzoek.te_wijzigen)} te wijzigen, {len(verzoek.nieuw)} nieuw, "
            f"{len(verzoek.ongewijzigd)} ongewijzigd."
        )
    BerichtTaak.objects.create(
        bericht=received.bericht,
        soort=TaakSoort.ANTWOORD_VERZOEK,
        term_code="ISTD_ANTWOORD_VERZOEK",
        due=due_date("ISTD_ANTWOORD_VERZOEK", received.received_on),
        inwoner=received.inwoners[client.bsn],
    )
    _retour_task(received)


def _check_change_request(received: Received, client: Client) -> None:
    """A 317 must name current allocations of this client with this aanbieder (codes 9350/9351)."""
    verzoek = client.verzoek
    assert verzoek is not None
    current = set(
        Toewijzing.objects.filter(
            gemeente=received.gemeente,
            law=received.law,
            aanbieder=received.aanbieder,
            inwoner=received.inwoners[client.bsn],
        )
        .exclude(status__in=[DeliveryStatus.INGETROKKEN, DeliveryStatus.GESTOPT])
        .values_list("nummer", flat=True)
    )
    for product in verzoek.te_wijzigen:
        if product.toewijzingnummer not in current:
            received.reasons.append(
                product_reason(
                    product.toewijzingnummer, "te wijzigen toewijzing is niet actueel bekend", CODE_TEWIJZIGEN_ONBEKEND
                )
            )
    for nummer in verzoek.ongewijzigd:
        if nummer not in current:
            received.reasons.append(
                product_reason(nummer, "ongewijzigde toewijzing is niet actueel bekend", CODE_ONGEWIJZIGD_ONBEKEND)
            )


# --- 323: declaratie -------------------------------------------------------------------------


def months_touched(begin: date, end: date) -> int:
    return (end.year - begin.year) * 12 + end.month - begin.month + 1


def allowed_volume(volume: int, frequency: str, begin: date, end: date) -> int | None:
    """The most that may be declared for ``begin``–``end`` under an Omvang of ``volume`` per ``frequency``.

    Kept simple on purpose, and generous where the period is not whole units:
    per dag: volume × the number of days (both ends included);
    per week: volume × the number of started weeks (days / 7, rounded up);
    per maand: volume × the number of calendar months the period touches;
    totaal (within the allocation's validity): the volume itself; the caller adds up the
    prestaties of one declaratie against it (earlier declaraties are not kept per prestatie).
    None: an unknown frequency, so no volume check.
    """
    days = (end - begin).days + 1
    if frequency == Frequency.PER_DAG:
        return volume * days
    if frequency == Frequency.PER_WEEK:
        return volume * math.ceil(days / 7)
    if frequency == Frequency.PER_MAAND:
        return volume * months_touched(begin, end)
    if frequency == Frequency.TOTAAL:
        return volume
    return None


def _prestatie_problem(
    received: Received, prestatie: Prestatie, inwoner: Inwoner | None, declared_total: dict[str, int]
) -> tuple[str, str] | None:
    """Why a prestatie cannot be paid, as (text, retour code), or None when it is accepted."""
    if inwoner is None:
        return "cliënt onbekend bij de gemeente", CODE_NIET_BIJ_CLIENT
    toewijzing, why, code = _find_toewijzing(received, prestatie.toewijzingnummer, inwoner)
    if toewijzing is None:
        return why, CODE_GEEN_TOEGEWEZEN_PRODUCT if code == CODE_GEEN_TOEWIJZING else code
    if toewijzing.status == DeliveryStatus.INGETROKKEN or toewijzing.reden_wijziging == "13":
        return "de toewijzing is ingetrokken", CODE_TOEWIJZING_VERWIJDERD
    voorziening = toewijzing.voorziening
    if prestatie.product.categorie != voorziening.product_category:
        return (
            f"productcategorie {prestatie.product.categorie} wijkt af van de toewijzing "
            f"({voorziening.product_category})",
            CODE_ANDERE_CATEGORIE,
        )
    if (prestatie.product.code or "") != voorziening.product_code:
        return (
            f"productcode {prestatie.product.code} wijkt af van de toewijzing ({voorziening.product_code})",
            CODE_ANDERE_PRODUCTCODE,
        )
    if prestatie.begindatum < toewijzing.ingangsdatum:
        return (
            f"de periode begint vóór de ingangsdatum {toewijzing.ingangsdatum:%d-%m-%Y}",
            CODE_BEGIN_BUITEN_TOEWIJZING,
        )
    if toewijzing.einddatum is not None and prestatie.einddatum > toewijzing.einddatum:
        return f"de periode eindigt na de einddatum {toewijzing.einddatum:%d-%m-%Y}", CODE_EIND_BUITEN_TOEWIJZING
    if toewijzing.volume is None:
        return None
    if toewijzing.unit and prestatie.eenheid != toewijzing.unit:
        return f"eenheid {prestatie.eenheid} past niet bij de toewijzing ({toewijzing.unit})", CODE_ANDERE_EENHEID
    allowed = allowed_volume(toewijzing.volume, toewijzing.frequency, prestatie.begindatum, prestatie.einddatum)
    declared = prestatie.geleverd_volume
    if toewijzing.frequency == Frequency.TOTAAL:
        declared += declared_total.get(toewijzing.nummer, 0)
        declared_total[toewijzing.nummer] = declared
    if allowed is not None and declared > allowed:
        return f"geleverd volume {declared} is meer dan toegewezen ({allowed})", CODE_VOLUME_TE_HOOG
    return None


def check_declaratie(received: Received) -> tuple[list[str], int, int]:
    """Per prestatie accepted or rejected: (rejection reasons, accepted count, accepted amount in cents)."""
    reasons: list[str] = []
    accepted = 0
    amount = 0
    declared_total: dict[str, int] = {}
    for client in received.message.clients:
        inwoner = received.inwoners.get(client.bsn)
        for prestatie in client.prestaties:
            problem = _prestatie_problem(received, prestatie, inwoner, declared_total)
            if problem is None:
                accepted += 1
                amount += prestatie.bedrag
            else:
                text, code = problem
                reasons.append(
                    product_reason(prestatie.referentienummer, f"toewijzing {prestatie.toewijzingnummer}: {text}", code)
                )
    return reasons, accepted, amount


def _process_declaratie(received: Received) -> None:
    declaratie = received.message.declaratie
    assert declaratie is not None  # the 323 XSD requires it
    reasons, accepted, amount = check_declaratie(received)
    total = sum(len(client.prestaties) for client in received.message.clients)
    received.reasons = reasons
    received.summary = (
        f"Declaratie {declaratie.nummer}: {accepted} van {total} prestaties goedgekeurd, "
        f"{_money(amount)} van {_money(declaratie.totaal_bedrag)}."
    )
    task = BerichtTaak.objects.create(
        bericht=received.bericht,
        soort=TaakSoort.DECLARATIE,
        term_code="ISTD_ANTWOORD_DECLARATIE",
        due=due_date("ISTD_ANTWOORD_DECLARATIE", received.received_on),
        inwoner=received.bericht.inwoner,
    )
    try_answer(task, received.actor, reasons=reasons)


# --- 302 / 320: retours on our messages ------------------------------------------------------


def _process_retour(received: Received) -> None:
    retour = received.message.retour
    original = received.original
    assert retour is not None and original is not None  # checked in _check
    rejected = retour.rejected
    for entry in rejected:
        where = entry.key or ("cliënt" if entry.element == "Client" else "")
        received.reasons.append(f"{entry.element} {where}: afgekeurd met retourcode {', '.join(entry.codes)}".strip())
    if rejected:
        received.summary = (
            f"Retour op {original.kind} {original.identificatie}: {len(rejected)} onderdeel/onderdelen afgekeurd."
        )
        note = "De aanbieder keurde onderdelen af; bekijk de redenen bij het retourbericht."
    else:
        received.summary = f"Retour op {original.kind} {original.identificatie}: alles goedgekeurd."
        note = "Retourbericht ontvangen, alles goedgekeurd."
    BerichtTaak.objects.filter(bericht=original, soort=TaakSoort.RETOUR_VERWACHT, done_at__isnull=True).update(
        done_at=timezone.now(), done_by=received.actor, answer=received.bericht, note=note
    )


_PROCESSORS: dict[str, Callable[[Received], None]] = {
    "305": _process_start,
    "307": _process_stop,
    "315": _process_request,
    "317": _process_request,
    "323": _process_declaratie,
    "302": _process_retour,
    "320": _process_retour,
}


# --- answers we write: retours, 325, 319 ------------------------------------------------------


def _retour_task(received: Received) -> None:
    client = received.message.clients[0] if received.message.clients else None
    task = BerichtTaak.objects.create(
        bericht=received.bericht,
        soort=TaakSoort.RETOUR_STUREN,
        term_code="ISTD_RETOUR",
        due=due_date("ISTD_RETOUR", received.received_on),
        inwoner=received.inwoners.get(client.bsn) if client else None,
    )
    try_answer(task, received.actor, reasons=received.reasons)


def store_outgoing(
    kind: MessageKind,
    *,
    gemeentecode: str,
    aanbieder: Aanbieder | None,
    inwoner: Inwoner | None,
    in_reply_to: Bericht | None,
    actor: User | None,
    summary: str,
    write: Callable[[str, date], bytes],
) -> Bericht:
    """Write a message we send and store it ready for sending ("klaar").

    ``write(identificatie, dagtekening)`` makes the XML (validated by the writer). The
    identificatie is derived from the stored row's id, so it is unique for our side; a writer
    that refuses leaves nothing behind (savepoint) and its error propagates.
    """
    today = _today()
    with transaction.atomic():
        bericht = Bericht.objects.create(
            direction=Direction.OUT,
            kind=kind.name,
            file_name="",
            content=b"",
            status=BerichtStatus.KLAAR,
            dagtekening=today,
            afzender=gemeentecode,
            ontvanger=aanbieder.agb_code if aanbieder else "",
            aanbieder=aanbieder,
            inwoner=inwoner,
            in_reply_to=in_reply_to,
            summary=summary[:300],
            created_by=actor,
        )
        identificatie = f"{kind.code}{bericht.pk:09d}"
        bericht.content = write(identificatie, today)
        bericht.identificatie = identificatie
        bericht.file_name = f"{kind.name}_{gemeentecode}_{identificatie}.xml"
        bericht.save(update_fields=["content", "identificatie", "file_name"])
    return bericht


def _write_answer(task: BerichtTaak, actor: User | None, reasons: list[str]) -> Bericht:
    """The retour (306/308/316/318) or the 325 on the task's received message."""
    received = task.bericht
    original = bytes(received.content)
    kind = MessageKind.from_name(received.kind)
    codes = codes_from_reasons(reasons)
    if task.soort == TaakSoort.DECLARATIE:
        answer_kind = MessageKind(kind.standard, "325")
        rejected = len(codes)

        def write(identificatie: str, dagtekening: date) -> bytes:
            return write_declaratie_antwoord(
                original, schemas=schemas(), identificatie=identificatie, dagtekening=dagtekening, afgewezen=codes
            )

        summary = f"Declaratie-antwoord: {rejected} prestatie(s) afgewezen." if rejected else "Declaratie goedgekeurd."
    else:
        retour_kind = kind.retour
        if retour_kind is None:
            raise MessageError([f"Op een {kind} hoort geen retourbericht."])
        answer_kind = retour_kind
        beoordeling = Beoordeling(items=codes)

        def write(identificatie: str, dagtekening: date) -> bytes:
            return write_retour(
                original, beoordeling, schemas=schemas(), identificatie=identificatie, dagtekening=dagtekening
            )

        summary = f"Retour op {kind}: {len(codes)} onderdeel/onderdelen afgekeurd." if codes else f"Retour op {kind}."
    return store_outgoing(
        answer_kind,
        gemeentecode=received.ontvanger,
        aanbieder=received.aanbieder,
        inwoner=received.inwoner,
        in_reply_to=received,
        actor=actor,
        summary=summary,
        write=write,
    )


def try_answer(task: BerichtTaak, actor: User | None, *, reasons: list[str] | None = None) -> Bericht | None:
    """Write the retour or 325 of ``task`` and close it; when that is impossible the task stays open with why."""
    try:
        answer = _write_answer(task, actor, task.bericht.reasons if reasons is None else reasons)
    except (MessageError, ValueError) as exc:
        task.note = f"Retourbericht kan niet worden gemaakt: {exc}"[:300]
        task.save(update_fields=["note"])
        return None
    _close(task, actor, answer=answer, note=f"{answer.kind} gemaakt en klaar voor verzending.")
    return answer


def _close(task: BerichtTaak, actor: User | None, *, answer: Bericht | None, note: str) -> None:
    task.done_at = timezone.now()
    task.done_by = actor
    task.answer = answer
    task.note = note[:300]
    task.save(update_fields=["done_at", "done_by", "answer", "note"])


class TaskError(ValueError):
    """A task action the rules do not allow; the message is shown to the user."""


def _require_open(task: BerichtTaak, *soorten: str) -> None:
    if not task.is_open:
        raise TaskError("Deze taak is al afgehandeld.")
    if soorten and task.soort not in soorten:
        raise TaskError("Deze handeling past niet bij deze taak.")


def retry_answer(task: BerichtTaak, actor: User) -> Bericht:
    """Try again to write the retour or 325 (e.g. after the missing XSD was added)."""
    with transaction.atomic():
        task = BerichtTaak.objects.select_for_update(of=("self",)).select_related("bericht__aanbieder").get(pk=task.pk)
        _require_open(task, TaakSoort.RETOUR_STUREN, TaakSoort.DECLARATIE)
        answer = try_answer(task, actor)
        if answer is None:
            raise TaskError(task.note)
        return answer


def close_without_message(task: BerichtTaak, actor: User, *, note: str) -> None:
    """Close a task by hand, e.g. when the answer went through another channel; the note says how."""
    if not note.strip():
        raise TaskError("Geef een toelichting: hoe is deze taak afgehandeld?")
    with transaction.atomic():
        task = BerichtTaak.objects.select_for_update().get(pk=task.pk)
        _require_open(task)
        _close(task, actor, answer=None, note=f"Afgehandeld zonder bericht: {note.strip()}")


def followup_term(law: str) -> str:
    """The term for the final answer after a 319 "in onderzoek": the decision term of the law.

    A 315/317 asks for a provision, so the gemeente decides on it as on an aanvraag (Wmo 2 weeks,
    Jeugdwet Awb 8 weeks, counted from receipt of the request).
    """
    return "WMO_BESCHIKKING" if law == Law.WMO else "AWB_BESCHIKKING"


def answer_with_319(
    task: BerichtTaak, actor: User, *, verzoek_antwoord: str, reden_afwijzing: str | None = None
) -> list[Bericht]:
    """Answer a 315/317 with a 319: afgewezen (1, with a WJ759 reason) or in onderzoek (2).

    One 319 per ReferentieAanbieder the request names. "In onderzoek" meets the 5-day term but
    the request still needs a final answer, so a follow-up task is opened for it.
    """
    if verzoek_antwoord not in (VERZOEK_AFGEWEZEN, VERZOEK_IN_ONDERZOEK):
        raise TaskError("Kies 'afgewezen' of 'in onderzoek'.")
    if verzoek_antwoord == VERZOEK_AFGEWEZEN and reden_afwijzing not in REDEN_AFWIJZING:
        raise TaskError("Kies de reden van afwijzing.")
    if verzoek_antwoord == VERZOEK_IN_ONDERZOEK:
        reden_afwijzing = None
    with transaction.atomic():
        task = BerichtTaak.objects.select_for_update(of=("self",)).select_related("bericht__aanbieder").get(pk=task.pk)
        _require_open(task, TaakSoort.ANTWOORD_VERZOEK)
        request = task.bericht
        message = read_request(request)
        kind = MessageKind(message.kind.standard, "319")
        answers = []
        for referentie in request_references(message):
            antwoord = Antwoord(
                referentie_aanbieder=referentie, verzoek_antwoord=verzoek_antwoord, reden_afwijzing=reden_afwijzing
            )

            def write(identificatie: str, dagtekening: date, antwoord: Antwoord = antwoord) -> bytes:
                header = OutgoingHeader(
                    afzender=request.ontvanger,
                    ontvanger=request.afzender,
                    identificatie=identificatie,
                    dagtekening=dagtekening,
                )
                return write_antwoord(kind.standard, header, antwoord, schemas=schemas())

            if reden_afwijzing:
                summary = f"Verzoek {referentie} afgewezen: {REDEN_AFWIJZING[reden_afwijzing]}."
            else:
                summary = f"Verzoek {referentie} in onderzoek."
            try:
                answer = store_outgoing(
                    kind,
                    gemeentecode=request.ontvanger,
                    aanbieder=request.aanbieder,
                    inwoner=task.inwoner,
                    in_reply_to=request,
                    actor=actor,
                    summary=summary,
                    write=write,
                )
            except MessageError as exc:
                raise TaskError(f"Het antwoordbericht kan niet worden gemaakt: {exc}") from exc
            expect_retour(answer, actor)
            answers.append(answer)
        note = answers[-1].summary if len(answers) == 1 else f"{len(answers)} antwoordberichten (319) gemaakt."
        _close(task, actor, answer=answers[-1], note=note)
        if verzoek_antwoord == VERZOEK_IN_ONDERZOEK:
            term = followup_term(STANDARD_LAW[message.kind.standard])
            received_on = timezone.localdate(request.created_at)
            BerichtTaak.objects.create(
                bericht=request,
                soort=TaakSoort.ANTWOORD_VERZOEK,
                term_code=term,
                due=due_date(term, received_on),
                inwoner=task.inwoner,
                note="Verzoek in onderzoek: stuur nog een toewijzing (301) of een afwijzing (319).",
            )
        return answers


def expect_retour(sent: Bericht, actor: User | None) -> BerichtTaak:
    """The aanbieder answers our 319 with a retour (320) within 3 working days."""
    return BerichtTaak.objects.create(
        bericht=sent,
        soort=TaakSoort.RETOUR_VERWACHT,
        term_code="ISTD_RETOUR",
        due=due_date("ISTD_RETOUR", _today()),
        inwoner=sent.inwoner,
        note=f"De aanbieder stuurt binnen 3 werkdagen een retourbericht op de {sent.kind}.",
    )


#: RedenWijziging for a change the aanbieder asked for in a 317 (WMO002/JZ002 "geïnitieerd door aanbieder").
REDEN_OP_VERZOEK = "12"


def _requested_voorziening(product: Product | None, law: str) -> Voorziening:
    if product is None or not product.code:
        raise TaskError(
            "Het verzoek noemt geen productcode; wijs dit toe vanuit een beschikking of wijs het verzoek af."
        )
    voorziening = Voorziening.objects.filter(
        law=law, product_category=product.categorie, product_code=product.code, kind=Kind.MAATWERK
    ).first()
    if voorziening is None:
        raise TaskError(
            f"Product {product.categorie} {product.code} staat niet in de catalogus van de gemeente; "
            f"wijs het verzoek af (bijvoorbeeld reden 3: geen contract)."
        )
    return voorziening


def _requested_omvang(omvang: Omvang | None, product: Voorziening) -> Omvang:
    if omvang is None:
        raise TaskError(f"Het verzoek noemt geen omvang voor {product.name}; die is nodig voor een toewijzing.")
    return omvang


@dataclass(frozen=True)
class _Asker:
    """Who and what a request is about: the client, the aanbieder, the gemeente and law."""

    inwoner: Inwoner
    aanbieder: Aanbieder
    gemeente: Gemeente
    law: str
    actor: User

    def allocate(
        self, product: Product | None, omvang: Omvang | None, start: date, end: date | None, referentie: str
    ) -> Toewijzing:
        voorziening = _requested_voorziening(product, self.law)
        wanted = _requested_omvang(omvang, voorziening)
        return outgoing.allocate(
            inwoner=self.inwoner,
            aanbieder=self.aanbieder,
            voorziening=voorziening,
            law=self.law,
            ingangsdatum=start,
            einddatum=end,
            volume=wanted.volume,
            unit=wanted.eenheid,
            frequency=wanted.frequentie,
            actor=self.actor,
            referentie_aanbieder=referentie,
            gemeente=self.gemeente,
        )


def allocate_request(task: BerichtTaak, actor: User) -> list[Bericht]:
    """Answer a 315 or 317 with a toewijzing (301) as asked: product, aanbieder, period and omvang.

    A 315 allocates every requested product; a 317 changes the named allocations (einddatum and,
    before delivery started, the volume; RedenWijziging 12 "geïnitieerd door aanbieder") and
    allocates its new products. The allocation rules (contract, no stacking, no pgb) are those of
    ``allocations.outgoing``; when one refuses, nothing is changed and its message is shown.
    """
    try:
        with transaction.atomic():
            task = (
                BerichtTaak.objects.select_for_update(of=("self",))
                .select_related("bericht__aanbieder", "inwoner")
                .get(pk=task.pk)
            )
            _require_open(task, TaakSoort.ANTWOORD_VERZOEK)
            request = task.bericht
            gemeente = gemeente_codes().get(request.ontvanger)
            if task.inwoner is None or request.aanbieder is None or gemeente is None:
                raise TaskError("Bij dit verzoek ontbreekt de cliënt, de aanbieder of de gemeente.")
            message = read_request(request)
            law = STANDARD_LAW[message.kind.standard]
            asker = _Asker(task.inwoner, request.aanbieder, gemeente, law, actor)
            client = message.clients[0]
            for asked in client.aangevraagd:
                asker.allocate(
                    asked.product,
                    asked.omvang,
                    asked.toewijzing_ingangsdatum,
                    asked.toewijzing_einddatum,
                    asked.referentie_aanbieder,
                )
            if client.verzoek is not None:
                _apply_change_request(client.verzoek, asker)
            berichten = outgoing.build_301s(asker.inwoner, actor, aanbieder=asker.aanbieder, in_reply_to=request)
            if not berichten:
                raise TaskError("Er is niets toe te wijzen: het verzoek leidt niet tot een wijziging.")
            _close(task, actor, answer=berichten[0], note=f"Toegewezen: {berichten[0].summary}")
            return berichten
    except ValidationError as exc:
        raise TaskError(" ".join(exc.messages)) from exc


def _apply_change_request(verzoek: Wijzigingsverzoek, asker: _Asker) -> None:
    for change in verzoek.te_wijzigen:
        toewijzing = Toewijzing.objects.filter(
            gemeente=asker.gemeente,
            law=asker.law,
            nummer=change.toewijzingnummer,
            aanbieder=asker.aanbieder,
            inwoner=asker.inwoner,
        ).first()
        if toewijzing is None:
            raise TaskError(f"Toewijzing {change.toewijzingnummer} is niet bekend bij deze cliënt en aanbieder.")
        volume = None
        if change.omvang is not None:
            if (change.omvang.eenheid, change.omvang.frequentie) != (toewijzing.unit, toewijzing.frequency):
                raise TaskError(
                    f"Toewijzing {toewijzing.nummer}: een andere eenheid of frequentie is een nieuwe toewijzing; "
                    f"wijs dat toe vanuit een beschikking."
                )
            volume = change.omvang.volume
        changed = outgoing.change_toewijzing(
            toewijzing,
            asker.actor,
            einddatum=change.einddatum,
            reden_wijziging=REDEN_OP_VERZOEK,
            version=toewijzing.version,
            volume=volume,
        )
        # The 301 echoes the request's reference on what it changed, so the aanbieder can match it.
        Toewijzing.objects.filter(pk=changed.pk).update(referentie_aanbieder=verzoek.referentie_aanbieder[:20])
    for new in verzoek.nieuw:
        asker.allocate(new.product, new.omvang, new.gewenste_ingangsdatum, new.einddatum, verzoek.referentie_aanbieder)


# --- reading a stored request back ------------------------------------------------------------


def read_request(bericht: Bericht) -> Message:
    """The decoded message of a stored, accepted Bericht (it was valid when received)."""
    return read(bytes(bericht.content), schemas())


def request_references(message: Message) -> list[str]:
    """The ReferentieAanbieder values of a 315 (per product) or 317 (one verzoek), in order."""
    references: list[str] = []
    for client in message.clients:
        references += [product.referentie_aanbieder for product in client.aangevraagd]
        if client.verzoek is not None:
            references.append(client.verzoek.referentie_aanbieder)
    return list(dict.fromkeys(references))
