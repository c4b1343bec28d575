"""Read queries on the catalogue: which price and which providers apply on a given day."""

from datetime import date

from django.db.models import Q, QuerySet

from catalogue.models import Aanbieder, Contract, Tarief, Voorziening


def _valid_on(day: date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def tariff_on(voorziening: Voorziening, day: date) -> Tarief | None:
    """None means no price was agreed for that day, which callers must treat as a gap, not as zero."""
    return Tarief.objects.filter(_valid_on(day), voorziening=voorziening).order_by("-valid_from").first()


def contracted_providers(voorziening: Voorziening, day: date) -> QuerySet[Aanbieder]:
    """Active providers with a contract for the voorziening that runs on that day."""
    contracts = Contract.objects.filter(_valid_on(day), voorziening=voorziening)
    return Aanbieder.objects.filter(active=True, pk__in=contracts.values("aanbieder")).order_by("name")
