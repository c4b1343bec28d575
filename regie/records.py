"""What the regie app holds about a household, for the inzage export and destruction (dossiers.records).

An escalation is about the household: why it was escalated, what the case conferences said and agreed, and who in
the household agreed to a handover. The resident sees it per dossier in the export (AVG art. 15). Its rows go with
a dossier through destruction's sweep of every row that points at the dossier or a person (as consent's do), so it
declares no destruction step of its own.
"""

from typing import Any

from core.translations import in_record_language
from dossiers.records import Holdings, InzageDossierPart, iso_day, iso_moment, user_name
from regie.models import CaseConference, Escalation, Handover
from residents.models import Inwoner


def _conference(conference: CaseConference) -> dict[str, Any]:
    handover = getattr(conference, "handover", None)
    return {
        "gehouden_op": iso_day(conference.held_on),
        "deelnemers": [user_name(user) for user in conference.participants.all()],
        "andere_deelnemers": conference.external_participants,
        "onderdelen_voor_regieteam": conference.section_labels,
        "verslag": conference.summary,
        "evaluatie_op": iso_day(conference.review_on),
        "afspraken": [
            {
                "wie": agreement.who,
                "wat": agreement.what,
                "uiterlijk_op": iso_day(agreement.due_on),
                "status": str(agreement.get_status_display()),
            }
            for agreement in conference.agreements.all()
        ],
        "overdracht_van_regie": (
            {
                "nieuwe_regisseur": user_name(handover.new_regisseur),
                "ingestemd_door": str(handover.agreed_by),
                "ingestemd_op": iso_day(handover.agreed_on),
            }
            if handover is not None
            else None
        ),
    }


def escalations(inwoner: Inwoner, dossier_ids: list[int]) -> dict[int, Any]:
    """Per dossier every escalation to a regieteam, oldest first, with its conferences and agreements."""
    found: dict[int, list[dict[str, Any]]] = {}
    rows = (
        Escalation.objects.filter(dossier_id__in=dossier_ids)
        .select_related("regieteam")
        .prefetch_related("conferences__participants", "conferences__agreements__user", "conferences__handover")
        .order_by("started_at", "pk")
    )
    with in_record_language():
        for escalation in rows:
            found.setdefault(escalation.dossier_id, []).append(
                {
                    "regieteam": escalation.regieteam.name,
                    "reden": str(escalation.get_reason_category_display()),
                    "toelichting": escalation.explanation,
                    "opgeschaald_op": iso_moment(escalation.started_at),
                    "afgeschaald_op": iso_moment(escalation.ended_at),
                    "resultaat": str(escalation.get_result_display()) if escalation.result else "",
                    "casusoverleggen": [_conference(conference) for conference in escalation.conferences.all()],
                }
            )
    return found


HOLDINGS = Holdings(
    app="regie",
    inzage=(InzageDossierPart("regie", order=50, values=escalations, empty=list, models=(Escalation, Handover)),),
)
