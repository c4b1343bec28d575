"""The answers the gemeente writes on received messages: retours (306/308/316/318) and the 325.

A retour or 325 that can be written at once is written and its task closed; one that cannot (the
WMO retour XSDs are missing from the official folder) leaves its task open with the reason, so the
worklist shows it instead of it being dropped. ``store_outgoing`` is also how a 319 is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from allocations.models import Bericht, BerichtStatus, BerichtTaak, Direction, TaakSoort
from allocations.received import Received, codes_from_reasons, due_date, schemas
from catalogue.models import Aanbieder
from core.translations import in_record_language
from istandaarden.kinds import MessageKind
from istandaarden.outgoing import Beoordeling
from istandaarden.reading import MessageError
from istandaarden.writing import write_declaratie_antwoord, write_retour
from residents.models import Inwoner


def retour_task(received: Received) -> None:
    """The retour a received message is owed (3 working days), written at once when possible."""
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
    today = timezone.localdate()
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
            # An answer belongs to the dossier of the message it answers.
            dossier_id=in_reply_to.dossier_id if in_reply_to is not None else None,
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

        if rejected:
            summary = _("Declaratie-antwoord: %(count)s prestatie(s) afgewezen.") % {"count": rejected}
        else:
            summary = _("Declaratie goedgekeurd.")
    else:
        retour_kind = kind.retour
        if retour_kind is None:
            raise MessageError([_("Op een %(kind)s hoort geen retourbericht.") % {"kind": kind}])
        answer_kind = retour_kind
        beoordeling = Beoordeling(items=codes)

        def write(identificatie: str, dagtekening: date) -> bytes:
            return write_retour(
                original, beoordeling, schemas=schemas(), identificatie=identificatie, dagtekening=dagtekening
            )

        if codes:
            summary = _("Retour op %(kind)s: %(count)s onderdeel/onderdelen afgekeurd.") % {
                "kind": kind,
                "count": len(codes),
            }
        else:
            summary = _("Retour op %(kind)s.") % {"kind": kind}
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
    """Write the retour or 325 of ``task`` and close it; when that is impossible the task stays open with why.

    The summary and the note are stored, so they are written in Dutch whatever the screen shows (ADR 0016).
    """
    with in_record_language():
        try:
            answer = _write_answer(task, actor, task.bericht.reasons if reasons is None else reasons)
        except (MessageError, ValueError) as exc:
            task.note = (_("Retourbericht kan niet worden gemaakt: %(error)s") % {"error": exc})[:300]
            task.save(update_fields=["note"])
            return None
        note = _("%(kind)s gemaakt en klaar voor verzending.") % {"kind": answer.kind}
    close_task(task, actor, answer=answer, note=note)
    return answer


def close_task(task: BerichtTaak, actor: User | None, *, answer: Bericht | None, note: str) -> None:
    task.done_at = timezone.now()
    task.done_by = actor
    task.answer = answer
    task.note = note[:300]
    task.save(update_fields=["done_at", "done_by", "answer", "note"])


def expect_retour(sent: Bericht, actor: User | None) -> BerichtTaak:
    """The aanbieder answers our 319 with a retour (320) within 3 working days."""
    with in_record_language():
        note = _("De aanbieder stuurt binnen 3 werkdagen een retourbericht op de %(kind)s.") % {"kind": sent.kind}
    return BerichtTaak.objects.create(
        bericht=sent,
        soort=TaakSoort.RETOUR_VERWACHT,
        term_code="ISTD_RETOUR",
        due=due_date("ISTD_RETOUR", timezone.localdate()),
        inwoner=sent.inwoner,
        note=note,
    )
