"""The only place that changes escalations: opschalen, casusoverleg, afspraken, overdracht van regie, afschalen.

Each change runs in a transaction and writes the dossier's timeline (in Dutch, `in_record_language`) and the
access log. The regieteam's members get no access rule of their own: a case conference invites each member who took
part through `consent.services.invite`, with the ground the conference records, for the sections it chose and until
its review date; afschalen revokes those consultations with `consent.services.revoke`. So what a member sees is
decided where everything else is decided (`dossiers.selectors.dossier_access`).

Only the dossier's regisseur escalates, records a conference, hands over and de-escalates: the regisseur stays the
household's fixed contact, and inviting someone to look along is the regisseur's act (consent.services.invite).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import CASEWORK_ROLES, User
from audit.models import AccessAction, AccessBasis
from audit.services import log_access
from consent import services as consent_services
from consent.models import MAX_CONSULTATION_DAYS, Consent, ConsentHow, Consultation, ConsultationMode
from core.translations import in_record_language
from dossiers.models import Dossier, TimelineEvent
from dossiers.sections import Section
from dossiers.services import add_timeline_event, assign_regisseur
from dossiers.transitions import Status
from organisation.models import Team, TeamKind, TeamMembership
from regie.models import (
    Agreement,
    AgreementParty,
    AgreementStatus,
    CaseConference,
    Escalation,
    EscalationResult,
    Handover,
    ReasonCategory,
)
from residents.models import Inwoner


def active_member_ids(team_id: int) -> QuerySet[TeamMembership, int]:
    """Ids of the users who are a member of the team today."""
    today = timezone.localdate()
    return (
        TeamMembership.objects.filter(team_id=team_id)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .values_list("user_id", flat=True)
    )


def is_member(user: User, team_id: int) -> bool:
    return active_member_ids(team_id).filter(user_id=user.pk).exists()


def _require_regisseur(user: User, dossier: Dossier, message: str) -> None:
    if not consent_services.is_regisseur(user, dossier):
        raise ValidationError(message)


def _require_running(escalation: Escalation) -> None:
    if not escalation.is_running:
        raise ValidationError(_("Deze opschaling is al afgeschaald."))


def _log(
    request: HttpRequest | None, user: User, action: str, object_type: str, pk: int, dossier_id: int, detail: str = ""
) -> None:
    log_access(
        request,
        user=user,
        action=action,
        basis=AccessBasis.REGISSEUR,
        object_type=object_type,
        object_id=pk,
        dossier_id=dossier_id,
        detail=detail,
    )


# --- Opschalen ---------------------------------------------------------------------------------------


@transaction.atomic
def escalate(
    dossier: Dossier,
    *,
    regieteam: Team,
    reason_category: str,
    explanation: str,
    by: User,
    request: HttpRequest | None = None,
) -> Escalation:
    """Bring the household to a regieteam. The regisseur stays the regisseur: `Dossier.regisseur` is not touched."""
    # Lock the dossier row so two escalations cannot start side by side (the constraint would refuse the second).
    Dossier.objects.select_for_update().filter(pk=dossier.pk).first()
    _require_regisseur(by, dossier, _("Alleen de regisseur kan dit huishouden opschalen naar een regieteam."))
    if dossier.status == Status.AFGESLOTEN:
        raise ValidationError(_("Een afgesloten dossier kan niet worden opgeschaald."))
    if regieteam.kind != TeamKind.REGIETEAM or regieteam.gemeente_id != dossier.team.gemeente_id:
        raise ValidationError({"regieteam": _("Kies een regieteam van de eigen gemeente.")})
    if reason_category not in ReasonCategory.values:
        raise ValidationError({"reason_category": _("Kies een reden.")})
    if not explanation.strip():
        raise ValidationError({"explanation": _("Licht toe waarom het regieteam nodig is.")})
    running = Escalation.objects.filter(dossier=dossier, ended_at__isnull=True).select_related("regieteam").first()
    if running is not None:
        raise ValidationError(
            _("Dit huishouden is al opgeschaald naar %(team)s. Schaal eerst af.") % {"team": running.regieteam}
        )
    escalation = Escalation.objects.create(
        dossier=dossier,
        regieteam=regieteam,
        reason_category=reason_category,
        explanation=explanation.strip(),
        started_by=by,
    )
    with in_record_language():
        summary = _("Opgeschaald naar %(team)s (%(reason)s); %(regisseur)s blijft regisseur") % {
            "team": regieteam,
            "reason": escalation.get_reason_category_display(),
            "regisseur": by,
        }
    add_timeline_event(dossier, by, TimelineEvent.Kind.PLAN, summary, escalation.explanation, escalation=escalation.pk)
    _log(request, by, AccessAction.CREATE, "opschaling", escalation.pk, dossier.pk, detail=str(regieteam))
    return escalation


# --- Casusoverleg --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgreementInput:
    """One afspraak as the form gives it: who (a user, a named external party, or the household), what, by when."""

    party: str
    what: str
    due_on: date
    user: User | None = None
    party_name: str = ""


def involvement_end(review_on: date) -> datetime:
    """Access runs to the end of the review day."""
    return timezone.make_aware(datetime.combine(review_on + timedelta(days=1), time.min))


def _check_agreement(item: AgreementInput, allowed_user_ids: set[int], held_on: date) -> None:
    if item.party not in AgreementParty.values:
        raise ValidationError({"agreements": _("Kies bij elke afspraak wie hem uitvoert.")})
    if not item.what.strip():
        raise ValidationError({"agreements": _("Beschrijf bij elke afspraak wat er gebeurt.")})
    if item.due_on < held_on:
        raise ValidationError({"agreements": _("Een afspraak kan niet vóór het overleg al verlopen zijn.")})
    if item.party == AgreementParty.MEDEWERKER and (item.user is None or item.user.pk not in allowed_user_ids):
        raise ValidationError(
            {"agreements": _("Kies bij een afspraak voor een medewerker iemand van het regieteam of het wijkteam.")}
        )
    if item.party == AgreementParty.EXTERN and not item.party_name.strip():
        raise ValidationError({"agreements": _("Vul bij een afspraak voor een externe partij de naam in.")})


@transaction.atomic
def record_conference(
    escalation: Escalation,
    *,
    held_on: date,
    participants: list[User],
    external_participants: str,
    sections: list[str],
    summary: str,
    review_on: date,
    agreements: list[AgreementInput],
    consent: Consent | None = None,
    legal_ground: str = "",
    legal_motivation: str = "",
    handover_to: User | None = None,
    by: User,
    request: HttpRequest | None = None,
) -> CaseConference:
    """Record a casusoverleg and let the regieteam's participants look along in the chosen sections until review.

    What an earlier conference of this escalation granted and still runs is revoked first: the newest conference
    says what the regieteam needs now, so access never adds up over conferences.
    """
    dossier = escalation.dossier
    _require_running(escalation)
    _require_regisseur(by, dossier, _("Alleen de regisseur legt het casusoverleg vast."))
    today = timezone.localdate()
    if held_on > today:
        raise ValidationError({"held_on": _("Het overleg kan niet in de toekomst gehouden zijn.")})
    if held_on < timezone.localdate(escalation.started_at):
        raise ValidationError({"held_on": _("Het overleg kan niet vóór de opschaling gehouden zijn.")})
    if review_on <= today:
        raise ValidationError({"review_on": _("De evaluatiedatum moet na vandaag liggen.")})
    if involvement_end(review_on) > timezone.now() + timedelta(days=MAX_CONSULTATION_DAYS):
        raise ValidationError(
            {
                "review_on": _(
                    "Kies een evaluatiedatum binnen %(days)s dagen: zo lang kijkt het regieteam hoogstens mee."
                )
                % {"days": MAX_CONSULTATION_DAYS - 1}
            }
        )
    if not summary.strip():
        raise ValidationError({"summary": _("Vat samen wat er besproken en besloten is.")})
    chosen = [section.value for section in Section if section.value in set(sections)]
    regieteam_ids = set(active_member_ids(escalation.regieteam_id))
    allowed = regieteam_ids | set(active_member_ids(dossier.team_id))
    outsiders = [str(user) for user in participants if user.pk not in allowed]
    if outsiders:
        raise ValidationError(
            {
                "participants": _("%(who)s is geen lid van het regieteam of het wijkteam.")
                % {"who": ", ".join(outsiders)}
            }
        )
    if not participants and not external_participants.strip():
        raise ValidationError({"participants": _("Kies wie aan het overleg deelnamen.")})
    if handover_to is not None:
        if handover_to.pk not in allowed or handover_to.role not in CASEWORK_ROLES or not handover_to.is_active:
            raise ValidationError(
                {"handover_to": _("De regie kan alleen over naar een medewerker van het regieteam of het wijkteam.")}
            )
        if handover_to.pk == dossier.regisseur_id:
            raise ValidationError({"handover_to": _("Deze medewerker is al de regisseur.")})
    for item in agreements:
        _check_agreement(item, allowed, held_on)

    for consultation in running_consultations(escalation):
        consent_services.revoke(consultation, by=by, request=request)
    conference = CaseConference.objects.create(
        escalation=escalation,
        held_on=held_on,
        external_participants=external_participants.strip(),
        sections=chosen,
        summary=summary.strip(),
        review_on=review_on,
        consent=consent,
        legal_ground="" if consent is not None else legal_ground,
        legal_motivation="" if consent is not None else legal_motivation.strip(),
        handover_to=handover_to,
        recorded_by=by,
    )
    conference.participants.set(participants)
    Agreement.objects.bulk_create(
        Agreement(
            conference=conference,
            party=item.party,
            user=item.user if item.party == AgreementParty.MEDEWERKER else None,
            party_name="" if item.party == AgreementParty.MEDEWERKER else item.party_name.strip(),
            what=item.what.strip(),
            due_on=item.due_on,
        )
        for item in agreements
    )
    members = [user for user in participants if user.pk in regieteam_ids and user.pk != by.pk]
    if chosen and members:
        with in_record_language():
            reason = _("Casusoverleg %(team)s van %(day)s") % {
                "team": escalation.regieteam,
                "day": date_format(held_on),
            }
        granted = [
            consent_services.invite(
                dossier,
                specialist=member,
                invited_by=by,
                sections=chosen,
                mode=ConsultationMode.LEZEN_EN_NOTITIES,
                pseudonymised=False,
                ends_at=involvement_end(review_on),
                reason=reason,
                consent=consent,
                legal_ground=legal_ground,
                legal_motivation=legal_motivation,
                request=request,
            )
            for member in members
        ]
        conference.consultations.set(granted)
    with in_record_language():
        text = _("Casusoverleg %(team)s op %(day)s: %(count)s afspraken, evaluatie op %(review)s") % {
            "team": escalation.regieteam,
            "day": date_format(held_on),
            "count": len(agreements),
            "review": date_format(review_on),
        }
        if handover_to is not None:
            text += "; " + _("besluit: regie overdragen aan %(who)s") % {"who": handover_to}
    add_timeline_event(dossier, by, TimelineEvent.Kind.PLAN, text, conference.summary, conference=conference.pk)
    _log(request, by, AccessAction.CREATE, "casusoverleg", conference.pk, dossier.pk)
    return conference


def running_consultations(escalation: Escalation) -> QuerySet[Consultation]:
    """The consultations the escalation's conferences gave that still run."""
    now = timezone.now()
    return Consultation.objects.filter(
        pk__in=CaseConference.consultations.through.objects.filter(caseconference__escalation=escalation).values(
            "consultation_id"
        ),
        revoked_at__isnull=True,
        ends_at__gt=now,
    ).select_related("specialist", "dossier")


