"""Messages from providers: check, store, process, and answer them as the standard asks.

``receive`` is the one entry point for a received file, whatever channel brought it (upload,
command, exchange folder). Every file becomes a ``Bericht``: a file that is not a valid,
acceptable message is stored as *afgewezen* with readable reasons and changes nothing else, so
it can be inspected later. An accepted message updates the allocations it is about and creates
the tasks whose terms the standard sets (a retour within 3 working days, an answer to a 315/317
within 5, a 325 within 10).

Where the rest lives: ``received`` (the checked message and shared look-ups), ``delivery``
(305/307), ``declaraties`` (323 and its 325), ``answers`` (the retours and 325 we write) and
``tasks`` (what a consulent does with a task, such as the 319). The 315/317 requests and the
302/320 retours on our own messages are processed here.

Decisions worth knowing (see the report of issue 3):
- a 315 for a client the gemeente does not know is rejected ("Cliënt onbekend bij de gemeente"):
  a toewijzing needs a known resident with a dossier, and the aanbieder can send it again;
- in a 323 an unknown client rejects only that client's prestaties (code 8187), not the whole
  declaratie, because the 325 is the place where the standard reports such a prestatie;
- rejected messages get no retour: nothing about them is processed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import User
from allocations.answers import retour_task
from allocations.declaraties import process_declaratie
from allocations.delivery import process_start, process_stop
from allocations.models import Bericht, BerichtStatus, BerichtTaak, DeliveryStatus, Direction, TaakSoort, Toewijzing
from allocations.ownership import named_allocations, owning_dossier_id
from allocations.received import (
    CODE_ONGEWIJZIGD_ONBEKEND,
    CODE_TEWIJZIGEN_ONBEKEND,
    STANDARD_LAW,
    Received,
    due_date,
    gemeente_codes,
    product_reason,
    schemas,
)
from catalogue.models import Aanbieder
from core.translations import in_record_language
from istandaarden import limits
from istandaarden.kinds import MessageKind
from istandaarden.messages import Client, Message
from istandaarden.reading import MessageError, identify, read
from residents.bsn import is_valid_bsn
from residents.models import Inwoner

#: iStandaarden: a message file is at most 25 MB; the reader enforces the same bound.
MAX_FILE_SIZE = limits.MAX_MESSAGE_BYTES

#: Messages a provider sends to the gemeente; the others (301, 319, 306 ...) we send ourselves.
RECEIVED_CODES = frozenset({"302", "305", "307", "315", "317", "320", "323"})
#: Retours on messages we sent: their header repeats our header (Afzender is the gemeente).
RETOUR_CODES = frozenset({"302", "320"})

logger = logging.getLogger(__name__)

#: The reason stored when processing failed in a way nobody foresaw (the traceback is in the log).
UNEXPECTED_REASON = _lazy(
    "Het bericht kon door een onverwachte fout niet worden verwerkt; er is niets verwerkt. "
    "De fout is vastgelegd voor de beheerder; stuur het bericht opnieuw als de oorzaak is verholpen."
)


def _today() -> date:
    return timezone.localdate()


def _kind_or_blank(content: bytes) -> str:
    try:
        return identify(content).name
    except MessageError:
        return ""


class Rejected(Exception):
    """The message as a whole is not acceptable; nothing of it is processed."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


# --- receive ---------------------------------------------------------------------------------


def receive(file_name: str, content: bytes, *, actor: User | None = None, size: int | None = None) -> Bericht:
    """Store and process one received message file; returns the stored ``Bericht``, never raises.

    Either the message and everything it changes are stored, or only a rejected ``Bericht``
    with its reasons. A channel that read only the first ``MAX_FILE_SIZE + 1`` bytes of a larger
    file passes its real ``size``, so the reason quotes the size of the file, not of the part read.

    Whatever the file holds, it ends as accepted or rejected: one poison file must not stop a
    batch, the inbox, or the delivery of our own messages after it. Known failures become
    reasons where they happen (``MessageError``, ``Rejected``, a value the processing cannot
    hold); anything else is a bug, logged with its traceback and stored as a rejection with a
    generic reason, so the file can still be inspected and sent again.
    """
    file_name = _clean(file_name)[:255]
    # Everything written here is stored (reasons, summaries, tasks, timeline): Dutch whatever the screen shows.
    with in_record_language():
        try:
            with transaction.atomic():
                return _receive(file_name, content, actor=actor, size=size)
        except Exception:
            logger.exception("Ontvangen bestand %r kon niet worden verwerkt; opgeslagen als afgewezen.", file_name)
            with transaction.atomic():
                return _store_rejected(file_name, content[:MAX_FILE_SIZE], [str(UNEXPECTED_REASON)], actor=actor)


