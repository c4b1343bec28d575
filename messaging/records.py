"""What the messaging app holds, for the inzage export and destruction (dossiers/records.py)."""

from typing import Any

from dossiers.records import Destruction, Holdings, InzageDossierPart, Removal, iso_moment
from messaging.models import Message
from residents.models import Inwoner


def berichten(inwoner: Inwoner, dossier_ids: list[int]) -> dict[int, Any]:
    """Per dossier every message between the household and the team, oldest first, with who read it when."""
    found: dict[int, list[dict[str, Any]]] = {}
    for message in Message.objects.filter(dossier_id__in=dossier_ids).order_by("sent_at", "id"):
        found.setdefault(message.dossier_id, []).append(
            {
                "verstuurd_op": iso_moment(message.sent_at),
                "van": "huishouden" if message.from_household else "team",
                "door": message.author_name,
                "bericht": message.body,
                "gelezen_door_huishouden_op": iso_moment(message.read_by_household_at),
                "gelezen_door_team_op": iso_moment(message.read_by_staff_at),
            }
        )
    return found


def _remove(removal: Removal) -> None:
    """Nothing first: the messages cascade from the dossier."""


HOLDINGS = Holdings(
    app="messaging",
    inzage=(InzageDossierPart("berichten", order=40, values=berichten, empty=list, models=(Message,)),),
    destruction=Destruction(order=35, models=(Message,), remove=_remove),
)
