"""Recompute stored terms when the Atw calendar changes (a Royal Decree added, changed or removed).

A stored ``DossierDeadline`` keeps the ``due`` the engine gave it when it was stored. A date computed
before the decree for its year existed used the calendar's guess (ADR 0009); once the beheerder adds,
changes or removes a decree or one of its days, every open term whose computation touches a year that
change covers is computed again from its stored inputs (term, start, postponement, suspensions).

What is *not* recomputed, on purpose: a met term (its history is what happened), a term that lapsed
(vervallen), and a sent letter (``Beschikking.objection_until`` is what the household received, ADR 0005).
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from core.translations import in_record_language
from deadlines.calendar_source import current_calendar
from deadlines.terms import DeadlineError
from dossiers.models import Dossier, DossierDeadline, TimelineEvent
from dossiers.suspensions import engine_deadline

logger = logging.getLogger(__name__)

_CHUNK = 500


@dataclass(frozen=True)
class Recomputed:
    """What a recomputation did: terms looked at, terms whose date moved, terms the engine refused."""

    checked: int = 0
    moved: int = 0
    refused: int = 0


def _touching(years: set[int]) -> Q:
    """Terms whose span (the days after ``start`` up to and including ``due``) reaches into one of ``years``.

    The engine looks at no other day: Atw art. 1 and 2 and a working-day count only ask whether a day
    in that span is a rest day. A term that touches none of the years comes out the same, so it is left
    alone. A held term's stored ``due`` counts its running suspension as zero days, like its recomputation.
    """
    return reduce(or_, (Q(start__lt=date(year, 12, 31), due__gte=date(year, 1, 1)) for year in sorted(years)))


@transaction.atomic
def recompute_open_deadlines(years: Iterable[int], reason: str, actor: User | None) -> Recomputed:
    """Recompute every open stored term whose computation touches one of ``years``, with the current calendar.

    ``reason`` names the change for the timeline, e.g. "Koninklijk Besluit Stcrt. 2028, 12345". A term
    whose date moves gets a timeline entry on its dossier ("was X, nu Y"); one whose only change is the
    wording of its Atw lines (a guessed day now named by the decree) is updated silently. Each affected
    dossier's ``next_deadline`` is refreshed. A term the engine refuses to recompute (which should not
    happen) keeps its stored date and is logged, so one odd term cannot block the beheerder's decree.
    """
    from dossiers.services import add_timeline_event, refresh_next_deadline

    wanted = {year for year in years if year is not None}
    if not wanted:
        return Recomputed()
    calendar = current_calendar()
    candidates = (
        DossierDeadline.objects.filter(_touching(wanted), met_on__isnull=True, cancelled_on__isnull=True)
        .select_related("dossier")
        .prefetch_related("suspensions")
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    checked = moved = refused = 0
    dossiers: set[int] = set()
    for deadline in candidates.iterator(chunk_size=_CHUNK):
        checked += 1
        try:
            computed = engine_deadline(deadline, calendar)
        except DeadlineError:
            logger.warning("Termijn %s niet herberekend na %s", deadline.pk, reason, exc_info=True)
            refused += 1
            continue
        adjustments = list(computed.adjustments)
        if computed.due == deadline.due and adjustments == deadline.adjustments:
            continue
        was = deadline.due
        deadline.due = computed.due
        deadline.adjustments = adjustments
        deadline.save(update_fields=["due", "adjustments"])
        if was == computed.due:
            continue
        moved += 1
        dossiers.add(deadline.dossier_id)
        with in_record_language():
            summary = _("Termijn herberekend na %(reason)s: %(label)s was %(was)s, nu uiterlijk %(due)s") % {
                "reason": reason,
                "label": deadline.label,
                "was": date_format(was),
                "due": date_format(computed.due),
            }
        add_timeline_event(
            deadline.dossier,
            actor,
            TimelineEvent.Kind.TERMIJN,
            summary,
            term=deadline.term_code,
            deadline=deadline.pk,
            was=was.isoformat(),
            due=computed.due.isoformat(),
        )
    for dossier in Dossier.objects.filter(pk__in=dossiers):
        refresh_next_deadline(dossier)
    return Recomputed(checked=checked, moved=moved, refused=refused)
