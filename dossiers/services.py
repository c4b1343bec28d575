"""The only place that changes dossiers: meldingen, status transitions, regisseur, deadlines.

Each function runs in a transaction and writes the timeline and the access log, so no view can
forget either.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, Min, OuterRef, PositiveSmallIntegerField, Q, Subquery, Value, When
from django.db.models.expressions import BaseExpression
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import AccessAction, AccessBasis
from audit.services import log_access
from core.translations import in_record_language
from deadlines.calendar_source import current_calendar
from deadlines.norms import effective_term
from deadlines.terms import compute_deadline, get_term
from dossiers.models import (
    URGENCY_RANKS,
    Dossier,
    DossierDeadline,
    Involvement,
    InvolvementRole,
    Melding,
    Regime,
    TimelineEvent,
    Urgency,
    WgsThreat,
)
from dossiers.outcome import OutcomeStep, derived_step
from dossiers.regimes import MET_BY_EVENT, MET_BY_HAND, default_regime, melding_terms
from dossiers.suspensions import end_suspensions_of_met_terms, engine_deadline, not_held
from dossiers.transitions import OPEN_STATUSES, TRIAGE_STATUSES, CloseReason, Status, is_allowed
from organisation.models import Team
from residents.models import Huishouden, Inwoner, Netwerkrelatie


class TransitionNotAllowed(ValidationError):
    pass


def add_timeline_event(
    dossier: Dossier, actor: User | None, kind: str, summary: str | Promise, reason: str | Promise = "", **data: object
) -> None:
    """Append an entry; the summary is part of the record, so build it in Dutch (`in_record_language`).

    A lazy text (`gettext_lazy`) is read here in Dutch too, whatever language the screen shows.
    """
    with in_record_language():
        summary, reason = str(summary), str(reason)
    TimelineEvent.objects.create(
        dossier=dossier, actor=actor, kind=kind, summary=summary[:300], reason=reason, data=data
    )


def refresh_next_deadline(dossier: Dossier) -> None:
    """Keep `Dossier.next_deadline` equal to the earliest open deadline, so worklists sort in SQL."""
    if dossier.status == Status.AFGESLOTEN:
        earliest = None
    else:
        # A held term (a suspension still runs) has no due date yet: it presses on no worklist.
        open_terms = not_held(dossier.deadlines.filter(met_on__isnull=True, cancelled_on__isnull=True))
        earliest = open_terms.aggregate(first=Min("due"))["first"]
    Dossier.objects.filter(pk=dossier.pk).update(next_deadline=earliest)
    dossier.next_deadline = earliest


def newest_melding_triage_key() -> dict[str, BaseExpression]:
    """The triage queue's key of the outer dossier, computed from its newest melding, for an UPDATE.

    For bulk repairs (``repair_triage_keys``); one dossier at a time, ``Dossier.refresh_triage_key`` does the same.
    """
    newest = Melding.objects.filter(dossier=OuterRef("pk")).order_by("-received_at", "-pk")
    rank = Case(
        *(When(urgency=urgency, then=Value(place)) for urgency, place in URGENCY_RANKS.items()),
        default=Value(URGENCY_RANKS[Urgency.NORMAAL]),
        output_field=PositiveSmallIntegerField(),
    )
    return {
        "last_melding_at": Subquery(newest.values("received_at")[:1]),
        "last_melding_rank": Coalesce(
            Subquery(newest.annotate(rank=rank).values("rank")[:1]),
            Value(URGENCY_RANKS[Urgency.NORMAAL]),
            output_field=PositiveSmallIntegerField(),
        ),
    }


def repair_triage_keys() -> int:
    """Correct the triage key of every waiting dossier whose key differs from its newest melding; returns how many.

    ``Melding.save`` keeps the key in step, and a dossier entering triage reads it again
    (``change_status``); this repairs what went past both (rows written in bulk, such as the demo
    seeder's, or an edit in the database). One UPDATE; a second run corrects nothing.
    """
    key = newest_melding_triage_key()
    # NULL-safe comparison with each subquery named once, so the database evaluates it once per row.
    never = Value(datetime(1900, 1, 1, tzinfo=UTC))
    stale = (
        Dossier.objects.filter(status__in=TRIAGE_STATUSES)
        .alias(
            stored_at=Coalesce("last_melding_at", never),
            key_at=Coalesce(key["last_melding_at"], never),
            key_rank=key["last_melding_rank"],
        )
        .filter(~Q(stored_at=F("key_at")) | ~Q(last_melding_rank=F("key_rank")))
    )
    return Dossier.objects.filter(pk__in=stale.values("pk")).update(**key)


def start_deadline(
    dossier: Dossier, term_code: str, start: date, actor: User | None, *, melding: Melding | None = None
) -> DossierDeadline:
    """Start a legal term; `melding` links an onderzoek or persoonlijk-plan term to the need it is about."""
    computed = compute_deadline(effective_term(term_code), start, current_calendar())
    deadline = DossierDeadline.objects.create(
        dossier=dossier,
        melding=melding,
        term_code=computed.term.code,
        label=computed.term.label,
        basis=computed.term.basis,
        start=start,
        due=computed.due,
        adjustments=list(computed.adjustments),
    )
    with in_record_language():
        summary = _("Termijn gestart: %(label)s, uiterlijk %(due)s") % {
            "label": deadline.label,
            "due": date_format(deadline.due),
        }
    add_timeline_event(dossier, actor, TimelineEvent.Kind.TERMIJN, summary, term=deadline.term_code)
    return deadline


class DeadlineNotMet(ValidationError):
    """The work was done before the term started, so it cannot meet it."""


def mark_deadline_met(
    dossier: Dossier,
    term_code: str,
    on: date,
    actor: User | None,
    *,
    meldingen: Iterable[Melding] | None = None,
) -> int:
    """Mark the open `term_code` terms met on `on`; returns how many.

    With `meldingen`, only the terms of those meldingen are met (one onderzoek answers its own needs, not a
    need reported later), plus unlinked terms that had started by `on`. A term can only be met by work done
    after it started: a date before a term's start is refused with a Dutch message and nothing changes.
    """
    terms = dossier.deadlines.filter(term_code=term_code, met_on__isnull=True, cancelled_on__isnull=True)
    if meldingen is not None:
        terms = terms.filter(Q(melding__in=list(meldingen)) | Q(melding__isnull=True, start__lte=on))
    too_early = terms.filter(start__gt=on).order_by("start").first()
    if too_early is not None:
        raise DeadlineNotMet(
            _(
                "De termijn '%(label)s' begon op %(start)s; werk van %(on)s kan die termijn niet halen. "
                "Kies een datum op of na het begin van de termijn."
            )
            % {"label": too_early.label, "start": date_format(too_early.start), "on": date_format(on)},
            code="before_start",
        )
    # A term that is met no longer stands still: a suspension still running ends on the day it is met.
    end_suspensions_of_met_terms(terms, on, actor)
    updated = terms.update(met_on=on)
    if updated:
        with in_record_language():
            summary = _("Termijn gehaald: %(code)s") % {"code": get_term(term_code).label}
        add_timeline_event(dossier, actor, TimelineEvent.Kind.TERMIJN, summary)
        refresh_next_deadline(dossier)
    return updated


@transaction.atomic
def postpone_deadline(deadline: DossierDeadline, weeks: int, reason: str, actor: User) -> DossierDeadline:
    """Postpone where the law allows it; the engine refuses otherwise (DeadlineError, Dutch message).

    The new end counts from the term with its earlier postponements and its suspensions (Awb 4:15,
    7:10 lid 2), so a postponement never undoes the days a suspension added.
    """
    computed = engine_deadline(deadline, current_calendar())
    postponed = computed.postpone(weeks, reason, current_calendar(), decided_on=timezone.localdate())
    deadline.due = postponed.due
    deadline.postponed_weeks = postponed.postponed_weeks
    deadline.postponement_reason = postponed.postponement_reason
    deadline.adjustments = list(postponed.adjustments)
    deadline.save(update_fields=["due", "postponed_weeks", "postponement_reason", "adjustments"])
    with in_record_language():
        summary = _("Termijn verdaagd: %(label)s tot %(due)s") % {
            "label": deadline.label,
            "due": date_format(deadline.due),
        }
    add_timeline_event(deadline.dossier, actor, TimelineEvent.Kind.TERMIJN, summary, reason=reason)
    refresh_next_deadline(deadline.dossier)
    return deadline


@dataclass(frozen=True)
class NewMelding:
    route: str
    description: str
    urgency: str
    received_at: datetime
    reporter_name: str = ""
    reporter_organisation: str = ""
    #: The law the melding falls under; empty: the default for the route (dossiers/regimes.py).
    regime: str = ""
    #: The threatening situation of a Wgs melding (eviction, disconnection, ended health insurance), if any.
    wgs_threat: str = ""


def open_dossier_for(huishouden: Huishouden) -> Dossier | None:
    return huishouden.dossiers.filter(status__in=OPEN_STATUSES).order_by("-opened_at").first()


@transaction.atomic
def register_melding(
    *,
    actor: User,
    team: Team,
    inwoner: Inwoner,
    huishouden: Huishouden,
    melding: NewMelding,
    request: HttpRequest | None = None,
) -> Melding:
    """Register a signal. It joins the household's open dossier, or opens a new episode.

    The melding's law (its regime, by default the route's) decides which terms start: see dossiers/regimes.py.
    """
    regime = Regime(melding.regime) if melding.regime else default_regime(melding.route)
    _check_wgs_threat(regime, melding.wgs_threat)
    dossier = open_dossier_for(huishouden)
    is_new = dossier is None
    if dossier is None:
        dossier = Dossier.objects.create(huishouden=huishouden, team=team, opened_at=melding.received_at)
    record = Melding.objects.create(
        dossier=dossier,
        inwoner=inwoner,
        route=melding.route,
        reporter_name=melding.reporter_name,
        reporter_organisation=melding.reporter_organisation,
        received_at=melding.received_at,
        description=melding.description,
        urgency=melding.urgency,
        regime=regime,
        wgs_threat=melding.wgs_threat,
        registered_by=actor,
    )
    with in_record_language():
        summary = _("Melding ontvangen via %(route)s (%(regime)s)") % {
            "route": record.get_route_display(),
            "regime": record.get_regime_display(),
        }
    add_timeline_event(
        dossier,
        actor,
        TimelineEvent.Kind.MELDING,
        summary,
        melding=record.pk,
        regime=record.regime,
        wgs_threat=record.wgs_threat,
    )
    # Every melding has its own terms (Wmo 2.3.2 lid 1 and 2 count from *this* melding), also when an
    # earlier one's onderzoek is still running: that onderzoek takes the new need on and meets both.
    _start_melding_terms(record, timezone.localdate(melding.received_at), actor)
    refresh_next_deadline(dossier)
    log_access(
        request,
        user=actor,
        action=AccessAction.CREATE,
        basis=AccessBasis.REGISTRATIE,
        object_type="melding",
        object_id=record.pk,
        dossier_id=dossier.pk,
        detail="nieuw dossier" if is_new else "bestaand dossier",
    )
    return record


def _check_wgs_threat(regime: str, wgs_threat: str) -> None:
    if wgs_threat and wgs_threat not in WgsThreat.values:
        raise ValidationError({"wgs_threat": _("Kies een dreigende situatie uit de lijst.")})
    if wgs_threat and regime != Regime.SCHULDHULP:
        raise ValidationError(
            {"wgs_threat": _("Een dreigende situatie hoort bij een melding voor schuldhulpverlening (Wgs).")}
        )


def _start_melding_terms(record: Melding, start: date, actor: User | None) -> list[DossierDeadline]:
    """Start the terms (and werknormen) the melding's law sets, each linked to the melding."""
    return [
        start_deadline(record.dossier, code, start, actor, melding=record)
        for code in melding_terms(record.regime, record.wgs_threat)
    ]


