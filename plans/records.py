"""What the plans app holds about a person, for the inzage export and destruction (dossiers.records)."""

from typing import Any

from django.db.models import QuerySet

from core.translations import in_record_language
from dossiers.models import Dossier
from dossiers.records import Data, Destruction, Holdings, InzageDossierPart, Removal, iso_day
from plans.models import Actie, Doel, Plan, PlanComment
from residents.models import Inwoner


def _plan(plan: Plan, inwoner: Inwoner) -> Data:
    goals = []
    left_out: set[int] = set()
    for doel in plan.doelen.all():
        persons = list(doel.persons.all())
        if persons and inwoner not in persons:
            left_out.add(doel.pk)
            continue  # a goal for another member only is about them
        goals.append(
            {
                "leefdomein": doel.domain.name if doel.domain else "",
                "doel": doel.description,
                "status": str(doel.get_status_display()),
                "acties": [
                    {
                        "wat": actie.description,
                        "wie": actie.uitvoerder_name or str(actie.get_uitvoerder_display()),
                        "klaar_op": iso_day(actie.due_on),
                        "status": str(actie.get_status_display()),
                    }
                    for actie in doel.acties.all()
                ],
            }
        )
    return {
        "wat_goed_gaat": plan.going_well,
        "zorgen_en_prioriteiten": plan.worries,
        "evaluatiedatum": iso_day(plan.review_on),
        "akkoord_op": iso_day(plan.agreed_on),
        "akkoord_door": plan.agreed_by,
        "doelen": goals,
        "akkoord_op_versie": plan.agreed_version,
        # The household's own comments from Mijn Wijkteam (a comment on a goal left out above goes with it).
        "reacties": [
            {
                "geschreven_op": comment.written_at.isoformat(),
                "door": comment.written_by,
                "via": str(comment.get_source_display()),
                "bij_doel": comment.doel.description if comment.doel else "",
                "reactie": comment.text,
            }
            for comment in plan.comments.all()
            if comment.doel_id not in left_out
        ],
    }


def plans(inwoner: Inwoner, dossier_ids: list[int]) -> dict[int, Any]:
    """The plan of each dossier, with the goals for the whole household or for this person.

    The statuses are written in Dutch whatever the screen of who makes the export shows: it goes to the resident.
    """
    found = Plan.objects.filter(dossier_id__in=dossier_ids).prefetch_related(
        "doelen__persons", "doelen__acties", "doelen__domain", "comments__doel"
    )
    with in_record_language():
        return {plan.dossier_id: _plan(plan, inwoner) for plan in found}


def _remove(removal: Removal) -> None:
    """Nothing first: the plan, its goals, actions and the household's comments cascade from the dossier."""


def _persons(dossier: Dossier) -> QuerySet[Any]:
    return Doel.persons.through.objects.filter(doel__plan__dossier=dossier).values_list("inwoner", flat=True)


def _needed_elsewhere(dossier: Dossier, persons: set[int]) -> QuerySet[Any]:
    return (
        Doel.persons.through.objects.filter(inwoner__in=persons)
        .exclude(doel__plan__dossier=dossier)
        .values_list("inwoner", flat=True)
    )


HOLDINGS = Holdings(
    app="plans",
    inzage=(
        InzageDossierPart("plan", order=20, values=plans, empty=lambda: None, models=(Plan, Doel, Actie, PlanComment)),
    ),
    destruction=Destruction(
        order=30,
        models=(Plan, Doel, Actie, PlanComment),
        remove=_remove,
        persons=_persons,
        needed_elsewhere=_needed_elsewhere,
    ),
)
