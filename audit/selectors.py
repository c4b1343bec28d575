"""Reading the access log: a person's access history and the privacy officer's search.

`access_history` is what a resident may see about themselves ("who looked at my data, when and
why"); the privacy officer's screens and the AVG art. 15 export use the same list, and so will the
resident portal.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
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


#: Counted exactly up to this many rows; beyond it the screens say "more than" and page no further.
#: Counting every one of millions of matching rows costs seconds; nobody pages through 200 pages.
COUNT_CAP = 10_000


class CappedPaginator(Paginator):  # type: ignore[type-arg]  # django-stubs: Paginator is generic there
    """Pages over at most COUNT_CAP rows: the count reads at most COUNT_CAP + 1 index entries.

    `is_capped` tells the template to say "more than COUNT_CAP" and ask for a narrower search. The
    query count stays the same however many rows match (one count, one page; a deep page counts in
    its own query, see `page`).
    """

    @cached_property
    def _capped_count(self) -> int:
        entries = self.object_list
        assert isinstance(entries, QuerySet)
        return entries.order_by().values("pk")[: COUNT_CAP + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._capped_count, COUNT_CAP)

    @property
    def is_capped(self) -> bool:
        return self._capped_count > COUNT_CAP

    def _total_and_ids(self, bottom: int, top: int) -> tuple[int, list[int]]:
        """How many rows match (up to COUNT_CAP + 1) and the ids of rows bottom+1..top, from one scan.

        The count and the page used to be two queries that each walked the matching rows: for a search by
        staff whose lines are spread over the log, page 200 read some 150,000 log rows twice (once in
        storage order for the count, once newest first for the page). Numbered in the page's order within
        the first COUNT_CAP + 1, the rows are read once. Row 1 always comes back, so a page past the end
        still says how many rows there are.
        """
        entries = self.object_list
        assert isinstance(entries, QuerySet)
        # The numbering follows the order of the capped (ordered, limited) subquery it reads.
        sql, params = entries.values("pk")[: COUNT_CAP + 1].query.get_compiler(using=entries.db).as_sql()
        numbered = (
            "SELECT numbered.* FROM (SELECT capped.*, ROW_NUMBER() OVER () AS row_position, "  # noqa: S608 - Django's SQL
            f"COUNT(*) OVER () AS row_total FROM ({sql}) capped) numbered "
            "WHERE (numbered.row_position > %s AND numbered.row_position <= %s) OR numbered.row_position = 1 "
            "ORDER BY numbered.row_position"
        )
        with connections[entries.db].cursor() as cursor:
            cursor.execute(numbered, (*params, bottom, top))
            rows = cursor.fetchall()
        if not rows:
            return 0, []
        return int(rows[0][-1]), [row[0] for row in rows if bottom < row[-2] <= top]

    def _positive_integer(self, number: int | float | str) -> int:
        """`validate_number` without the upper bound, which needs the count this page's query brings."""
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from error
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def get_page(self, number: object) -> Page:  # type: ignore[type-arg]
        """As Django's, but the page is asked first: a deep page's query also brings the count the check needs."""
        try:
            return self.page(number)  # type: ignore[arg-type]  # anything else is PageNotAnInteger, as in Django
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(self.num_pages)

    def page(self, number: int | float | str) -> Page:  # type: ignore[type-arg]
        """The page's ids first (a narrow, index-ordered query), then only those rows with their staff.

        Sliced directly, the database joins and sorts every skipped row in full before dropping it: page
        200 of one month on a 10M-row log took 101 ms that way, 6 ms this way (PostgreSQL). A page in the
        second half of the capped rows walks, in order, most of what the count would walk again: there
        the count comes from the page's own walk (`_total_and_ids`). Nearer the top a separate count is
        cheaper, because it needs no order (an index-only scan of `at`, say, 3 instead of 15 ms).
        """
        number = self._positive_integer(number)
        bottom = (number - 1) * self.per_page
        entries = self.object_list
        assert isinstance(entries, QuerySet)
        if "_capped_count" in self.__dict__ or bottom < COUNT_CAP // 2:
            number = self.validate_number(number)
            top = bottom + self.per_page
            if top + self.orphans >= self.count:
                top = self.count
            return Page(entries.filter(pk__in=entries.values("pk")[bottom:top]), number, self)
        total, ids = self._total_and_ids(bottom, bottom + self.per_page + self.orphans)
        self.__dict__["_capped_count"] = total
        number = self.validate_number(number)
        if bottom + self.per_page + self.orphans < self.count:
            ids = ids[: self.per_page]  # not the last page: its orphans stay for the next
        return Page(entries.filter(pk__in=ids), number, self)


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


def _matching_staff(words: str) -> list[int]:
    """The ids of the staff whose user name or name holds every word: looked up first, in the small user
    table, so the log is then read through its (user, at) index for exactly those ids."""
    users = User.objects.all()
    for word in words.split():
        users = users.filter(Q(username__icontains=word) | Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return list(users.values_list("pk", flat=True))


def search(query: LogQuery) -> QuerySet[AccessLogEntry]:
    """Log entries matching every given filter, newest first."""
    entries = AccessLogEntry.objects.all()
    if query.person is not None:
        entries = entries.filter(_about(query.person))
    if query.medewerker:
        entries = entries.filter(user_id__in=_matching_staff(query.medewerker))
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
