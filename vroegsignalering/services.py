"""The only place that changes a vroegsignaal-casus: picking it up, contact attempts and the outcome.

One entry point per change, each in a transaction that locks the casus and writes the access log (basis: the
Wgs lets the team process the signal to offer help, art. 3). The transition table is small: only an open casus
changes, and an outcome closes it for good (a new signal later opens a new casus, vroegsignalering.intake).

An accepted offer is a request for debt help: it becomes a Wgs melding in the access route
(`dossiers.services.register_melding`), which joins the household's open dossier or opens one for the casus's team,
and starts the first-conversation term from the day of acceptance (Wgs art. 4a: 3 working days in a threatening
situation, else 4 weeks; dossiers/regimes.py).
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import AccessAction, AccessBasis
from audit.services import log_access
from core.translations import in_record_language
from dossiers.models import Melding, Regime, Route, Urgency
from dossiers.services import NewMelding, register_melding
from vroegsignalering.models import CasusOutcome, ContactPoging, ContactResult, SignaalCasus, Vroegsignaal

OBJECT_TYPE = "signaalcasus"

#: The outcomes an open casus may get; a closed casus gets none (the transition table).
TRANSITIONS: dict[str, frozenset[str]] = {
    CasusOutcome.OPEN: frozenset(
        {CasusOutcome.GEACCEPTEERD, CasusOutcome.GEWEIGERD, CasusOutcome.NIET_BEREIKT, CasusOutcome.AL_GEHOLPEN}
    ),
    CasusOutcome.GEACCEPTEERD: frozenset(),
    CasusOutcome.GEWEIGERD: frozenset(),
    CasusOutcome.NIET_BEREIKT: frozenset(),
    CasusOutcome.AL_GEHOLPEN: frozenset(),
}


class CasusClosed(ValidationError):
    """The casus has its outcome; nothing about it changes any more."""


def attempts_needed() -> int:
    """How many attempts without reaching anyone before a casus may close as "niet bereikt" (a werknorm)."""
    return int(settings.VROEGSIGNAAL_POGINGEN)


def _locked(casus: SignaalCasus) -> SignaalCasus:
    """The casus row locked for this transaction, read anew: two people working it at once change it one by one."""
    locked = SignaalCasus.objects.select_for_update().get(pk=casus.pk)
    if not locked.is_open:
        raise CasusClosed(
            _("Deze casus is al afgesloten (%(outcome)s) en kan niet meer worden gewijzigd.")
            % {"outcome": locked.get_outcome_display()}
        )
    return locked


def _log(
    request: HttpRequest | None,
    actor: User,
    action: str,
    detail: str,
    *,
    object_type: str = OBJECT_TYPE,
    object_id: object,
    dossier_id: int | None = None,
) -> None:
    log_access(
        request,
        user=actor,
        action=action,
        basis=AccessBasis.VROEGSIGNALERING,
        object_type=object_type,
        object_id=object_id,
        dossier_id=dossier_id,
        detail=detail,
    )


def first_signal_day(casus: SignaalCasus) -> date | None:
    """The day the earliest signal of the casus was reported: nothing about the casus happened before it."""
    return casus.signalen.order_by("reported_on").values_list("reported_on", flat=True).first()


def _check_day(casus: SignaalCasus, on: date, field: str) -> None:
    if on > timezone.localdate():
        raise ValidationError({field: _("Deze datum ligt in de toekomst.")})
    first = first_signal_day(casus)
    if first is not None and on < first:
        raise ValidationError(
            {field: _("Deze datum ligt voor het eerste signaal (%(day)s).") % {"day": date_format(first)}}
        )


@transaction.atomic
def pick_up(casus: SignaalCasus, *, actor: User, request: HttpRequest | None = None) -> SignaalCasus:
    """ "Oppakken": the actor works this casus from now on (also when a colleague had it: the team decides)."""
    locked = _locked(casus)
    locked.assigned_to = actor
    if locked.assigned_on is None:
        locked.assigned_on = timezone.localdate()
    locked.save(update_fields=["assigned_to", "assigned_on"])
    _log(request, actor, AccessAction.UPDATE, "opgepakt", object_id=locked.pk)
    return locked


@dataclass(frozen=True)
class NewAttempt:
    method: str
    on: date
    daypart: str
    result: str
    note: str = ""


@transaction.atomic
def record_attempt(
    casus: SignaalCasus, *, actor: User, attempt: NewAttempt, request: HttpRequest | None = None
) -> ContactPoging:
    """Add a contact attempt. The first attempt that reaches the household meets the contact norm (`contacted_on`).

    Attempts are only ever added. Several unanswered attempts do not close the casus by themselves: after a
    letter and two visits at the door a caseworker may still try once more in the evening; closing as "niet
    bereikt" is their decision (`record_outcome`), allowed from `attempts_needed()` attempts on.
    """
    locked = _locked(casus)
    _check_day(locked, attempt.on, "on")
    poging = ContactPoging.objects.create(
        casus=locked,
        method=attempt.method,
        on=attempt.on,
        daypart=attempt.daypart,
        result=attempt.result,
        note=attempt.note,
        by=actor,
    )
    if attempt.result == ContactResult.BEREIKT and (locked.contacted_on is None or attempt.on < locked.contacted_on):
        locked.contacted_on = attempt.on
        locked.save(update_fields=["contacted_on"])
    _log(
        request,
        actor,
        AccessAction.CREATE,
        f"casus {locked.pk}: {attempt.method}, {attempt.result}",
        object_type="contactpoging",
        object_id=poging.pk,
    )
    return poging


def unanswered_attempts(casus: SignaalCasus) -> int:
    """Attempts that reached nobody (not at home, no answer, a letter without reply)."""
    return casus.pogingen.filter(result=ContactResult.NIET_THUIS).count()


@transaction.atomic
def record_outcome(
    casus: SignaalCasus,
    *,
    actor: User,
    outcome: str,
    on: date,
    note: str = "",
    request: HttpRequest | None = None,
) -> SignaalCasus:
    """Close the casus with its outcome; an accepted offer becomes a Wgs melding (see the module docstring)."""
    locked = _locked(casus)
    if outcome not in TRANSITIONS[locked.outcome]:
        raise ValidationError({"outcome": _("Kies een uitkomst uit de lijst.")})
    _check_day(locked, on, "on")
    if outcome == CasusOutcome.NIET_BEREIKT:
        needed, done = attempts_needed(), unanswered_attempts(locked)
        if done < needed:
            raise ValidationError(
                {
                    "outcome": _(
                        "Afsluiten als niet bereikt kan pas na %(needed)s pogingen zonder contact; "
                        "er zijn er nu %(done)s vastgelegd."
                    )
                    % {"needed": needed, "done": done}
                }
            )
    dossier_id = None
    if outcome == CasusOutcome.GEACCEPTEERD:
        locked.melding = _register_wgs_melding(locked, actor=actor, on=on, request=request)
        dossier_id = locked.melding.dossier_id
    locked.outcome = outcome
    locked.outcome_on = on
    locked.outcome_note = note
    locked.outcome_by = actor
    locked.save(update_fields=["outcome", "outcome_on", "outcome_note", "outcome_by", "melding"])
    _log(request, actor, AccessAction.UPDATE, f"uitkomst: {outcome}", object_id=locked.pk, dossier_id=dossier_id)
    return locked


def _newest_matched_signal(casus: SignaalCasus) -> Vroegsignaal | None:
    return (
        casus.signalen.filter(inwoner__isnull=False)
        .select_related("inwoner")
        .order_by("-reported_on", "-received_at", "-pk")
        .first()
    )


def _received_at(on: date) -> datetime:
    """The moment of the request for help: now when accepted today, else the start of office hours that day.

    The Wgs term counts from the day (dossiers.services.register_melding takes the local date), so the hour only
    places the melding among the others in the triage queue.
    """
    if on == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(on, time(9, 0)))


def _register_wgs_melding(casus: SignaalCasus, *, actor: User, on: date, request: HttpRequest | None) -> Melding:
    signal = _newest_matched_signal(casus)
    if casus.huishouden_id is None or signal is None or signal.inwoner is None:
        raise ValidationError(
            {
                "outcome": _(
                    "Deze casus is niet gekoppeld aan een inwoner en huishouden. Koppel het signaal eerst, "
                    "dan kan het aanbod als geaccepteerd worden vastgelegd."
                )
            }
        )
    assert casus.huishouden is not None
    signals = list(casus.signalen.select_related("partner").order_by("reported_on", "pk"))
    return register_melding(
        actor=actor,
        team=casus.team,
        inwoner=signal.inwoner,
        huishouden=casus.huishouden,
        melding=NewMelding(
            route=Route.VROEGSIGNAAL,
            description=melding_description(signals, on),
            urgency=Urgency.HOOG if casus.threat else Urgency.NORMAAL,
            received_at=_received_at(on),
            reporter_organisation=", ".join(dict.fromkeys(s.partner.name for s in signals))[:200],
            regime=Regime.SCHULDHULP,
            wgs_threat=casus.threat,
        ),
        request=request,
    )


def melding_description(signals: list[Vroegsignaal], accepted_on: date) -> str:
    """The melding's text, in Dutch, from the signals: who reported which arrears, and when the offer was accepted."""
    with in_record_language():
        lines = [
            _("%(kind)s gemeld door %(partner)s op %(day)s: € %(amount)s, %(months)s maand(en) achterstand.")
            % {
                "kind": s.get_kind_display(),
                "partner": s.partner.name,
                "day": date_format(s.reported_on),
                "amount": number_format(s.arrears_amount, 2, force_grouping=True),
                "months": s.arrears_months,
            }
            for s in signals
        ]
        threats = sorted({str(s.get_threat_display()) for s in signals if s.threat})
        if threats:
            lines.append(_("Dreigende situatie: %(threats)s.") % {"threats": ", ".join(threats)})
        lines.append(
            _("Aanbod van schuldhulpverlening na vroegsignalering geaccepteerd op %(day)s.")
            % {"day": date_format(accepted_on)}
        )
    return "\n".join(lines)