@transaction.atomic
def requalify_melding(
    melding: Melding,
    *,
    regime: str,
    wgs_threat: str = "",
    on: date,
    reason: str,
    actor: User,
    basis: str = AccessBasis.BETROKKEN,
    request: HttpRequest | None = None,
) -> Melding:
    """Put a melding under another law (or change its Wgs situation) from `on`.

    The new law's terms start on `on`, the re-qualification date, not on the day the melding came in:
    a worry becomes a request for help when the household asks. Open terms of the old law that the new
    one does not set are closed as "vervallen" with the reason; nothing is deleted, and terms already met
    stay as they were.
    """
    melding = Melding.objects.select_for_update().select_related("dossier").get(pk=melding.pk)
    dossier = melding.dossier
    new_regime = Regime(regime)
    _check_wgs_threat(new_regime, wgs_threat)
    if not reason.strip():
        raise ValidationError({"reason": _("Geef aan waarom de melding onder een ander kader valt.")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("De datum van herkwalificatie ligt in de toekomst.")})
    if on < timezone.localdate(melding.received_at):
        raise ValidationError({"on": _("De datum van herkwalificatie ligt vóór de ontvangst van de melding.")})
    if new_regime == melding.regime and wgs_threat == melding.wgs_threat:
        raise ValidationError(_("De melding valt al onder dit kader; er is niets gewijzigd."))
    if dossier.status == Status.AFGESLOTEN:
        raise ValidationError(_("Het dossier is afgesloten; heropen het om de melding te herkwalificeren."))

    with in_record_language():
        old_label, old_threat = melding.get_regime_display(), melding.get_wgs_threat_display()
    old_codes = set(melding_terms(melding.regime, melding.wgs_threat))
    new_codes = melding_terms(new_regime, wgs_threat)
    melding.regime, melding.wgs_threat = new_regime, wgs_threat
    melding.save(update_fields=["regime", "wgs_threat"])
    with in_record_language():
        new_label, new_threat = melding.get_regime_display(), melding.get_wgs_threat_display()
        summary = _("Melding geherkwalificeerd: %(old)s → %(new)s") % {
            "old": old_label + (f" ({old_threat})" if old_threat else ""),
            "new": new_label + (f" ({new_threat})" if new_threat else ""),
        }
    add_timeline_event(
        dossier,
        actor,
        TimelineEvent.Kind.MELDING,
        summary,
        reason=reason.strip(),
        melding=melding.pk,
        regime=melding.regime,
        wgs_threat=melding.wgs_threat,
        on=on.isoformat(),
    )
    lapsed = melding.deadlines.filter(met_on__isnull=True, cancelled_on__isnull=True).exclude(term_code__in=new_codes)
    for deadline in lapsed.filter(term_code__in=old_codes):
        deadline.cancelled_on = on
        deadline.cancel_reason = f"{summary}. {reason.strip()}"
        deadline.save(update_fields=["cancelled_on", "cancel_reason"])
        with in_record_language():
            lapsed_summary = _("Termijn vervallen: %(label)s") % {"label": deadline.label}
        add_timeline_event(
            dossier,
            actor,
            TimelineEvent.Kind.TERMIJN,
            lapsed_summary,
            reason=deadline.cancel_reason,
            term=deadline.term_code,
        )
    running = set(
        melding.deadlines.filter(met_on__isnull=True, cancelled_on__isnull=True).values_list("term_code", flat=True)
    )
    for code in new_codes:
        if code not in running:
            start_deadline(dossier, code, on, actor, melding=melding)
    refresh_next_deadline(dossier)
    log_access(
        request,
        user=actor,
        action=AccessAction.UPDATE,
        basis=basis,
        object_type="melding",
        object_id=melding.pk,
        dossier_id=dossier.pk,
        detail=f"kader {melding.regime}",
    )
    return melding


