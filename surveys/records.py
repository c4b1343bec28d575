"""What the surveys app holds about a person, for the inzage export and destruction (dossiers.records).

A resident's invitations are theirs (AVG art. 15): when, about what, until when, and whether they used it. The
answers are not: they hold no person (surveys.models.Answer), so nobody, the resident included, can find them
back; they are not in the export and stay when a dossier is destroyed.

Destruction needs no step of its own: the registry sweep (retention.destruction) removes every row that points at
the dossier or a person that goes, the invitations included.
"""

from core.translations import in_record_language
from dossiers.records import Data, Holdings, InzageList
from residents.models import Inwoner
from surveys.models import Invitation


def invitations(inwoner: Inwoner) -> list[Data]:
    rows = []
    for invitation in Invitation.objects.filter(person=inwoner).order_by("created_at", "pk"):
        with in_record_language():
            occasion = str(invitation.get_occasion_display())
        rows.append(
            {
                "dossier": invitation.dossier_id,
                "aanleiding": occasion,
                "uitgenodigd_op": invitation.created_at.isoformat(),
                "geldig_tot": invitation.expires_at.isoformat(),
                "ingevuld": invitation.used_at is not None,
            }
        )
    return rows


HOLDINGS = Holdings(
    app="surveys",
    inzage=(InzageList("vragenlijst_uitnodigingen", order=90, rows=invitations, models=(Invitation,)),),
)
