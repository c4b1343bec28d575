"""What the decisions app holds about a person, for the inzage export and destruction (dossiers.records)."""

from typing import Any

from django.db.models import Q, QuerySet

from decisions.models import (
    AangevraagdProduct,
    Aanvraag,
    Beschikking,
    BeschikkingRegel,
    Bezwaar,
    BudgetSpend,
    Letter,
    OtherLawIndication,
)
from dossiers.models import Dossier
from dossiers.records import Data, Destruction, Holdings, InzageList, Removal, iso_day
from residents.models import Inwoner


def aanvragen(inwoner: Inwoner) -> list[Data]:
    """The aanvragen for this person with their beschikkingen, lines and bezwaren."""
    found = (
        Aanvraag.objects.filter(inwoner=inwoner)
        .select_related("dossier")
        .prefetch_related("producten__voorziening", "beschikkingen__regels__voorziening", "beschikkingen__bezwaren")
        .order_by("received_on", "pk")
    )
    return [
        {
            "dossier": str(aanvraag.dossier),
            "wet": str(aanvraag.get_law_display()),
            "ontvangen_op": iso_day(aanvraag.received_on),
            "omschrijving": aanvraag.description,
            "status": str(aanvraag.get_status_display()),
            "gevraagd": [product.voorziening.name for product in aanvraag.producten.all()],
            "beschikkingen": [_beschikking(beschikking) for beschikking in aanvraag.beschikkingen.all()],
        }
        for aanvraag in found
    ]


def _beschikking(beschikking: Beschikking) -> Data:
    return {
        "nummer": beschikking.number,
        "besluit": str(beschikking.get_outcome_display()),
        "status": str(beschikking.get_status_display()),
        "verzonden_op": iso_day(beschikking.sent_on),
        "bezwaar_mogelijk_tot": iso_day(beschikking.objection_until),
        "motivering": beschikking.motivation,
        "wettelijke_grondslag": beschikking.legal_basis,
        "regels": [
            {
                "voorziening": regel.voorziening.name,
                "toegekend": regel.granted,
                "ingangsdatum": iso_day(regel.start),
                "einddatum": iso_day(regel.end),
                "reden_afwijzing": regel.rejection_reason,
            }
            for regel in beschikking.regels.all()
        ],
        "bezwaren": [
            {
                "ontvangen_op": iso_day(bezwaar.received_on),
                "status": str(bezwaar.get_status_display()),
                "uitkomst": str(bezwaar.get_outcome_display()) if bezwaar.outcome else "",
                "beslist_op": iso_day(bezwaar.decided_on),
            }
            for bezwaar in beschikking.bezwaren.all()
        ],
    }


def _remove(removal: Removal) -> None:
    """Leaf to root, after the toewijzingen (allocations) that PROTECT the lines: bezwaren, letters, beschikkingen."""
    dossier = removal.dossier
    beschikkingen = Beschikking.objects.filter(aanvraag__dossier=dossier)
    removal.delete(Bezwaar.objects.filter(Q(beschikking__in=beschikkingen) | Q(new_beschikking__in=beschikkingen)))
    removal.delete(Letter.objects.filter(beschikking__in=beschikkingen))
    removal.delete(OtherLawIndication.objects.filter(dossier=dossier))
    removal.delete_in_dependency_order(beschikkingen, "replaces")  # lines (BeschikkingRegel) cascade
    removal.delete(Aanvraag.objects.filter(dossier=dossier))  # aangevraagde producten cascade
    removal.delete(BudgetSpend.objects.filter(dossier=dossier))


def _persons(dossier: Dossier) -> QuerySet[Any]:
    return Aanvraag.objects.filter(dossier=dossier).values_list("inwoner", flat=True)


def _needed_elsewhere(dossier: Dossier, persons: set[int]) -> QuerySet[Any]:
    return Aanvraag.objects.filter(inwoner__in=persons).exclude(dossier=dossier).values_list("inwoner", flat=True)


HOLDINGS = Holdings(
    app="decisions",
    inzage=(
        InzageList(
            "aanvragen",
            order=20,
            rows=aanvragen,
            models=(Aanvraag, AangevraagdProduct, Beschikking, BeschikkingRegel, Bezwaar),
        ),
    ),
    destruction=Destruction(
        order=20,
        models=(
            Aanvraag,
            AangevraagdProduct,
            Beschikking,
            BeschikkingRegel,
            Bezwaar,
            Letter,
            OtherLawIndication,
            BudgetSpend,
        ),
        remove=_remove,
        persons=_persons,
        needed_elsewhere=_needed_elsewhere,
    ),
)