def _guard(dossier: Dossier, target: Status, close_reason: str) -> str | None:
    """Why `target` cannot be reached yet (Dutch), or None."""
    if target == Status.IN_ONDERZOEK and dossier.regisseur_id is None:
        return _("Wijs eerst een regisseur toe voordat het onderzoek start.")
    if target == Status.PLAN and not dossier.onderzoeken.filter(completed_on__isnull=False).exists():
        return _("Rond eerst het onderzoek af voordat het plan wordt gemaakt.")
    if (
        target == Status.UITVOERING
        and not Dossier.objects.filter(pk=dossier.pk, plan__agreed_on__isnull=False).exists()
    ):
        return _("Het plan moet eerst door het huishouden zijn akkoord gegeven.")
    if target == Status.AFGESLOTEN and close_reason not in CloseReason.values:
        return _("Geef een reden op om het dossier af te sluiten.")
    return None


@transaction.atomic
def change_status(
    dossier: Dossier,
    target: Status,
    *,
    actor: User,
    reason: str = "",
    close_reason: str = "",
    outcome_step: str = "",
    basis: str = AccessBasis.BETROKKEN,
    request: HttpRequest | None = None,
) -> Dossier:
    """The single entry point for a status change: checks the table and guards, logs who/when/why.

    On closing, the ladder step the records show wins over `outcome_step` (what the regisseur said when they
    showed none); with neither, the step stays empty and the monitor counts it as "niet vastgelegd"."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    current = Status(dossier.status)
    if not is_allowed(current, target):
        raise TransitionNotAllowed(
            _("Van '%(from)s' naar '%(to)s' is geen toegestane stap.") % {"from": current.label, "to": target.label}
        )
    problem = _guard(dossier, target, close_reason)
    if problem:
        raise TransitionNotAllowed(problem)
    now = timezone.now()
    dossier.status = target
    dossier.status_changed_at = now
    if target == Status.AFGESLOTEN:
        dossier.closed_at = now
        dossier.close_reason = close_reason
        dossier.close_note = reason
        derived = derived_step(dossier.pk, close_reason)
        dossier.outcome_step = derived or (outcome_step if outcome_step in OutcomeStep.values else "")
    elif target == Status.HEROPEND:
        dossier.closed_at = None
        dossier.close_reason = ""
        dossier.outcome_step = ""
    dossier.save()
    if target in TRIAGE_STATUSES:
        # Back in the queue (a reopened dossier): its place follows its newest melding, whatever wrote it.
        dossier.refresh_triage_key()
    with in_record_language():
        summary = _("Status: %(from)s → %(to)s") % {"from": current.label, "to": target.label}
    add_timeline_event(
        dossier,
        actor,
        TimelineEvent.Kind.STATUS,
        summary,
        reason=reason,
        old=current.value,
        new=target.value,
        close_reason=close_reason,
    )
    if target == Status.AFGESLOTEN:
        # Access follows involvement: when the episode ends, so does everyone's involvement.
        dossier.involvements.filter(Q(end__isnull=True) | Q(end__gt=now)).update(end=now)
    refresh_next_deadline(dossier)
    log_access(
        request,
        user=actor,
        action=AccessAction.UPDATE,
        basis=basis,
        object_type="dossier",
        object_id=dossier.pk,
        dossier_id=dossier.pk,
        detail=f"status {target.value}",
    )
    return dossier


@transaction.atomic
def assign_regisseur(
    dossier: Dossier,
    regisseur: User,
    *,
    actor: User,
    colleague: User | None = None,
    basis: str = AccessBasis.TEAM_TRIAGE,
    request: HttpRequest | None = None,
) -> Dossier:
    """Make `regisseur` the household's fixed contact; optionally a second colleague for the home visit."""
    if not regisseur.does_casework:
        raise ValidationError(_("Alleen een generalist, consulent of teamleider kan regisseur zijn."))
    if colleague is not None and colleague.pk == regisseur.pk:
        raise ValidationError(_("De tweede collega moet iemand anders zijn dan de regisseur."))
    now = timezone.now()
    active = dossier.involvements.filter(Q(end__isnull=True) | Q(end__gt=now))
    active.filter(role=InvolvementRole.REGISSEUR).exclude(user=regisseur).update(end=now)
    if not active.filter(role=InvolvementRole.REGISSEUR, user=regisseur).exists():
        Involvement.objects.create(dossier=dossier, user=regisseur, role=InvolvementRole.REGISSEUR, start=now)
    if colleague is not None and not active.filter(user=colleague).exists():
        Involvement.objects.create(dossier=dossier, user=colleague, role=InvolvementRole.COLLEGA, start=now)
    dossier.regisseur = regisseur
    dossier.save(update_fields=["regisseur"])
    with in_record_language():
        summary = _("Regisseur: %(name)s") % {"name": regisseur}
        if colleague is not None:
            summary += " " + _("(met %(name)s)") % {"name": colleague}
        picked_up = _("Opgepakt in triage")
    add_timeline_event(
        dossier,
        actor,
        TimelineEvent.Kind.TOEWIJZING,
        summary,
        regisseur=regisseur.pk,
        colleague=colleague.pk if colleague else None,
    )
    if dossier.status == Status.AANGEMELD:
        change_status(dossier, Status.IN_TRIAGE, actor=actor, reason=picked_up, basis=basis, request=request)
        dossier.refresh_from_db()
    log_access(
        request,
        user=actor,
        action=AccessAction.UPDATE,
        basis=basis,
        object_type="dossier",
        object_id=dossier.pk,
        dossier_id=dossier.pk,
        detail="regisseur toegewezen",
    )
    return dossier


