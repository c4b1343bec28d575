"""Reading the access log: a person's access history and the privacy officer's search.

`access_history` is what a resident may see about themselves ("who looked at my data, when and
why"); the privacy officer's screens and the AVG art. 15 export use the same list, and so will the
resident portal.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from audit.models import AccessLogEntry
from dossiers.models import Dossier, DossierNote
from dossiers.sections import SENSITIVITY, Sensitivity
from residents.models import HuishoudenLid, Inwoner

#: Log entries about one person rather than a dossier: their own record, and inzage exports of it.
PERSON_OBJECT_TYPES: tuple[str, ...] = ("inwoner", "inzage")


def dossier_ids_of(inwoner: Inwoner) -> QuerySet[Dossier, int]:
    """Dossiers of every household the person is or was a member of."""
    households = HuishoudenLid.objects.filter(inwoner=inwoner).values("huishouden_id")
    return Dossier.objects.filter(huishouden_id__in=households).values_list("id", flat=True)


def _about(inwoner: Inwoner) -> Q:
    """Entries about the person's dossiers or about the person: a union of two index lookups.

    Written as one OR, the database cannot use both indexes and filters every row of the log instead.
    """
    by_dossier = AccessLogEntry.objects.filter(dossier_id__in=dossier_ids_of(inwoner))
    by_person = AccessLogEntry.objects.filter(object_type__in=PERSON_OBJECT_TYPES, object_id=str(inwoner.pk))
    return Q(pk__in=by_dossier.order_by().values("pk").union(by_person.order_by().values("pk")))


def access_history(inwoner: Inwoner) -> QuerySet[AccessLogEntry]:
    """Every log entry about `inwoner`: their households' dossiers and their own record; newest first.

    A household dossier is about every member, so all of its entries count, also those from before
    the person joined or after they left: better one line too many than one missing.
    """
    return AccessLogEntry.objects.filter(_about(inwoner)).select_related("user").order_by("-at", "-id")


def special_note_sections(dossier_ids: list[int]) -> list[str]:
    """Sections of special-category data (AVG art. 9/10) with notes in these dossiers: named in the export's log line."""
    special = [section for section, level in SENSITIVITY.items() if level == Sensitivity.BIJZONDER]
    notes = DossierNote.objects.filter(dossier_id__in=dossier_ids, section__in=special)
    return sorted(set(notes.values_list("section", flat=True)))


def find_person(*, bsn: str) -> Inwoner | None:
    """The person a privacy officer asks about: by BSN (exact) only, never by a number to count through."""
    return Inwoner.objects.filter(bsn=bsn).first() if bsn else None


@dataclass(frozen=True)
class LogQuery:
    """The privacy officer's filters; empty fields do not filter."""

    person: Inwoner | None = None
    medewerker: str = ""
    date_from: date | None = None
    date_to: date | None = None
    dossier_id: int | None = None
    action: str = ""
    basis: str = ""

    @property
    def is_empty(self) -> bool:
        return self == LogQuery()


def start_of_day(day: date) -> datetime:
    """Midnight at the start of `day` in the current time zone (also on a daylight-saving switch)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def search(query: LogQuery) -> QuerySet[AccessLogEntry]:
    """Log entries matching every given filter, newest first."""
    entries = AccessLogEntry.objects.all()
    if query.person is not None:
        entries = entries.filter(_about(query.person))
    for word in query.medewerker.split():
        entries = entries.filter(
            Q(user__username__icontains=word) | Q(user__first_name__icontains=word) | Q(user__last_name__icontains=word)
        )
    # A range on the column itself, so the index on `at` is used; `at__date` puts a function on
    # every row (seconds over millions of rows). Days are local days, as the privacy officer means them.
    if query.date_from is not None:
        entries = entries.filter(at__gte=start_of_day(query.date_from))
    if query.date_to is not None:
        entries = entries.filter(at__lt=start_of_day(query.date_to + timedelta(days=1)))
    if query.dossier_id is not None:
        entries = entries.filter(dossier_id=query.dossier_id)
    if query.action:
        entries = entries.filter(action=query.action)
    if query.basis:
        entries = entries.filter(basis=query.basis)
    return entries.select_related("user").order_by("-at", "-id")