@transaction.atomic
def mark_agreement(agreement: Agreement, *, done: bool, by: User, request: HttpRequest | None = None) -> Agreement:
    """Tick an afspraak off (or open it again): the regisseur or a member of the regieteam, while it runs."""
    escalation = agreement.conference.escalation
    dossier = escalation.dossier
    _require_running(escalation)
    if not (consent_services.is_regisseur(by, dossier) or is_member(by, escalation.regieteam_id)):
        raise ValidationError(_("Alleen de regisseur of het regieteam houdt de afspraken bij."))
    agreement.status = AgreementStatus.GEDAAN if done else AgreementStatus.OPEN
    agreement.done_at = timezone.now() if done else None
    agreement.done_by = by if done else None
    agreement.save(update_fields=["status", "done_at", "done_by"])
    with in_record_language():
        text = (_("Afspraak gedaan: %(what)s") if done else _("Afspraak weer open: %(what)s")) % {
            "what": f"{agreement.who} – {agreement.what}"
        }
    add_timeline_event(dossier, by, TimelineEvent.Kind.PLAN, text, agreement=agreement.pk)
    log_access(
        request,
        user=by,
        action=AccessAction.UPDATE,
        basis=AccessBasis.REGISSEUR if consent_services.is_regisseur(by, dossier) else AccessBasis.CONSULTATIE,
        object_type="afspraak",
        object_id=agreement.pk,
        dossier_id=dossier.pk,
        detail=agreement.status,
    )
    return agreement