@transaction.atomic
def add_netwerkrelatie(
    dossier: Dossier,
    *,
    actor: User,
    name: str,
    type: str,
    for_inwoner: Inwoner | None = None,
    telefoon: str = "",
    note: str = "",
    basis: str = AccessBasis.BETROKKEN,
    request: HttpRequest | None = None,
) -> Netwerkrelatie:
    """Record someone in the household's informal network, on the timeline and in the access log."""
    if for_inwoner is not None and not dossier.huishouden.leden.filter(inwoner=for_inwoner).exists():
        raise ValidationError(_("Deze persoon hoort niet bij het huishouden van dit dossier."))
    relatie = Netwerkrelatie.objects.create(
        huishouden=dossier.huishouden, name=name, type=type, for_inwoner=for_inwoner, telefoon=telefoon, note=note
    )
    with in_record_language():
        summary = _("Netwerk aangevuld: %(name)s (%(type)s)") % {"name": name, "type": relatie.get_type_display()}
    add_timeline_event(dossier, actor, TimelineEvent.Kind.NOTITIE, summary, netwerkrelatie=relatie.pk)
    log_access(
        request,
        user=actor,
        action=AccessAction.CREATE,
        basis=basis,
        object_type="netwerkrelatie",
        object_id=relatie.pk,
        dossier_id=dossier.pk,
    )
    return relatie


