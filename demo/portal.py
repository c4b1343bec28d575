"""The demo's residents for Mijn Wijkteam: who the "DigiD (demo)" page offers first."""

from django.db.models import QuerySet

from residents.models import Inwoner


def demo_residents(limit: int) -> QuerySet[Inwoner]:
    """Synthetic residents who are a member of a household with a dossier, the showcase household first."""
    return (
        Inwoner.objects.filter(
            is_synthetic=True, bsn__isnull=False, lidmaatschappen__huishouden__dossiers__isnull=False
        )
        .distinct()
        .order_by("pk")[:limit]
    )
