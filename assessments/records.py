"""What the assessments app holds about a person, for the inzage export and destruction (dossiers.records)."""

from typing import Any

from django.db.models import QuerySet

from assessments.models import WMO_TOPICS, Onderzoek, PersoonlijkPlan, Score
from core.translations import in_record_language
from dossiers.models import Dossier
from dossiers.records import Data, Destruction, Holdings, InzageDossierPart, InzageList, Removal, iso_day
from residents.models import Inwoner


def _onderzoek(onderzoek: Onderzoek) -> Data:
    # The inzage export goes to the resident: its topic and outcome names are Dutch like the record they come from.
    with in_record_language():
        return _onderzoek_data(onderzoek)


def _onderzoek_data(onderzoek: Onderzoek) -> Data:
    return {
        "datum_gesprek": iso_day(onderzoek.conversation_on),
        "onderwerpen": [
            {"onderwerp": str(label), "tekst": getattr(onderzoek, field)}
            for field, label in WMO_TOPICS
            if getattr(onderzoek, field)
        ],
        "uitkomst": str(onderzoek.get_outcome_display()) if onderzoek.outcome else "",
        "verslag": onderzoek.verslag,
        "verslag_verstrekt_op": iso_day(onderzoek.verslag_sent_on),
        "afgerond_op": iso_day(onderzoek.completed_on),
    }


def onderzoeken(inwoner: Inwoner, dossier_ids: list[int]) -> dict[int, Any]:
    """The onderzoeken of the person's households' dossiers: they are about the whole household."""
    result: dict[int, list[Data]] = {}
    for onderzoek in Onderzoek.objects.filter(dossier_id__in=dossier_ids).order_by("pk"):
        result.setdefault(onderzoek.dossier_id, []).append(_onderzoek(onderzoek))
    return result


def persoonlijke_plannen(inwoner: Inwoner, dossier_ids: list[int]) -> dict[int, Any]:
    """The persoonlijke plannen the household sent (Wmo 2015 art. 2.3.2 lid 2), in its own words."""
    result: dict[int, list[Data]] = {}
    for plan in PersoonlijkPlan.objects.filter(dossier_id__in=dossier_ids).order_by("submitted_at", "pk"):
        with in_record_language():
            via = str(plan.get_via_display())
        result.setdefault(plan.dossier_id, []).append(
            {
                "ingediend_op": plan.submitted_at.isoformat(),
                "ingediend_door": plan.submitted_by,
                "ingediend_via": via,
                "wat_wilt_u_bereiken": plan.wishes,
                "wat_kunt_u_zelf_of_met_uw_netwerk": plan.own_strength,
                "aan_welke_hulp_denkt_u": plan.help_wanted,
                "binnen_de_termijn": plan.in_term,
            }
        )
    return result


def scores(inwoner: Inwoner) -> list[Data]:
    rows = (
        Score.objects.filter(inwoner=inwoner)
        .select_related("dossier", "domain__instrument")
        .order_by("assessed_on", "domain__order", "pk")
    )
    return [
        {
            "dossier": str(score.dossier),
            "instrument": score.domain.instrument.name,
            "leefdomein": score.domain.name,
            "niveau": score.level,
            "datum": iso_day(score.assessed_on),
            "motivering": score.motivation,
        }
        for score in rows
    ]


def _remove(removal: Removal) -> None:
    """The persoonlijke plannen first (they protect the meldingen, which go before the dossier); the onderzoek and
    the scores cascade from the dossier (and a person's own scores from them)."""
    removal.delete(PersoonlijkPlan.objects.filter(dossier=removal.dossier))


def _persons(dossier: Dossier) -> QuerySet[Any]:
    return Score.objects.filter(dossier=dossier).values_list("inwoner", flat=True)


def _needed_elsewhere(dossier: Dossier, persons: set[int]) -> QuerySet[Any]:
    return Score.objects.filter(inwoner__in=persons).exclude(dossier=dossier).values_list("inwoner", flat=True)


HOLDINGS = Holdings(
    app="assessments",
    inzage=(
        InzageDossierPart("onderzoeken", order=10, values=onderzoeken, empty=list, models=(Onderzoek,)),
        InzageDossierPart(
            "persoonlijke_plannen", order=30, values=persoonlijke_plannen, empty=list, models=(PersoonlijkPlan,)
        ),
        InzageList("zelfredzaamheid", order=10, rows=scores, models=(Score,)),
    ),
    destruction=Destruction(
        order=30,
        models=(Onderzoek, PersoonlijkPlan, Score),
        remove=_remove,
        persons=_persons,
        needed_elsewhere=_needed_elsewhere,
    ),
)
