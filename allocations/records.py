"""What the allocations app holds about a person, for the inzage export and destruction (dossiers.records)."""

from typing import Any

from django.db.models import Q, QuerySet

from allocations.models import Bericht, BerichtTaak, Toewijzing
from dossiers.models import Dossier
from dossiers.records import Data, Destruction, Holdings, InzageList, Removal, iso_day
from residents.models import Inwoner


def toewijzingen(inwoner: Inwoner) -> list[Data]:
    found = (
        Toewijzing.objects.filter(inwoner=inwoner)
        .select_related("aanbieder", "voorziening")
        .order_by("ingangsdatum", "pk")
    )
    return [
        {
            "nummer": toewijzing.nummer,
            "wet": str(toewijzing.get_law_display()),
            "aanbieder": toewijzing.aanbieder.name,
            "voorziening": toewijzing.voorziening.name,
            "ingangsdatum": iso_day(toewijzing.ingangsdatum),
            "einddatum": iso_day(toewijzing.einddatum),
            "status": str(toewijzing.get_status_display()),
        }
        for toewijzing in found
    ]


def _remove(removal: Removal) -> None:
    """First of all: the toewijzingen PROTECT the decisions' lines, the messages each other and the toewijzingen."""
    dossier, persons = removal.dossier, removal.persons
    # Messages to and from providers about the persons who go or owned by the dossier, with the replies to them.
    berichten = set(Bericht.objects.filter(Q(inwoner__in=persons) | Q(dossier=dossier)).values_list("pk", flat=True))
    replies = set(Bericht.objects.filter(in_reply_to__in=berichten).values_list("pk", flat=True)) - berichten
    while replies:
        berichten |= replies
        replies = set(Bericht.objects.filter(in_reply_to__in=replies).values_list("pk", flat=True)) - berichten
    removal.delete(
        BerichtTaak.objects.filter(Q(bericht__in=berichten) | Q(answer__in=berichten) | Q(inwoner__in=persons))
    )
    removal.delete_in_dependency_order(Bericht.objects.filter(pk__in=berichten), "in_reply_to")
    removal.delete(
        Toewijzing.objects.filter(
            Q(regel__beschikking__aanvraag__dossier=dossier) | Q(inwoner__in=persons) | Q(dossier=dossier)
        )
    )


def _needed_elsewhere(dossier: Dossier, persons: set[int]) -> QuerySet[Any]:
    """A toewijzing under another dossier's beschikking keeps its person."""
    return (
        Toewijzing.objects.filter(inwoner__in=persons, regel__isnull=False)
        .exclude(regel__beschikking__aanvraag__dossier=dossier)
        .values_list("inwoner", flat=True)
    )


HOLDINGS = Holdings(
    app="allocations",
    inzage=(InzageList("toewijzingen", order=30, rows=toewijzingen, models=(Toewijzing,)),),
    destruction=Destruction(
        order=10, models=(Toewijzing, Bericht, BerichtTaak), remove=_remove, needed_elsewhere=_needed_elsewhere
    ),
)