def _receive(file_name: str, content: bytes, *, actor: User | None, size: int | None) -> Bericht:
    size = max(size or 0, len(content))
    if size > MAX_FILE_SIZE:
        reason = _(
            "Het bestand is %(size)s MB; een bericht mag ten hoogste %(max)s MB zijn. De inhoud is niet bewaard."
        ) % {"size": limits.megabytes(size), "max": limits.megabytes(MAX_FILE_SIZE)}
        return _store_rejected(file_name, b"", [reason], actor=actor)
    try:
        message = read(content, schemas())
    except MessageError as exc:
        return _store_rejected(file_name, content, exc.reasons, actor=actor, kind=_kind_or_blank(content))
    try:
        with transaction.atomic():  # a failure halfway through processing undoes all of it
            return _accept(message, file_name, content, actor)
    except Rejected as exc:
        return _store_rejected(file_name, content, exc.reasons, actor=actor, message=message)
    except (ValueError, ArithmeticError) as exc:
        # Dates the XSD allows but the calendar cannot reach (9999-12-31 plus a term) and the like.
        logger.warning("Bericht %r afgewezen: waarde buiten het verwerkbare bereik (%s).", file_name, exc)
        reason = _("Een datum of getal in het bericht valt buiten wat verwerkt kan worden: %(error)s") % {"error": exc}
        return _store_rejected(file_name, content, [reason], actor=actor, message=message)


def _accept(message: Message, file_name: str, content: bytes, actor: User | None) -> Bericht:
    received = _check(message, file_name, content, actor)
    _PROCESSORS[message.kind.code](received)
    bericht = received.bericht
    bericht.reasons = received.reasons
    bericht.summary = received.summary[:300]
    bericht.save(update_fields=["reasons", "summary", "in_reply_to"])
    return bericht


def _clean(text: str) -> str:
    """Without NUL characters, which PostgreSQL cannot store in text or JSON."""
    return text.replace("\x00", "")


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
        reasons=[_clean(str(reason)) for reason in reasons],
        created_by=actor,
        summary=_("Bericht afgewezen; er is niets verwerkt."),
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
        raise Rejected([_("Een %(kind)s stuurt de gemeente zelf; zo'n bericht wordt niet ontvangen.") % {"kind": kind}])
    afzender, ontvanger = _sender_and_receiver(message)
    identificatie, dagtekening = _own_identification(message)
    reasons: list[str] = []
    gemeente = gemeente_codes().get(ontvanger)
    if gemeente is None:
        reasons.append(
            _("Het bericht is niet voor deze gemeente bedoeld (gemeentecode %(code)s is onbekend).")
            % {"code": ontvanger}
        )
    aanbieder = Aanbieder.objects.filter(agb_code=afzender).first()
    if aanbieder is None:
        reasons.append(_("De afzender (AGB-code %(agb)s) is geen bekende aanbieder.") % {"agb": afzender})
    elif not aanbieder.active:
        reasons.append(_("De afzender %(aanbieder)s is niet meer actief als aanbieder.") % {"aanbieder": aanbieder})
    duplicate = Bericht.objects.filter(
        direction=Direction.IN,
        status=BerichtStatus.GEACCEPTEERD,
        kind=kind.name,
        afzender=afzender,
        identificatie=identificatie,
    )
    if duplicate.exists():
        reasons.append(
            _("Dit bericht is al eerder ontvangen (identificatie %(identificatie)s, retourcode 9056).")
            % {"identificatie": identificatie}
        )
    inwoners = _known_clients(message, reasons)
    original = _original_of(message, aanbieder, reasons) if kind.code in RETOUR_CODES else None
    if reasons:
        raise Rejected(reasons)
    assert gemeente is not None and aanbieder is not None  # a missing one added a reason above
    single = next(iter(inwoners.values())) if len(inwoners) == 1 else None
    if original is not None:
        owner = original.dossier_id
    elif single is not None:
        owner = owning_dossier_id(single, aanbieder, named_allocations(message))
    else:
        owner = None
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
        dossier_id=owner,
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
        label = _("cliënt %(position)s") % {"position": position} if len(bsns) > 1 else _("de cliënt")
        if not is_valid_bsn(bsn):
            reasons.append(_("Het BSN van %(label)s voldoet niet aan de elfproef (OP079).") % {"label": label})
        elif bsn not in found:
            if len(bsns) == 1:
                reasons.append(_("Cliënt onbekend bij de gemeente."))
            else:
                reasons.append(_("Cliënt %(position)s onbekend.") % {"position": position})
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
            _(
                "Er is geen %(kind)s met identificatie %(identificatie)s aan deze aanbieder verstuurd; "
                "de retour hoort nergens bij."
            )
            % {"kind": original_kind, "identificatie": message.header.identificatie}
        )
    return original