# --- Meeting a term by what the caseworker did (dossier page, "Gehaald op") -----------------------------


class TermAlreadyMet(ValidationError):
    """The term was met before: sending the form again changes nothing and says so."""


def check_met_by_hand(deadline: DossierDeadline, how: str | None = None) -> None:
    """Refuse (Dutch message) unless `deadline` is an open term a caseworker meets by hand (`MET_BY_HAND`).

    Only the Wgs first conversation and the contact norm are: a statutory Wmo or Awb term, and the Jeugdwet
    onderzoek norm, are met by their own event (the onderzoek, the persoonlijk plan, the decision).
    """
    if deadline.met_on is not None:
        raise TermAlreadyMet(
            _("De termijn '%(label)s' is al gehaald op %(day)s; er is niets gewijzigd.")
            % {"label": deadline.label, "day": date_format(deadline.met_on)},
            code="already_met",
        )
    ways = MET_BY_HAND.get(deadline.term_code)
    if ways is None:
        raise ValidationError(
            _("De termijn '%(label)s' wordt niet met de hand gehaald. %(how)s")
            % {
                "label": deadline.label,
                "how": MET_BY_EVENT.get(deadline.term_code)
                or _("Hij wordt gehaald door de gebeurtenis waarvoor hij loopt, zoals het besluit."),
            },
            code="not_by_hand",
        )
    if deadline.cancelled_on is not None:
        raise ValidationError(
            _("De termijn '%(label)s' is vervallen op %(day)s en kan niet meer worden gehaald.")
            % {"label": deadline.label, "day": date_format(deadline.cancelled_on)},
            code="cancelled",
        )
    if deadline.dossier.status == Status.AFGESLOTEN:
        raise ValidationError(_("Het dossier is afgesloten; heropen het om een termijn als gehaald te markeren."))
    if how is not None and how not in dict(ways):
        raise ValidationError({"how": _("Kies wat er is gebeurd uit de lijst.")})


