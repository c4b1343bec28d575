"""What a consulent does with a message task: answer a 315/317, retry an answer, or close it by hand.

A 315/317 gets its 319 (afgewezen, or in onderzoek with a follow-up task for the final answer) or
a toewijzing (301) as asked. The allocation rules are those of ``allocations.outgoing``; every
action either happens whole or raises ``TaskError`` with a message for the user.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from accounts.models import User
from allocations import outgoing
from allocations.answers import close_task, expect_retour, store_outgoing, try_answer
from allocations.models import Bericht, BerichtTaak, TaakSoort, Toewijzing
from allocations.received import STANDARD_LAW, due_date, gemeente_codes, schemas
from allocations.toewijzingbericht import build_301s
from catalogue.codes import Kind, Law
from catalogue.models import Aanbieder, Voorziening
from core.translations import in_record_language
from dossiers.models import Dossier
from istandaarden.kinds import MessageKind
from istandaarden.messages import Antwoord, Message, Omvang, Product, Wijzigingsverzoek
from istandaarden.outgoing import OutgoingHeader
from istandaarden.reading import MessageError, read
from istandaarden.writing import write_antwoord
from organisation.models import Gemeente
from residents.models import Inwoner

VERZOEK_AFGEWEZEN = "1"
VERZOEK_IN_ONDERZOEK = "2"

#: Reden afwijzing verzoek (WJ759), for the 319.
REDEN_AFWIJZING: dict[str, StrOrPromise] = {
    "1": gettext_lazy("Nieuwe aanvraag in plaats van wijziging"),
    "2": gettext_lazy("Past niet binnen budget"),
    "3": gettext_lazy("Geen contract"),
    "4": gettext_lazy("Past niet binnen contract"),
    "5": gettext_lazy("Andere gemeente"),
    "6": gettext_lazy("Stapeling"),
    "7": gettext_lazy("Zorginhoudelijke afkeur"),
    "8": gettext_lazy("Woonplaatsbeginsel"),
    "9": gettext_lazy("Leeftijdsgrens bereikt"),
}

#: RedenWijziging for a change the aanbieder asked for in a 317 (WMO002/JZ002 "geïnitieerd door aanbieder").
REDEN_OP_VERZOEK = "12"


class TaskError(ValueError):
    """A task action the rules do not allow; the message is shown to the user."""


def _require_open(task: BerichtTaak, *soorten: str) -> None:
    if not task.is_open:
        raise TaskError(_("Deze taak is al afgehandeld."))
    if soorten and task.soort not in soorten:
        raise TaskError(_("Deze handeling past niet bij deze taak."))


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
        raise TaskError(_("Geef een toelichting: hoe is deze taak afgehandeld?"))
    with transaction.atomic():
        task = BerichtTaak.objects.select_for_update().get(pk=task.pk)
        _require_open(task)
        with in_record_language():
            stored_note = _("Afgehandeld zonder bericht: %(note)s") % {"note": note.strip()}
        close_task(task, actor, answer=None, note=stored_note)


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
        raise TaskError(_("Kies 'afgewezen' of 'in onderzoek'."))
    if verzoek_antwoord == VERZOEK_AFGEWEZEN and reden_afwijzing not in REDEN_AFWIJZING:
        raise TaskError(_("Kies de reden van afwijzing."))
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

            with in_record_language():  # stored with the message: Dutch whatever the screen shows
                if reden_afwijzing:
                    summary = _("Verzoek %(referentie)s afgewezen: %(reden)s.") % {
                        "referentie": referentie,
                        "reden": REDEN_AFWIJZING[reden_afwijzing],
                    }
                else:
                    summary = _("Verzoek %(referentie)s in onderzoek.") % {"referentie": referentie}
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
                raise TaskError(_("Het antwoordbericht kan niet worden gemaakt: %(error)s") % {"error": exc}) from exc
            expect_retour(answer, actor)
            answers.append(answer)
        with in_record_language():
            note = (
                answers[-1].summary
                if len(answers) == 1
                else _("%(count)s antwoordberichten (319) gemaakt.") % {"count": len(answers)}
            )
            followup_note = _("Verzoek in onderzoek: stuur nog een toewijzing (301) of een afwijzing (319).")
        close_task(task, actor, answer=answers[-1], note=note)
        if verzoek_antwoord == VERZOEK_IN_ONDERZOEK:
            term = followup_term(STANDARD_LAW[message.kind.standard])
            received_on = timezone.localdate(request.created_at)
            BerichtTaak.objects.create(
                bericht=request,
                soort=TaakSoort.ANTWOORD_VERZOEK,
                term_code=term,
                due=due_date(term, received_on),
                inwoner=task.inwoner,
                note=followup_note,
            )
        return answers


def _requested_voorziening(product: Product | None, law: str) -> Voorziening:
    if product is None or not product.code:
        raise TaskError(
            _("Het verzoek noemt geen productcode; wijs dit toe vanuit een beschikking of wijs het verzoek af.")
        )
    voorziening = Voorziening.objects.filter(
        law=law, product_category=product.categorie, product_code=product.code, kind=Kind.MAATWERK
    ).first()
    if voorziening is None:
        raise TaskError(
            _(
                "Product %(categorie)s %(code)s staat niet in de catalogus van de gemeente; "
                "wijs het verzoek af (bijvoorbeeld reden 3: geen contract)."
            )
            % {"categorie": product.categorie, "code": product.code}
        )
    return voorziening


def _requested_omvang(omvang: Omvang | None, product: Voorziening) -> Omvang:
    if omvang is None:
        raise TaskError(
            _("Het verzoek noemt geen omvang voor %(product)s; die is nodig voor een toewijzing.")
            % {"product": product.name}
        )
    return omvang


@dataclass(frozen=True)
class _Asker:
    """Who and what a request is about: the client, the aanbieder, the gemeente and law."""

    inwoner: Inwoner
    aanbieder: Aanbieder
    gemeente: Gemeente
    law: str
    actor: User
    #: The dossier the request belongs to (None for a client without one); it owns what is allocated.
    dossier: Dossier | None

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
            dossier=self.dossier,
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
                .select_related("bericht__aanbieder", "bericht__dossier", "inwoner")
                .get(pk=task.pk)
            )
            _require_open(task, TaakSoort.ANTWOORD_VERZOEK)
            request = task.bericht
            gemeente = gemeente_codes().get(request.ontvanger)
            if task.inwoner is None or request.aanbieder is None or gemeente is None:
                raise TaskError(_("Bij dit verzoek ontbreekt de cliënt, de aanbieder of de gemeente."))
            message = read_request(request)
            law = STANDARD_LAW[message.kind.standard]
            asker = _Asker(task.inwoner, request.aanbieder, gemeente, law, actor, request.dossier)
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
            berichten = build_301s(
                asker.inwoner, actor, dossier=asker.dossier, aanbieder=asker.aanbieder, in_reply_to=request
            )
            if not berichten:
                raise TaskError(_("Er is niets toe te wijzen: het verzoek leidt niet tot een wijziging."))
            with in_record_language():
                note = _("Toegewezen: %(summary)s") % {"summary": berichten[0].summary}
            close_task(task, actor, answer=berichten[0], note=note)
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
            raise TaskError(
                _("Toewijzing %(nummer)s is niet bekend bij deze cliënt en aanbieder.")
                % {"nummer": change.toewijzingnummer}
            )
        volume = None
        if change.omvang is not None:
            if (change.omvang.eenheid, change.omvang.frequentie) != (toewijzing.unit, toewijzing.frequency):
                raise TaskError(
                    _(
                        "Toewijzing %(nummer)s: een andere eenheid of frequentie is een nieuwe toewijzing; "
                        "wijs dat toe vanuit een beschikking."
                    )
                    % {"nummer": toewijzing.nummer}
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
