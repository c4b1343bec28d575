"""The daily check of ``Dossier.next_deadline`` over all open dossiers, and how many terms press.

Every service that changes a term refreshes its dossier's ``next_deadline`` (``refresh_next_deadline``);
this check repairs what went past them (a bulk import, a failed write, an edit in the database) so the
worklists sort and filter on the right date. The state of a term (op tijd, dreigt te verlopen,
verlopen) follows from that date and today, so the counts are taken here too, for the record.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import F, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from deadlines.calendar_source import current_calendar
from deadlines.terms import DeadlineState
from dossiers.models import Dossier, DossierDeadline
from dossiers.selectors import filter_by_deadline_state
from dossiers.suspensions import not_held
from dossiers.transitions import OPEN_STATUSES, Status


@dataclass(frozen=True)
class RefreshResult:
    checked: int
    corrected: int
    overdue: int
    threatening: int


def _open_terms() -> QuerySet[DossierDeadline]:
    return not_held(DossierDeadline.objects.filter(met_on__isnull=True, cancelled_on__isnull=True))


def _earliest_open_due() -> Subquery:
    """The outer dossier's earliest open, not held term: what ``next_deadline`` must say."""
    return Subquery(
        _open_terms()
        .filter(dossier=OuterRef("pk"))
        .order_by()
        .values("dossier")
        .annotate(first=Min("due"))
        .values("first")
    )


def _stale(dossiers: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """The dossiers whose stored ``next_deadline`` differs from their earliest open term (NULLs included)."""
    differs = (
        Q(next_deadline__isnull=True, computed__isnull=False)
        | Q(next_deadline__isnull=False, computed__isnull=True)
        | Q(next_deadline__lt=F("computed"))
        | Q(next_deadline__gt=F("computed"))
    )
    return dossiers.alias(computed=_earliest_open_due()).filter(differs)


def refresh_next_deadlines(batch_size: int | None = None, today: date | None = None) -> RefreshResult:
    """Correct ``next_deadline`` of every open dossier whose stored date differs, set-based.

    One UPDATE over all open dossiers (or one per ``batch_size`` ids, to keep each transaction short),
    each row written with the date computed in the UPDATE itself, so a term started meanwhile by a
    consulent is never overwritten with an older answer. It reads the open terms through the partial
    index ``dossierdeadline_open``, so the work follows the open terms, not the years of met ones, and
    the number of queries does not depend on the number of terms or dossiers. A second run corrects nothing.
    """
    open_dossiers = Dossier.objects.filter(status__in=OPEN_STATUSES)
    checked = open_dossiers.count()
    corrected = 0
    if batch_size is None:
        ranges: list[tuple[int, int] | None] = [None]
    else:
        bounds = open_dossiers.aggregate(low=Min("pk"), high=Max("pk"))
        low, high = bounds["low"] or 0, bounds["high"] or -1
        ranges = [(start, start + batch_size - 1) for start in range(low, high + 1, batch_size)]
    for pk_range in ranges:
        batch = open_dossiers if pk_range is None else open_dossiers.filter(pk__range=pk_range)
        with transaction.atomic():
            corrected += Dossier.objects.filter(pk__in=_stale(batch).values("pk"), status__in=OPEN_STATUSES).update(
                next_deadline=_earliest_open_due()
            )
    # A closed dossier presses on nobody (refresh_next_deadline clears it when the dossier closes).
    corrected += Dossier.objects.filter(status=Status.AFGESLOTEN, next_deadline__isnull=False).update(
        next_deadline=None
    )
    today = today or timezone.localdate()
    calendar = current_calendar()
    return RefreshResult(
        checked=checked,
        corrected=corrected,
        overdue=filter_by_deadline_state(open_dossiers, DeadlineState.VERLOPEN, today, calendar).count(),
        threatening=filter_by_deadline_state(open_dossiers, DeadlineState.DREIGT_TE_VERLOPEN, today, calendar).count(),
    )
