"""What Mijn Wijkteam holds about a person, for the inzage export (dossiers.records).

Who may look along with the person and for whom the person acts (representations), the e-mail address for
notices, and the questions about the access history with their answers. None of it belongs to one dossier,
so it goes with the person, not with a dossier's destruction.
"""

from django.db.models import Q

from core.translations import in_record_language
from dossiers.records import Data, Holdings, InzageList, iso_day, iso_moment
from portal.models import PortalContact, PrivacyQuestion, Representation
from residents.models import Inwoner


def portal_rows(inwoner: Inwoner) -> list[Data]:
    with in_record_language():
        rows: list[Data] = []
        condition = Q(represented=inwoner)
        if inwoner.bsn:
            condition |= Q(representative_bsn=inwoner.bsn)
        for link in Representation.objects.filter(condition).select_related("represented").order_by("pk"):
            rows.append(
                {
                    "soort": "vertegenwoordiging",
                    "voor": str(link.represented),
                    "door": link.representative_name,
                    "hoedanigheid": str(link.get_kind_display()),
                    "bron": str(link.get_source_display()),
                    "onderdelen": link.scope_labels,
                    "uitgenodigd_op_emailadres": link.invited_email,
                    "aangenomen_op": iso_moment(link.accepted_at),
                    "geldig_vanaf": iso_day(link.valid_from),
                    "geldig_tot_en_met": iso_day(link.valid_until),
                    "ingetrokken_op": iso_moment(link.revoked_at),
                }
            )
        for contact in PortalContact.objects.filter(inwoner=inwoner):
            rows.append({"soort": "e-mailadres voor berichten", "e-mailadres": contact.email})
        for question in PrivacyQuestion.objects.filter(inwoner=inwoner).order_by("asked_at", "pk"):
            rows.append(
                {
                    "soort": "vraag aan de privacyfunctionaris",
                    "gesteld_op": iso_moment(question.asked_at),
                    "gesteld_door": question.asked_by,
                    "vraag": question.question,
                    "antwoord": question.answer,
                    "beantwoord_op": iso_moment(question.answered_at),
                }
            )
        return rows


HOLDINGS = Holdings(
    app="portal",
    inzage=(
        InzageList(
            "mijn_wijkteam", order=95, rows=portal_rows, models=(Representation, PortalContact, PrivacyQuestion)
        ),
    ),
)
