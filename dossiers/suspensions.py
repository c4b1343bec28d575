"""Suspending a stored term (opschorting, Awb 4:15 and 7:10 lid 2): the only place that records one.

A suspension is not a postponement. The term stands still from its first suspended day until the day
it runs again; its end moves by those days and the Algemene termijnenwet is applied to the result
(``deadlines.terms.apply_suspensions``). Every change recomputes the stored ``due`` and
``adjustments`` from the term itself, so the dossier, the worklists, the letter and
``Dossier.next_deadline`` all use the moved date.

While a suspension runs, the term has no due date: it is *held*. The stored ``due`` is then the
earliest the term can end (the running suspension counted as zero days); ``refresh_next_deadline``
leaves held terms out, so they put no pressure on the worklists, and the screens show "opgeschort
sinds …" with the date as it would be if the suspension ended today.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from core.translations import in_record_language
from deadlines.atw import AtwCalendar
from deadlines.calendar_source import current_calendar
from deadlines.norms import effective_term
from deadlines.terms import (
    Deadline,
    DeadlineError,
    Suspension,
    SuspensionGround,
    apply_suspensions,
    check_suspension,
    compute_deadline,
    suspension_grounds,
)
from dossiers.models import DossierDeadline, TermSuspension, TimelineEvent


def running_suspensions() -> QuerySet[TermSuspension]:
    """For ``Exists(...)``: a suspension of the outer deadline that still runs."""
    return TermSuspension.objects.filter(deadline=OuterRef("pk"), end__isnull=True)


def not_held(deadlines: QuerySet[DossierDeadline]) -> QuerySet[DossierDeadline]:
    """The deadlines that are not standing still: only these have a due date that presses."""
    return deadlines.exclude(Exists(running_suspensions()))


def _day(value: date) -> str:
    return date_format(value)


def as_engine(suspension: TermSuspension) -> Suspension:
    return Suspension(ground=SuspensionGround(suspension.ground), start=suspension.start, end=suspension.end)


def engine_deadline(
    deadline: DossierDeadline,
    calendar: AtwCalendar | None = None,
    *,
    extra: Suspension | None = None,
    running_until: date | None = None,
) -> Deadline:
    """The stored term as the engine computes it: its start, any postponement and every suspension.

    A werknorm is computed with the length this installation configured, as ``start_deadline`` did.
    """
    cal = calendar or current_calendar()
    computed = compute_deadline(effective_term(deadline.term_code), deadline.start, cal)
    if deadline.postponed_weeks:
        computed = computed.postpone(deadline.postponed_weeks, deadline.postponement_reason or "-", cal)
    suspensions = [as_engine(s) for s in deadline.suspensions.all()]
    if extra is not None:
        suspensions.append(extra)
    computed = apply_suspensions(computed, suspensions, cal, running_until=running_until)
    return computed if deadline.met_on is None else computed.mark_met(deadline.met_on)


def due_if_ended_today(deadline: DossierDeadline, today: date, calendar: AtwCalendar | None = None) -> date:
    """The due date of a held term if its running suspension ended today (shown on the screen, not stored)."""
    return engine_deadline(deadline, calendar, running_until=today).due


def _store(deadline: DossierDeadline, computed: Deadline) -> None:
    from dossiers.services import refresh_next_deadline

    deadline.due = computed.due
    deadline.adjustments = list(computed.adjustments)
    deadline.save(update_fields=["due", "adjustments"])
    refresh_next_deadline(deadline.dossier)


def _refusal(error: DeadlineError, field: str | None = None) -> ValidationError:
    return ValidationError({field: str(error)} if field else str(error))


def _locked(deadline: DossierDeadline) -> DossierDeadline:
    return DossierDeadline.objects.select_for_update(of=("self",)).select_related("dossier").get(pk=deadline.pk)


@transaction.atomic
def suspend_deadline(
    deadline: DossierDeadline,
    actor: User,
    *,
    ground: str,
    start: date,
    end: date | None = None,
    note: str = "",
) -> TermSuspension:
    """Record a suspension of ``deadline`` (running when ``end`` is None) and move its end.

    Refused with a Dutch message (ValidationError): a ground that does not suspend this kind of
    term, a met term, a start before the term ran or after it expired, an end before the start
    or in the future, or a second running suspension.
    """
    current = _locked(deadline)
    if ground not in {g.value for g in suspension_grounds(current.term_code)}:
        allowed = ", ".join(f"{g.label} ({g.basis})" for g in suspension_grounds(current.term_code))
        raise ValidationError(
            {
                "ground": _("Deze grond schort de termijn '%(label)s' niet op. Mogelijk: %(allowed)s.")
                % {"label": current.label, "allowed": allowed or _("geen")}
            }
        )
    if end is not None and end > timezone.localdate():
        raise ValidationError({"end": _("Het einde van de opschorting kan niet in de toekomst liggen.")})
    if end is None and current.suspensions.filter(end__isnull=True).exists():
        raise ValidationError(_("Er loopt al een opschorting van deze termijn; beëindig die eerst."))
    new = Suspension(ground=SuspensionGround(ground), start=start, end=end)
    try:
        check_suspension(engine_deadline(current), new)
        computed = engine_deadline(current, extra=new)
    except DeadlineError as error:
        raise _refusal(error) from error
    suspension = TermSuspension.objects.create(
        deadline=current, ground=ground, start=start, end=end, note=note.strip(), recorded_by=actor
    )
    _store(current, computed)
    ground_text = SuspensionGround(ground)
    with in_record_language():
        if end is None:
            summary = _("Termijn opgeschort sinds %(start)s: %(label)s (%(basis)s)") % {
                "start": _day(start),
                "label": current.label,
                "basis": ground_text.basis,
            }
        else:
            summary = _("Termijn opgeschort van %(start)s tot %(end)s: %(label)s (%(basis)s), nu uiterlijk %(due)s") % {
                "start": _day(start),
                "end": _day(end),
                "label": current.label,
                "basis": ground_text.basis,
                "due": _day(current.due),
            }
    _timeline(current, actor, summary, note, suspension)
    return suspension


@transaction.atomic
def end_suspension(
    deadline: DossierDeadline,
    actor: User,
    *,
    end: date,
    note: str = "",
) -> TermSuspension:
    """End the running suspension on ``end`` (the day the term runs again) and move the term's end."""
    current = _locked(deadline)
    suspension = current.suspensions.filter(end__isnull=True).order_by("start", "pk").first()
    if suspension is None:
        raise ValidationError(_("Er loopt geen opschorting van deze termijn."))
    if end < suspension.start:
        raise ValidationError(
            {
                "end": _("Het einde ligt vóór het begin van de opschorting (%(start)s).")
                % {"start": _day(suspension.start)}
            }
        )
    if end > timezone.localdate():
        raise ValidationError({"end": _("Het einde van de opschorting kan niet in de toekomst liggen.")})
    suspension.end = end
    suspension.ended_by = actor
    if note.strip():
        suspension.note = "\n".join(part for part in (suspension.note, note.strip()) if part)
    suspension.save(update_fields=["end", "ended_by", "note"])
    try:
        computed = engine_deadline(current)
    except DeadlineError as error:
        raise _refusal(error) from error
    _store(current, computed)
    with in_record_language():
        summary = _("Opschorting beëindigd op %(end)s (%(days)s dagen): %(label)s loopt weer, uiterlijk %(due)s") % {
            "end": _day(end),
            "days": suspension.days,
            "label": current.label,
            "due": _day(current.due),
        }
    _timeline(current, actor, summary, note, suspension)
    return suspension


