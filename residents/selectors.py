"""Finding residents when a melding comes in, so one person is never registered twice."""

from datetime import date

from django.db.models import QuerySet

from residents.models import Huishouden, Inwoner


def normalise_postcode(value: str) -> str:
    return "".join(value.split()).upper()


def find_by_bsn(bsn: str) -> Inwoner | None:
    return Inwoner.objects.filter(bsn=bsn).first() if bsn else None


def possible_duplicates(achternaam: str, geboortedatum: date) -> QuerySet[Inwoner]:
    """Residents with the same surname and birth date: "mogelijk dezelfde persoon"."""
    return Inwoner.objects.filter(achternaam__iexact=achternaam.strip(), geboortedatum=geboortedatum).order_by("pk")


def find_residents(*, bsn: str = "", achternaam: str = "", geboortedatum: date | None = None) -> QuerySet[Inwoner]:
    """Candidates for a new melding: the one person with this BSN, else exact surname + birth date."""
    if bsn:
        return Inwoner.objects.filter(bsn=bsn)
    if achternaam and geboortedatum is not None:
        return possible_duplicates(achternaam, geboortedatum)
    return Inwoner.objects.none()


def households_of(inwoner: Inwoner) -> QuerySet[Huishouden]:
    """The households `inwoner` currently belongs to."""
    return Huishouden.objects.filter(leden__inwoner=inwoner, leden__end__isnull=True).distinct().order_by("-pk")