# --- Overdracht van regie -------------------------------------------------------------------------------


@transaction.atomic
def hand_over(
    conference: CaseConference,
    *,
    agreed_by: Inwoner | None,
    agreed_on: date | None,
    how: str,
    by: User,
    request: HttpRequest | None = None,
) -> Handover:
    """Hand the regie over as the conference decided, and only with the household's recorded agreement."""
    escalation = conference.escalation
    dossier = escalation.dossier
    _require_running(escalation)
    _require_regisseur(by, dossier, _("Alleen de regisseur kan de regie overdragen."))
    if conference.handover_to is None:
        raise ValidationError(_("Dit casusoverleg heeft niet besloten de regie over te dragen."))
    if Handover.objects.filter(conference=conference).exists():
        raise ValidationError(_("De regie is op grond van dit overleg al overgedragen."))
    if agreed_by is None or agreed_on is None:
        raise ValidationError(
            {
                "agreed_by": _(
                    "Zonder instemming van het huishouden gaat de regie niet over. Leg vast wie in het huishouden "
                    "instemde en wanneer."
                )
            }
        )
    if not consent_services.household_members(dossier).filter(pk=agreed_by.pk).exists():
        raise ValidationError({"agreed_by": _("Deze persoon hoort niet bij het huishouden van dit dossier.")})
    if agreed_on > timezone.localdate():
        raise ValidationError({"agreed_on": _("De datum mag niet in de toekomst liggen.")})
    if agreed_on < conference.held_on:
        raise ValidationError({"agreed_on": _("Het huishouden kan niet vóór het overleg hebben ingestemd.")})
    if how not in ConsentHow.values:
        raise ValidationError({"how": _("Kies hoe het huishouden instemde.")})
    new = conference.handover_to
    handover = Handover.objects.create(
        conference=conference,
        dossier=dossier,
        previous_regisseur_id=dossier.regisseur_id,
        new_regisseur=new,
        agreed_by=agreed_by,
        agreed_on=agreed_on,
        how=how,
        recorded_by=by,
    )
    assign_regisseur(dossier, new, actor=by, basis=AccessBasis.REGISSEUR, request=request)
    with in_record_language():
        text = _("Regie overgedragen van %(old)s aan %(new)s, met instemming van %(who)s op %(day)s (%(how)s)") % {
            "old": by,
            "new": new,
            "who": agreed_by.voornamen,
            "day": date_format(agreed_on),
            "how": handover.get_how_display(),
        }
    add_timeline_event(dossier, by, TimelineEvent.Kind.TOEWIJZING, text, handover=handover.pk)
    _log(request, by, AccessAction.CREATE, "regieoverdracht", handover.pk, dossier.pk, detail=str(new))
    return handover


