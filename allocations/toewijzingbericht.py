"""The 301 (toewijzing): the message that tells an aanbieder what it may deliver to a client (OP087).

A 301 carries all current allocations of the client at that provider plus the ones that changed
since the previous 301. ``allocations.outgoing`` only marks a Toewijzing ``pending_send``;
``build_301s`` turns what is pending into messages, so several changes on one day reach the
provider as one consistent 301, and expects its retour (302) within 3 working days.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from allocations.models import Bericht, BerichtStatus, BerichtTaak, Direction, TaakSoort, Toewijzing
from allocations.outgoing import STANDARD_OF_LAW, is_current, timeline_note
from allocations.schemas import current_schemas
from catalogue.models import Aanbieder
from core.translations import in_record_language
from deadlines.calendar_source import current_calendar
from deadlines.terms import compute_deadline
from dossiers.models import Dossier
from istandaarden.kinds import MessageKind
from istandaarden.messages import Omvang, Product
from istandaarden.outgoing import Adres, Contact, Naam, OutgoingHeader, ToegewezenProduct, ToewijzingClient
from istandaarden.reading import MessageError
from istandaarden.writing import write_toewijzing
from residents.models import Inwoner

__all__ = ["RETOUR_TERM", "build_301s"]

RETOUR_TERM = "ISTD_RETOUR"


def _voorletters(voornamen: str) -> str | None:
    letters = "".join(name[0] for name in voornamen.split() if name[:1].isalpha())
    return letters[:6] or None


def _contact(inwoner: Inwoner) -> Contact:
    toevoeging = inwoner.huisnummer_toevoeging.strip()
    huisletter = toevoeging if len(toevoeging) == 1 and toevoeging.isalpha() else None
    adres = Adres(
        straatnaam=inwoner.straat.strip()[:24] or None,
        huisnummer=inwoner.huisnummer if inwoner.huisnummer and inwoner.huisnummer <= 99999 else None,
        huisletter=huisletter.upper() if huisletter else None,
        huisnummer_toevoeging=(toevoeging[:4] or None) if huisletter is None else None,
        postcode=inwoner.postcode.replace(" ", "").upper()[:8] or None,
        plaatsnaam=inwoner.woonplaats.strip()[:80] or None,
        landcode="NL",
    )
    telefoon = "".join(ch for ch in inwoner.telefoon if ch in "0123456789")[:15] or None
    return Contact(soort="01", adres=adres, telefoon=telefoon)


def _client(inwoner: Inwoner, producten: list[ToegewezenProduct]) -> ToewijzingClient:
    if not inwoner.bsn:
        raise ValidationError(_("Zonder BSN kan geen toewijzingbericht worden gemaakt (OP079)."))
    return ToewijzingClient(
        bsn=inwoner.bsn,
        geboortedatum=inwoner.geboortedatum,
        geslacht="0",  # the resident register here records no sex: "onbekend"
        naam=Naam(
            achternaam=inwoner.achternaam.strip()[:200],
            voorvoegsel=inwoner.tussenvoegsel.strip()[:10] or None,
            voornamen=inwoner.voornamen.strip()[:200] or None,
            voorletters=_voorletters(inwoner.voornamen),
        ),
        contacten=(_contact(inwoner),),
        producten=tuple(producten),
    )


def _product(toewijzing: Toewijzing) -> ToegewezenProduct:
    moment = timezone.localtime(toewijzing.toegewezen_at)
    omvang = None
    if toewijzing.volume is not None and toewijzing.unit and toewijzing.frequency:
        omvang = Omvang(volume=toewijzing.volume, eenheid=toewijzing.unit, frequentie=toewijzing.frequency)
    voorziening = toewijzing.voorziening
    return ToegewezenProduct(
        toewijzingnummer=toewijzing.nummer,
        referentie_aanbieder=toewijzing.referentie_aanbieder or None,
        product=Product(categorie=voorziening.product_category, code=voorziening.product_code or None),
        toewijzingsdatum=moment.date(),
        toewijzingstijd=moment.time().replace(microsecond=0),
        ingangsdatum=toewijzing.ingangsdatum,
        einddatum=toewijzing.einddatum,
        reden_wijziging=toewijzing.reden_wijziging or None,
        omvang=omvang,
    )


def _summary(toewijzingen: list[Toewijzing]) -> str:
    changed = sum(1 for t in toewijzingen if t.pending_send)
    return _("Toewijzing: %(total)s product(en), waarvan %(changed)s nieuw of gewijzigd (%(nummers)s)") % {
        "total": len(toewijzingen),
        "changed": changed,
        "nummers": ", ".join(t.nummer for t in toewijzingen),
    }


@transaction.atomic
def build_301s(
    inwoner: Inwoner,
    actor: User | None,
    *,
    dossier: Dossier | None,
    aanbieder: Aanbieder | None = None,
    in_reply_to: Bericht | None = None,
) -> list[Bericht]:
    """One 301 per provider and law with pending changes of `dossier` for this client (optionally one provider).

    Only changes owned by `dossier` start a 301, so a dossier never sends another household's
    pending work. Each 301 holds every current allocation of the client at that provider plus every
    one changed since the last 301 — also withdrawn or ended ones, so the provider learns of it
    (OP087). The message is validated against the XSD by the writer; if it refuses, nothing is
    stored or marked. `dossier` is None only for allocations made for a client without a dossier.
    """
    today = timezone.localdate()
    candidates = (
        Toewijzing.objects.select_for_update(of=("self",))
        .filter(inwoner=inwoner, law__in=list(STANDARD_OF_LAW))
        .select_related("aanbieder", "voorziening", "gemeente")
        .order_by("ingangsdatum", "pk")
    )
    if aanbieder is not None:
        candidates = candidates.filter(aanbieder=aanbieder)
    groups: dict[tuple[int, str, int], list[Toewijzing]] = {}
    for toewijzing in candidates:
        if toewijzing.pending_send or is_current(toewijzing, today):
            groups.setdefault((toewijzing.aanbieder_id, toewijzing.law, toewijzing.gemeente_id), []).append(toewijzing)
    owner = dossier.pk if dossier is not None else None
    berichten = []
    for toewijzingen in groups.values():
        if any(t.pending_send and t.dossier_id == owner for t in toewijzingen):
            berichten.append(_write_301(inwoner, dossier, toewijzingen, actor, today, in_reply_to))
    return berichten


def _write_301(
    inwoner: Inwoner,
    dossier: Dossier | None,
    toewijzingen: list[Toewijzing],
    actor: User | None,
    today: date,
    in_reply_to: Bericht | None,
) -> Bericht:
    first = toewijzingen[0]
    kind = MessageKind(STANDARD_OF_LAW[first.law], "301")
    gemeentecode = first.gemeente.cbs_code[2:]
    provider = first.aanbieder
    client = _client(inwoner, [_product(t) for t in toewijzingen])
    with in_record_language():  # the summary and the task's note are stored: Dutch whatever the screen shows
        summary = _summary(toewijzingen)[:300]
        note = _("De aanbieder stuurt binnen 3 werkdagen een retourbericht (302).")
    bericht = Bericht.objects.create(
        direction=Direction.OUT,
        kind=kind.name,
        file_name="",
        content=b"",
        status=BerichtStatus.KLAAR,
        dagtekening=today,
        afzender=gemeentecode,
        ontvanger=provider.agb_code,
        aanbieder=provider,
        inwoner=inwoner,
        dossier=dossier,
        in_reply_to=in_reply_to,
        summary=summary,
        created_by=actor,
    )
    # Unique for our side per message type and at most 12 characters (LDT_IdentificatieBericht).
    identificatie = f"{kind.code}{bericht.pk:09d}"
    header = OutgoingHeader(
        afzender=gemeentecode, ontvanger=provider.agb_code, identificatie=identificatie, dagtekening=today
    )
    try:
        content = write_toewijzing(kind.standard, header, client, schemas=current_schemas())
    except MessageError as exc:
        raise ValidationError(
            _("Het toewijzingbericht voor %(aanbieder)s kan niet worden gemaakt: %(reasons)s")
            % {"aanbieder": provider.name, "reasons": "; ".join(exc.reasons)}
        ) from exc
    bericht.content = content
    bericht.identificatie = identificatie
    bericht.file_name = f"{kind.name}_{identificatie}.xml"
    bericht.save(update_fields=["content", "identificatie", "file_name"])
    BerichtTaak.objects.create(
        bericht=bericht,
        soort=TaakSoort.RETOUR_VERWACHT,
        term_code=RETOUR_TERM,
        due=compute_deadline(RETOUR_TERM, today, current_calendar()).due,
        inwoner=inwoner,
        note=note,
    )
    Toewijzing.objects.filter(pk__in=[t.pk for t in toewijzingen if t.pending_send]).update(pending_send=False)
    for toewijzing in toewijzingen:
        toewijzing.pending_send = False
    with in_record_language():
        timeline_note(
            dossier,
            actor,
            _("Toewijzingbericht %(kind)s klaargezet voor %(aanbieder)s")
            % {"kind": kind.name, "aanbieder": provider.name},
            bericht=bericht.pk,
        )
    return bericht