# --- 315 / 317: requests ---------------------------------------------------------------------


def _process_request(received: Received) -> None:
    client = received.message.clients[0]
    if received.message.kind.code == "315":
        products = [p.product.code or p.product.categorie for p in client.aangevraagd if p.product]
        count = len(client.aangevraagd)
        received.summary = _("Verzoek om toewijzing: %(count)s product(en) gevraagd (%(products)s).") % {
            "count": count,
            "products": ", ".join(products) or "–",
        }
    else:
        verzoek = client.verzoek
        assert verzoek is not None  # the 317 XSD requires it
        _check_change_request(received, client)
        received.summary = _(
            "Verzoek om wijziging: %(changed)s te wijzigen, %(new)s nieuw, %(unchanged)s ongewijzigd."
        ) % {"changed": len(verzoek.te_wijzigen), "new": len(verzoek.nieuw), "unchanged": len(verzoek.ongewijzigd)}
    BerichtTaak.objects.create(
        bericht=received.bericht,
        soort=TaakSoort.ANTWOORD_VERZOEK,
        term_code="ISTD_ANTWOORD_VERZOEK",
        due=due_date("ISTD_ANTWOORD_VERZOEK", received.received_on),
        inwoner=received.inwoners[client.bsn],
    )
    retour_task(received)


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
                    product.toewijzingnummer,
                    _("te wijzigen toewijzing is niet actueel bekend"),
                    CODE_TEWIJZIGEN_ONBEKEND,
                )
            )
    for nummer in verzoek.ongewijzigd:
        if nummer not in current:
            received.reasons.append(
                product_reason(nummer, _("ongewijzigde toewijzing is niet actueel bekend"), CODE_ONGEWIJZIGD_ONBEKEND)
            )


# --- 302 / 320: retours on our messages ------------------------------------------------------


def _process_retour(received: Received) -> None:
    retour = received.message.retour
    original = received.original
    assert retour is not None and original is not None  # checked in _check
    rejected = retour.rejected
    for entry in rejected:
        where = entry.key or (_("cliënt") if entry.element == "Client" else "")
        received.reasons.append(
            (
                _("%(element)s %(where)s: afgekeurd met retourcode %(codes)s")
                % {"element": entry.element, "where": where, "codes": ", ".join(entry.codes)}
            ).strip()
        )
    if rejected:
        received.summary = _("Retour op %(kind)s %(identificatie)s: %(count)s onderdeel/onderdelen afgekeurd.") % {
            "kind": original.kind,
            "identificatie": original.identificatie,
            "count": len(rejected),
        }
        note = _("De aanbieder keurde onderdelen af; bekijk de redenen bij het retourbericht.")
    else:
        received.summary = _("Retour op %(kind)s %(identificatie)s: alles goedgekeurd.") % {
            "kind": original.kind,
            "identificatie": original.identificatie,
        }
        note = _("Retourbericht ontvangen, alles goedgekeurd.")
    BerichtTaak.objects.filter(bericht=original, soort=TaakSoort.RETOUR_VERWACHT, done_at__isnull=True).update(
        done_at=timezone.now(), done_by=received.actor, answer=received.bericht, note=note
    )


_PROCESSORS: dict[str, Callable[[Received], None]] = {
    "305": process_start,
    "307": process_stop,
    "315": _process_request,
    "317": _process_request,
    "323": process_declaratie,
    "302": _process_retour,
    "320": _process_retour,
}