# --- Afschalen ------------------------------------------------------------------------------------------


@transaction.atomic
def de_escalate(
    escalation: Escalation, *, result: str, note: str, by: User, request: HttpRequest | None = None
) -> Escalation:
    """End the escalation and every involvement it gave; the dossier goes on with the same regisseur."""
    dossier = escalation.dossier
    _require_running(escalation)
    _require_regisseur(by, dossier, _("Alleen de regisseur kan afschalen."))
    if result not in EscalationResult.values:
        raise ValidationError({"result": _("Kies het resultaat van de opschaling.")})
    if not note.strip():
        raise ValidationError({"note": _("Licht toe hoe het verder gaat.")})
    for consultation in running_consultations(escalation):
        consent_services.revoke(consultation, by=by, request=request)
    escalation.ended_at = timezone.now()
    escalation.ended_by = by
    escalation.result = result
    escalation.end_note = note.strip()
    escalation.save(update_fields=["ended_at", "ended_by", "result", "end_note"])
    still_open = open_agreements(escalation)
    with in_record_language():
        text = _("Afgeschaald van %(team)s: %(result)s") % {
            "team": escalation.regieteam,
            "result": escalation.get_result_display(),
        }
        if still_open:
            text += "; " + _("%(count)s afspraken nog open") % {"count": len(still_open)}
        reason = escalation.end_note
        if still_open:
            reason += (
                "\n"
                + _("Open afspraken:")
                + "\n"
                + "\n".join(f"- {item.who}: {item.what} ({date_format(item.due_on)})" for item in still_open)
            )
    add_timeline_event(dossier, by, TimelineEvent.Kind.PLAN, text, reason, escalation=escalation.pk)
    _log(request, by, AccessAction.UPDATE, "opschaling", escalation.pk, dossier.pk, detail="afgeschaald")
    return escalation


def open_agreements(escalation: Escalation) -> list[Agreement]:
    return list(
        Agreement.objects.filter(conference__escalation=escalation, status=AgreementStatus.OPEN)
        .select_related("user")
        .order_by("due_on", "pk")
    )
