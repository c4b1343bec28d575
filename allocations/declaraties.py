"""The 323 (declaratie): which prestaties the gemeente pays, answered with a 325 within 10 working days.

Each prestatie is checked on its own against the allocation it names (product, period, unit and
volume). An unknown client rejects only that client's prestaties (code 8187), not the whole
declaratie, because the 325 is the place where the standard reports such a prestatie.
"""

from __future__ import annotations

import math
from datetime import date

from django.utils.translation import gettext as _

from allocations.answers import try_answer
from allocations.models import BerichtTaak, DeliveryStatus, TaakSoort
from allocations.received import (
    CODE_ANDERE_CATEGORIE,
    CODE_ANDERE_EENHEID,
    CODE_ANDERE_PRODUCTCODE,
    CODE_BEGIN_BUITEN_TOEWIJZING,
    CODE_EIND_BUITEN_TOEWIJZING,
    CODE_GEEN_TOEGEWEZEN_PRODUCT,
    CODE_GEEN_TOEWIJZING,
    CODE_NIET_BIJ_CLIENT,
    CODE_TOEWIJZING_VERWIJDERD,
    CODE_VOLUME_TE_HOOG,
    Received,
    day,
    due_date,
    find_toewijzing,
    product_reason,
)
from catalogue.codes import Frequency
from core.formatting import euro_from_cents
from istandaarden.messages import Prestatie
from residents.models import Inwoner


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
        return _("cliënt onbekend bij de gemeente"), CODE_NIET_BIJ_CLIENT
    toewijzing, why, code = find_toewijzing(received, prestatie.toewijzingnummer, inwoner)
    if toewijzing is None:
        return why, CODE_GEEN_TOEGEWEZEN_PRODUCT if code == CODE_GEEN_TOEWIJZING else code
    if toewijzing.status == DeliveryStatus.INGETROKKEN or toewijzing.reden_wijziging == "13":
        return _("de toewijzing is ingetrokken"), CODE_TOEWIJZING_VERWIJDERD
    voorziening = toewijzing.voorziening
    if prestatie.product.categorie != voorziening.product_category:
        return (
            _("productcategorie %(declared)s wijkt af van de toewijzing (%(allocated)s)")
            % {"declared": prestatie.product.categorie, "allocated": voorziening.product_category},
            CODE_ANDERE_CATEGORIE,
        )
    if (prestatie.product.code or "") != voorziening.product_code:
        return (
            _("productcode %(declared)s wijkt af van de toewijzing (%(allocated)s)")
            % {"declared": prestatie.product.code, "allocated": voorziening.product_code},
            CODE_ANDERE_PRODUCTCODE,
        )
    if prestatie.begindatum < toewijzing.ingangsdatum:
        return (
            _("de periode begint vóór de ingangsdatum %(day)s") % {"day": day(toewijzing.ingangsdatum)},
            CODE_BEGIN_BUITEN_TOEWIJZING,
        )
    if toewijzing.einddatum is not None and prestatie.einddatum > toewijzing.einddatum:
        return (
            _("de periode eindigt na de einddatum %(day)s") % {"day": day(toewijzing.einddatum)},
            CODE_EIND_BUITEN_TOEWIJZING,
        )
    if toewijzing.volume is None:
        return None
    if toewijzing.unit and prestatie.eenheid != toewijzing.unit:
        return (
            _("eenheid %(declared)s past niet bij de toewijzing (%(allocated)s)")
            % {"declared": prestatie.eenheid, "allocated": toewijzing.unit},
            CODE_ANDERE_EENHEID,
        )
    allowed = allowed_volume(toewijzing.volume, toewijzing.frequency, prestatie.begindatum, prestatie.einddatum)
    declared = prestatie.geleverd_volume
    if toewijzing.frequency == Frequency.TOTAAL:
        declared += declared_total.get(toewijzing.nummer, 0)
        declared_total[toewijzing.nummer] = declared
    if allowed is not None and declared > allowed:
        return (
            _("geleverd volume %(declared)s is meer dan toegewezen (%(allowed)s)")
            % {"declared": declared, "allowed": allowed},
            CODE_VOLUME_TE_HOOG,
        )
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
                    product_reason(
                        prestatie.referentienummer,
                        _("toewijzing %(nummer)s: %(problem)s")
                        % {"nummer": prestatie.toewijzingnummer, "problem": text},
                        code,
                    )
                )
    return reasons, accepted, amount


def process_declaratie(received: Received) -> None:
    declaratie = received.message.declaratie
    assert declaratie is not None  # the 323 XSD requires it
    reasons, accepted, amount = check_declaratie(received)
    total = sum(len(client.prestaties) for client in received.message.clients)
    received.reasons = reasons
    received.summary = _(
        "Declaratie %(nummer)s: %(accepted)s van %(total)s prestaties goedgekeurd, %(amount)s van %(declared)s."
    ) % {
        "nummer": declaratie.nummer,
        "accepted": accepted,
        "total": total,
        "amount": euro_from_cents(amount),
        "declared": euro_from_cents(declaratie.totaal_bedrag),
    }
    task = BerichtTaak.objects.create(
        bericht=received.bericht,
        soort=TaakSoort.DECLARATIE,
        term_code="ISTD_ANTWOORD_DECLARATIE",
        due=due_date("ISTD_ANTWOORD_DECLARATIE", received.received_on),
        inwoner=received.bericht.inwoner,
    )
    try_answer(task, received.actor, reasons=reasons)
