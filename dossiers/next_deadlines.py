"""The daily check of ``Dossier.next_deadline`` over all open dossiers, and how many terms press.

Every service that changes a term refreshes its dossier's ``next_deadline`` (``refresh_next_deadline``);
this check repairs what went past them (a bulk import, a failed write, an edit in the database) so the
worklists sort and filter on the right date. The state of a term (op tijd, dreigt te verlopen,
verlopen) follows from that date and today, so the counts are taken here too, for the record.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Min, OuterRef, QuerySet, Subquery
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


def refresh_next_deadlines(batch_size: int = 2000, today: date | None = None) -> RefreshResult:
    """Recompute ``next_deadline`` for open dossiers, ``batch_size`` at a time (two queries per batch).

    Only rows whose stored date differs are written, each with the date computed in the UPDATE
    itself, so a term started meanwhile by a consulent is never overwritten with an older answer. A
    second run finds nothing to correct.
    """
    earliest = Subquery(
        _open_terms()
        .filter(dossier=OuterRef("pk"))
        .order_by()
        .values("dossier")
        .annotate(first=Min("due"))
        .values("first")
    )
    checked = corrected = 0
    last_pk = 0
    open_dossiers = Dossier.objects.filter(status__in=OPEN_STATUSES).order_by("pk")
    while True:
        batch = list(open_dossiers.filter(pk__gt=last_pk).values_list("pk", "next_deadline")[:batch_size])
        if not batch:
            break
        last_pk = batch[-1][0]
        computed = dict(
            _open_terms()
            .filter(dossier_id__gte=batch[0][0], dossier_id__lte=last_pk)
            .order_by()
            .values("dossier_id")
            .annotate(first=Min("due"))
            .values_list("dossier_id", "first")
        )
        stale = [pk for pk, stored in batch if computed.get(pk) != stored]
        if stale:
            with transaction.atomic():
                corrected += Dossier.objects.filter(pk__in=stale, status__in=OPEN_STATUSES).update(
                    next_deadline=earliest
                )
        checked += len(batch)
    # A closed dossier presses on nobody (refresh_next_deadline clears it when the dossier closes).
    corrected += Dossier.objects.filter(status=Status.AFGESLOTEN, next_deadline__isnull=False).update(
        next_deadline=None
    )
    today = today or timezone.localdate()
    calendar = current_calendar()
    still_open = Dossier.objects.filter(status__in=OPEN_STATUSES)
    return RefreshResult(
        checked=checked,
        corrected=corrected,
        overdue=filter_by_deadline_state(still_open, DeadlineState.VERLOPEN, today, calendar).count(),
        threatening=filter_by_deadline_state(still_open, DeadlineState.DREIGT_TE_VERLOPEN, today, calendar).count(),
    )