@transaction.atomic
def mark_term_met_by_hand(
    deadline: DossierDeadline,
    *,
    on: date,
    how: str,
    actor: User,
    basis: str,
    note: str = "",
    request: HttpRequest | None = None,
) -> DossierDeadline:
    """Record that the Wgs first conversation took place, or contact was made (contact norm), on `on`.

    The day must lie between the term's start and today. A term already met is refused with
    `TermAlreadyMet`, so a second send of the form changes nothing.
    """
    deadline = DossierDeadline.objects.select_for_update().select_related("dossier").get(pk=deadline.pk)
    check_met_by_hand(deadline, how)
    if on > timezone.localdate():
        raise ValidationError({"on": _("Deze datum ligt in de toekomst; kies de dag waarop het gebeurde.")})
    if on < deadline.start:
        raise ValidationError(
            {
                "on": _(
                    "De termijn '%(label)s' begon op %(start)s; wat op %(on)s gebeurde kan die termijn niet halen. "
                    "Kies een datum op of na het begin van de termijn."
                )
                % {"label": deadline.label, "start": date_format(deadline.start), "on": date_format(on)}
            }
        )
    dossier = deadline.dossier
    meldingen = [deadline.melding] if deadline.melding is not None else []
    try:
        mark_deadline_met(dossier, deadline.term_code, on, actor, meldingen=meldingen)
    except DeadlineNotMet as error:
        raise ValidationError({"on": error.messages}) from error
    with in_record_language():
        summary = _("%(what)s op %(day)s: %(label)s gehaald") % {
            "what": dict(MET_BY_HAND[deadline.term_code])[how],
            "day": date_format(on),
            "label": deadline.label,
        }
    add_timeline_event(
        dossier,
        actor,
        TimelineEvent.Kind.TERMIJN,
        summary,
        reason=note.strip(),
        term=deadline.term_code,
        deadline=deadline.pk,
        how=how,
        on=on.isoformat(),
    )
    log_access(
        request,
        user=actor,
        action=AccessAction.UPDATE,
        basis=basis,
        object_type="termijn",
        object_id=deadline.pk,
        dossier_id=dossier.pk,
        detail=f"gehaald: {how}",
    )
    deadline.refresh_from_db()
    return deadline