def end_suspensions_of_met_terms(deadlines: QuerySet[DossierDeadline], on: date, actor: User | None) -> int:
    """End every running suspension of ``deadlines`` on ``on``, the day the term is met; returns how many.

    Call it just before the terms are marked met: a term that is met no longer stands still, so it
    cannot stay "opgeschort". The suspended days up to ``on`` count (never fewer than zero: a suspension
    that had not begun yet ends on its own start), the stored ``due`` is recomputed so that "met in
    time" is judged against the moved end, and the timeline says so.
    """
    running = TermSuspension.objects.filter(deadline__in=deadlines, end__isnull=True).select_related(
        "deadline__dossier"
    )
    ended = 0
    for suspension in running.order_by("deadline_id", "start", "pk"):
        suspension.end = max(on, suspension.start)
        suspension.ended_by = actor
        suspension.save(update_fields=["end", "ended_by"])
        deadline = suspension.deadline
        try:
            computed = engine_deadline(deadline)
        except DeadlineError as error:
            raise _refusal(error) from error
        _store(deadline, computed)
        with in_record_language():
            summary = _(
                "Opschorting beëindigd op %(end)s (%(days)s dagen) omdat de termijn is gehaald: %(label)s, "
                "uiterlijk %(due)s"
            ) % {
                "end": _day(suspension.end),
                "days": suspension.days,
                "label": deadline.label,
                "due": _day(deadline.due),
            }
        _timeline(deadline, actor, summary, "", suspension)
        ended += 1
    return ended


def _timeline(
    deadline: DossierDeadline, actor: User | None, summary: str, note: str, suspension: TermSuspension
) -> None:
    from dossiers.services import add_timeline_event

    add_timeline_event(
        deadline.dossier,
        actor,
        TimelineEvent.Kind.TERMIJN,
        summary,
        reason=note.strip(),
        term=deadline.term_code,
        suspension=suspension.pk,
        ground=suspension.ground,
    )
