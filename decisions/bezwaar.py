"""Objections (bezwaar) against a sent beschikking: register, postpone the decision term, decide.

The only place that changes a Bezwaar. Each function runs in a transaction, refuses with a Dutch
message (ValidationError, or a DeadlineError from the deadline engine) and writes the dossier
timeline, so a refused step changes nothing and an accepted one leaves a trace.

The decision term (Awb 7:10 lid 1) is a DossierDeadline on the beschikking's dossier, so it shows
in the dossier and sorts the worklists through ``Dossier.next_deadline`` like every other term.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from core.translations import in_record_language
from deadlines.calendar_source import current_calendar
from deadlines.terms import (
    AWB_BESLISSING_OP_BEZWAAR,
    AWB_BESLISSING_OP_BEZWAAR_COMMISSIE,
    AWB_BEZWAARTERMIJN,
    LegalTerm,
    compute_deadline,
)
from decisions.models import Beschikking, BeschikkingStatus, Bezwaar, BezwaarOutcome, BezwaarStatus
from dossiers.models import DossierDeadline, TimelineEvent
from dossiers.services import add_timeline_event, postpone_deadline, refresh_next_deadline, start_deadline
from dossiers.suspensions import end_suspensions_of_met_terms
from dossiers.transitions import Status

#: Awb 7:10 lid 3: the decision on an objection may be postponed once, by at most six weeks.
POSTPONEMENT_WEEKS = 6


def _fail(message: str, field_name: str | None = None) -> ValidationError:
    return ValidationError({field_name: message} if field_name else message)


def _day(value: date) -> str:
    return date_format(value)


def decision_term(committee: bool) -> LegalTerm:
    """Six weeks, or twelve when an independent advisory committee hears the objection (Awb 7:10 lid 1)."""
    return AWB_BESLISSING_OP_BEZWAAR_COMMISSIE if committee else AWB_BESLISSING_OP_BEZWAAR


def objection_term_end(beschikking: Beschikking) -> date:
    """The last day to object; stored when the beschikking was sent, computed again only for old data."""
    if beschikking.objection_until is not None:
        return beschikking.objection_until
    if beschikking.sent_on is None:
        raise _fail(_("Deze beschikking heeft geen verzenddatum; de bezwaartermijn is onbekend."))
    return compute_deadline(AWB_BEZWAARTERMIJN, beschikking.sent_on, current_calendar()).due


def is_late(beschikking: Beschikking, received_on: date) -> bool:
    return received_on > objection_term_end(beschikking)


def decision_term_start(beschikking: Beschikking, received_on: date) -> date:
    """The event day the decision term is counted from (the term itself starts the day after).

    Awb 7:10 lid 1 counts from the day after the objection term ended, also when the objection
    came in early. A late objection cannot have a term that started before it arrived: then the
    term runs from receipt.
    """
    return max(objection_term_end(beschikking), received_on)


@transaction.atomic
def register_bezwaar(
    beschikking: Beschikking,
    actor: User,
    *,
    received_on: date,
    submitted_by: str,
    grounds: str,
    committee: bool,
) -> Bezwaar:
    """Register an objection and start the term for deciding on it.

    A late objection is still registered (and flagged): whether the lateness is excusable
    (Awb 6:11) is for the handler to judge in the decision, usually niet-ontvankelijk.
    """
    beschikking = Beschikking.objects.select_related("aanvraag__dossier").get(pk=beschikking.pk)
    if beschikking.status != BeschikkingStatus.VERZONDEN:
        raise _fail(_("Bezwaar kan alleen worden ingediend tegen een verzonden beschikking."))
    dossier = beschikking.aanvraag.dossier
    if dossier.status == Status.AFGESLOTEN:
        raise _fail(
            _("Het dossier is afgesloten. Heropen het dossier eerst, zodat de beslistermijn in de werkvoorraad komt.")
        )
    errors: dict[str, str] = {}
    if received_on > timezone.localdate():
        errors["received_on"] = _("De ontvangstdatum kan niet in de toekomst liggen.")
    if not submitted_by.strip():
        errors["submitted_by"] = _("Vul in wie het bezwaar heeft ingediend.")
    if not grounds.strip():
        errors["grounds"] = _("Vul de gronden van het bezwaar in.")
    if errors:
        raise ValidationError(errors)

    late = is_late(beschikking, received_on)
    term = decision_term(committee)
    deadline = start_deadline(dossier, term.code, decision_term_start(beschikking, received_on), actor)
    bezwaar = Bezwaar.objects.create(
        beschikking=beschikking,
        received_on=received_on,
        submitted_by=submitted_by.strip(),
        grounds=grounds.strip(),
        committee=committee,
        late=late,
        deadline=deadline,
        registered_by=actor,
    )
    with in_record_language():
        summary = _("Bezwaar ontvangen tegen beschikking %(number)s; beslissen uiterlijk %(due)s") % {
            "number": beschikking.number,
            "due": _day(deadline.due),
        }
        if late:
            summary += " " + _("(na de bezwaartermijn ontvangen)")
    add_timeline_event(
        dossier,
        actor,
        TimelineEvent.Kind.BEZWAAR,
        summary,
        bezwaar=bezwaar.pk,
        beschikking=beschikking.pk,
        committee=committee,
        late=late,
    )
    refresh_next_deadline(dossier)
    return bezwaar


def _locked(bezwaar: Bezwaar) -> Bezwaar:
    return (
        Bezwaar.objects.select_for_update(of=("self",))
        .select_related("beschikking__aanvraag__dossier", "deadline__dossier")
        .get(pk=bezwaar.pk)
    )


@transaction.atomic
def postpone_bezwaar(bezwaar: Bezwaar, actor: User, *, reason: str) -> Bezwaar:
    """Postpone the decision term by six weeks, once, with a reason (Awb 7:10 lid 3).

    Further postponement needs the objector's consent (Awb 7:10 lid 4); the deadline engine
    caps the postponement at six weeks, so that is refused here rather than bypassing it.
    The engine's own refusals (no reason, term already expired) reach the caller as DeadlineError.
    """
    current = _locked(bezwaar)
    if current.status == BezwaarStatus.AFGEHANDELD:
        raise _fail(_("Op dit bezwaar is al beslist; de termijn kan niet meer worden verdaagd."))
    deadline = current.deadline
    if deadline is None:
        raise _fail(_("Dit bezwaar heeft geen beslistermijn om te verdagen."))
    if deadline.postponed_weeks:
        raise _fail(
            _(
                "De beslistermijn is al verdaagd. Verder uitstel kan alleen met instemming van de indiener "
                "(Awb art. 7:10 lid 4) en is hier niet mogelijk."
            )
        )
    postpone_deadline(deadline, POSTPONEMENT_WEEKS, reason, actor)
    return current


@transaction.atomic
def decide_bezwaar(
    bezwaar: Bezwaar,
    actor: User,
    *,
    outcome: str,
    decided_on: date,
    note: str,
    new_beschikking: Beschikking | None = None,
) -> Bezwaar:
    """Record the decision on the objection; this meets its decision term.

    A gegrond objection sets the beschikking aside: a new one that replaces it follows, now
    (``new_beschikking``) or later (``link_new_beschikking``).
    """
    current = _locked(bezwaar)
    if current.status == BezwaarStatus.AFGEHANDELD:
        raise _fail(_("Op dit bezwaar is al beslist."))
    errors: dict[str, str] = {}
    if outcome not in BezwaarOutcome.values:
        errors["outcome"] = _("Kies een geldige uitkomst.")
    if decided_on > timezone.localdate():
        errors["decided_on"] = _("De datum van de beslissing kan niet in de toekomst liggen.")
    elif decided_on < current.received_on:
        errors["decided_on"] = _("De beslissing kan niet vallen vóór de ontvangst van het bezwaar (%(day)s).") % {
            "day": _day(current.received_on)
        }
    if outcome != BezwaarOutcome.INGETROKKEN and not note.strip():
        errors["note"] = (
            _("Beschrijf wat er verandert: wat wordt herzien en wat komt ervoor in de plaats.")
            if outcome == BezwaarOutcome.GEGROND
            else _("Motiveer de beslissing op het bezwaar.")
        )
    if new_beschikking is not None:
        problem = _replacement_problem(current, new_beschikking, outcome)
        if problem:
            errors["new_beschikking"] = problem
    if errors:
        raise ValidationError(errors)

    current.status = BezwaarStatus.AFGEHANDELD
    current.outcome = outcome
    current.decided_on = decided_on
    current.decision_note = note.strip()
    current.new_beschikking = new_beschikking
    current.save(update_fields=["status", "outcome", "decided_on", "decision_note", "new_beschikking"])

    dossier = current.beschikking.aanvraag.dossier
    deadline = current.deadline
    if deadline is not None and deadline.met_on is None:
        # A term that is met no longer stands still: a suspension still running ends on the decision day,
        # and "in time" is judged against the end those days moved.
        if end_suspensions_of_met_terms(DossierDeadline.objects.filter(pk=deadline.pk), decided_on, actor):
            deadline.refresh_from_db(fields=["due", "adjustments"])
        deadline.met_on = decided_on
        deadline.save(update_fields=["met_on"])
        with in_record_language():
            met = (
                _("Termijn gehaald: %(label)s")
                if decided_on <= deadline.due
                else _("Termijn te laat gehaald: %(label)s")
            )
            add_timeline_event(
                dossier, actor, TimelineEvent.Kind.TERMIJN, met % {"label": deadline.label}, term=deadline.term_code
            )
    with in_record_language():
        add_timeline_event(
            dossier,
            actor,
            TimelineEvent.Kind.BEZWAAR,
            _("Beslissing op bezwaar tegen beschikking %(number)s: %(outcome)s")
            % {"number": current.beschikking.number, "outcome": BezwaarOutcome(outcome).label.lower()},
            reason=current.decision_note,
            bezwaar=current.pk,
            outcome=outcome,
            new_beschikking=new_beschikking.pk if new_beschikking else None,
        )
    refresh_next_deadline(dossier)
    return current


@transaction.atomic
def link_new_beschikking(bezwaar: Bezwaar, actor: User, new_beschikking: Beschikking) -> Bezwaar:
    """Link the beschikking that replaces the one a gegrond objection set aside, once it exists."""
    current = _locked(bezwaar)
    if current.status != BezwaarStatus.AFGEHANDELD or current.outcome != BezwaarOutcome.GEGROND:
        raise _fail(_("Alleen bij een gegrond verklaard bezwaar hoort een nieuwe beschikking."))
    if current.new_beschikking_id is not None:
        raise _fail(_("Aan dit bezwaar is al een nieuwe beschikking gekoppeld."))
    problem = _replacement_problem(current, new_beschikking, BezwaarOutcome.GEGROND)
    if problem:
        raise _fail(problem, "new_beschikking")
    current.new_beschikking = new_beschikking
    current.save(update_fields=["new_beschikking"])
    with in_record_language():
        add_timeline_event(
            current.beschikking.aanvraag.dossier,
            actor,
            TimelineEvent.Kind.BEZWAAR,
            _("Beschikking %(new)s vervangt %(old)s na het gegronde bezwaar")
            % {"new": new_beschikking.number, "old": current.beschikking.number},
            bezwaar=current.pk,
            new_beschikking=new_beschikking.pk,
        )
    return current


def _replacement_problem(bezwaar: Bezwaar, new_beschikking: Beschikking, outcome: str) -> str | None:
    """Why ``new_beschikking`` cannot follow this objection (Dutch), or None."""
    if outcome != BezwaarOutcome.GEGROND:
        return _("Alleen een gegrond bezwaar leidt tot een nieuwe beschikking.")
    old = bezwaar.beschikking
    if new_beschikking.pk == old.pk:
        return _("De nieuwe beschikking moet een andere zijn dan die waartegen bezwaar is gemaakt.")
    if new_beschikking.aanvraag_id != old.aanvraag_id:
        return _("De nieuwe beschikking moet bij dezelfde aanvraag horen.")
    if new_beschikking.replaces_id != old.pk:
        return _("De nieuwe beschikking moet beschikking %(number)s vervangen.") % {"number": old.number}
    return None
