"""The daily check of ``Dossier.next_deadline`` over all open dossiers, and how many terms press.

Every service that changes a term refreshes its dossier's ``next_deadline`` (``refresh_next_deadline``);
this check repairs what went past them (a bulk import, a failed write, an edit in the database) so the
worklists sort and filter on the right date. The state of a term (op tijd, dreigt te verlopen,
verlopen) follows from that date and today, so the counts are taken here too, for the record.
"""

from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.db.models import Max, Min, OuterRef, QuerySet, Subquery
from django.utils import timezone

from deadlines.calendar_source import current_calendar
from deadlines.terms import DeadlineState
from dossiers.models import Dossier, DossierDeadline, TermSuspension
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


def stale_sql(pk_range: tuple[int, int] | None = None) -> tuple[str, list[str | int]]:
    """The query for the open dossiers whose stored ``next_deadline`` differs from their earliest open, not held term.

    One pass over each side, joined by hash: the open terms grouped per dossier (an index-only scan
    of ``dossierdeadline_open``), left-joined to the open dossiers. Written in SQL because the ORM
    can only say this as a subquery per dossier, which probes the terms 100,000 times at city size.
    "Not held" is ``dossiers.suspensions.not_held``: no suspension of the term still runs (no end).
    """
    dossier, term = Dossier._meta.db_table, DossierDeadline._meta.db_table
    suspension = TermSuspension._meta.db_table
    statuses = sorted(OPEN_STATUSES)
    in_range = "AND d.id BETWEEN %s AND %s" if pk_range else ""
    sql = f"""
        SELECT d.id FROM {dossier} d
        LEFT JOIN (
            SELECT t.dossier_id, MIN(t.due) AS first FROM {term} t
            WHERE t.met_on IS NULL AND t.cancelled_on IS NULL
              AND NOT EXISTS (SELECT 1 FROM {suspension} s WHERE s.deadline_id = t.id AND s."end" IS NULL)
            GROUP BY t.dossier_id
        ) e ON e.dossier_id = d.id
        WHERE d.status IN ({", ".join(["%s"] * len(statuses))}) {in_range}
          AND ((d.next_deadline IS NULL AND e.first IS NOT NULL)
               OR (d.next_deadline IS NOT NULL AND e.first IS NULL)
               OR d.next_deadline <> e.first)
    """  # noqa: S608 - table names from the models, values as parameters
    return sql, [*statuses, *(pk_range or ())]


def _stale_ids(pk_range: tuple[int, int] | None = None) -> list[int]:
    sql, params = stale_sql(pk_range)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def refresh_next_deadlines(batch_size: int | None = None, today: date | None = None) -> RefreshResult:
    """Correct ``next_deadline`` of every open dossier whose stored date differs, set-based.

    One set-based query finds the stale dossiers and one UPDATE corrects them (or one of each per
    ``batch_size`` ids, to keep each transaction short), each row written with the date computed in
    the UPDATE itself, so a term started meanwhile by a consulent is never overwritten with an older
    answer. The open terms are read from the partial index ``dossierdeadline_open``, so the work
    follows the open terms, not the years of met ones, and the number of queries does not depend on
    the number of terms or dossiers. A second run corrects nothing.
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
        stale = _stale_ids(pk_range)
        if stale:
            with transaction.atomic():
                # The date is computed again in the UPDATE itself: a term started since the scan counts.
                corrected += Dossier.objects.filter(pk__in=stale, status__in=OPEN_STATUSES).update(
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
