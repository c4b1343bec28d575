"""Removing vroegsignalen that led to nothing, once the Wgs term has passed.

The retention app handles whole dossiers with a four-eyes review; a signal is not a dossier and the law leaves no
room to keep it: signals that did not lead to debt help are removed after the legal term (Wgs art. 5, see
`retention_months`; AP, Handreiking Wet gemeentelijke schuldhulpverlening §7.6 Bewaartermijnen). So this runs as a
nightly job (and `manage.py vroegsignalen_opruimen`), without a review, and writes one line per removed record to
the access log: which record (kind and number), never whose.

What goes, counted from the day the newest signal of it was received:
- a closed casus whose outcome was "geweigerd", "niet bereikt" or "al geholpen", with its signals and attempts;
- a signal that was never linked to a casus (not matched, or set aside as not to be matched).

Before anything goes, the counts monitor indicator 13 makes of those rows are stored as anonymous
`RemovedSignalFact`s (by the indicator's own counting functions, so the two cannot drift): the nightly rebuild adds
them, and a month older than the term keeps its figures.

What stays: an open casus (the work is not finished), and an accepted casus: its offer became a Wgs melding in the
household's dossier and follows that dossier's retention (retention.models.RetentionRule).
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time

from celery import shared_task
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import AccessAction, AccessBasis
from audit.services import log_access
from jobs.runs import RecordedJob
from monitor.indicators import vroegsignalering as indicator
from vroegsignalering.models import CasusOutcome, RemovedSignalFact, SignaalCasus, Vroegsignaal

#: The outcomes after which nothing came of the signals: the Wgs term applies to them.
LED_TO_NOTHING = (CasusOutcome.GEWEIGERD, CasusOutcome.NIET_BEREIKT, CasusOutcome.AL_GEHOLPEN)

DETAIL = "verwijderd na de bewaartermijn voor vroegsignalen (Wgs art. 5)"


def retention_months() -> int:
    """The term in months (setting VROEGSIGNALEN_BEWAARTERMIJN_MAANDEN, default 12; see docs/vroegsignalering.md)."""
    return int(settings.VROEGSIGNALEN_BEWAARTERMIJN_MAANDEN)


def cutoff(today: date) -> datetime:
    """Signals received before this moment are past the term on `today`."""
    return timezone.make_aware(datetime.combine(today - relativedelta(months=retention_months()), time.min))


@dataclass(frozen=True)
class Removed:
    casussen: int
    signals: int


def expired_casussen(today: date) -> "list[int]":
    """Ids of closed casussen that led to nothing and whose newest signal is past the term."""
    return list(
        SignaalCasus.objects.filter(outcome__in=LED_TO_NOTHING)
        .annotate(newest=Max("signalen__received_at"))
        .filter(newest__lt=cutoff(today))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def expired_unlinked_signals(today: date) -> "list[int]":
    return list(
        Vroegsignaal.objects.filter(casus__isnull=True, received_at__lt=cutoff(today))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _log(object_type: str, object_id: int) -> None:
    log_access(
        None,
        user=None,
        action=AccessAction.UPDATE,
        basis=AccessBasis.VROEGSIGNALERING,
        object_type=object_type,
        object_id=object_id,
        detail=DETAIL,
    )


#: Ids per query when counting what goes (SQLite allows a limited number of parameters).
CHUNK = 500


def keep_counts(casus_ids: list[int], signal_ids: list[int], today: date) -> int:
    """Store what indicator 13 counts of these casussen (with their signals) and loose signals; returns rows written.

    Counted exactly as the indicator's rebuild counts live rows, before they are deleted, in the caller's transaction.
    """
    counts: Counter[indicator.FactKey] = Counter()
    for start in range(0, len(casus_ids), CHUNK):
        chunk = casus_ids[start : start + CHUNK]
        counts.update(indicator.count_casussen(SignaalCasus.objects.filter(pk__in=chunk), today))
        counts.update(indicator.count_signals(Vroegsignaal.objects.filter(casus_id__in=chunk), today))
    for start in range(0, len(signal_ids), CHUNK):
        chunk = signal_ids[start : start + CHUNK]
        counts.update(indicator.count_signals(Vroegsignaal.objects.filter(pk__in=chunk), today))
    facts = [
        RemovedSignalFact(
            fact=fact,
            month=month,
            wijk_id=wijk_id,
            category=category,
            days=int(detail) if detail else None,
            count=n,
            removed_on=today,
        )
        for (fact, month, wijk_id, category, detail), n in counts.items()
    ]
    RemovedSignalFact.objects.bulk_create(facts, batch_size=CHUNK)
    return len(facts)


@transaction.atomic
def remove_expired(today: date | None = None) -> Removed:
    """Remove what led to nothing and is past the term, after storing its counts for the monitor; one access-log line
    per removed casus or loose signal."""
    today = today or timezone.localdate()
    casus_ids = expired_casussen(today)
    loose_ids = expired_unlinked_signals(today)
    keep_counts(casus_ids, loose_ids, today)
    signal_count = 0
    for pk in casus_ids:
        signals = Vroegsignaal.objects.filter(casus_id=pk)
        signal_count += signals.count()
        signals.delete()
        SignaalCasus.objects.filter(pk=pk).delete()  # its contact attempts cascade
        _log("signaalcasus", pk)
    for pk in loose_ids:
        Vroegsignaal.objects.filter(pk=pk).delete()
        signal_count += 1
        _log("vroegsignaal", pk)
    return Removed(casussen=len(casus_ids), signals=signal_count)


@shared_task(
    base=RecordedJob,
    name="vroegsignalering.remove_expired_signals",
    label=_("Vroegsignalen voorbij de bewaartermijn verwijderen"),
)
def remove_expired_signals() -> dict[str, int]:
    """Nightly; numbers only in the job's record."""
    removed = remove_expired()
    return {"casussen": removed.casussen, "signalen": removed.signals}
