"""Test helpers for the survey: an open invitation for a resident, and the form filled in."""

from typing import Any

from dossiers.models import Dossier
from residents.models import Inwoner
from surveys.models import Invitation, Occasion
from surveys.questions import QUESTIONS

_source = iter(range(1, 10**6))


def invitation_for(person: Inwoner, dossier: Dossier, **kwargs: Any) -> Invitation:
    values: dict[str, Any] = {
        "occasion": Occasion.ONDERZOEK,
        "source_id": next(_source),
        "wijk_id": person.buurt.wijk_id if person.buurt_id else None,
        "regime": "wmo",
        "month": "2026-11",
    }
    values.update(kwargs)
    return Invitation.objects.create(person=person, dossier=dossier, **values)


def filled_in(score: int = 4, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {question.key: str(score) for question in QUESTIONS}
    data["open_text"] = ""
    data.update(overrides)
    return data
