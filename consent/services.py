"""The only place that changes consultations, consents, disclosures, emergency access and review items.

Each change runs in a transaction, writes the access log and, where the household should know,
the dossier's timeline; what is stored (timeline, review items, log details) is written in Dutch whatever
language the screen shows (`in_record_language`, ADR 0016). The rules (who may be invited, when consent is needed, who may consent for
a child) live here so no screen can skip them.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import CASEWORK_ROLES, Role, User
from audit.models import AccessAction, AccessBasis
from audit.services import log_access
from consent import recipients
from consent.minors import missing_consent
from consent.models import (
    MAX_CONSULTATION_DAYS,
    BreakGlass,
    Consent,
    ConsentCapacity,
    ConsentHow,
    ConsentSource,
    ConsentStatus,
    Consultation,
    Disclosure,
    LegalGround,
    ReviewItem,
    ReviewKind,
    break_glass_hours,
)
from core.translations import in_record_language
from dossiers.models import Dossier, DossierNote, Involvement, InvolvementRole, TimelineEvent
from dossiers.sections import Section
from organisation.models import TeamMembership
from residents.models import Inwoner

#: A reason for emergency access must say something, not just "nodig".
MIN_BREAK_GLASS_REASON = 20


def _sections_text(sections: Iterable[str]) -> str:
    chosen = set(sections)
    return ", ".join(str(section.label) for section in Section if section.value in chosen)


def _timeline(dossier: Dossier, actor: User | None, summary: str, reason: str = "", **data: object) -> None:
    TimelineEvent.objects.create(
        dossier=dossier, actor=actor, kind=TimelineEvent.Kind.NOTITIE, summary=summary[:300], reason=reason, data=data
    )


def is_regisseur(user: User, dossier: Dossier) -> bool:
    return (
        Involvement.objects.filter(dossier=dossier, user=user, role=InvolvementRole.REGISSEUR)
        .filter(Q(end__isnull=True) | Q(end__gt=timezone.now()))
        .exists()
    )


def in_team(user: User, dossier: Dossier) -> bool:
    today = timezone.localdate()
    return (
        TeamMembership.objects.filter(user=user, team_id=dossier.team_id)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .exists()
    )


def household_members(dossier: Dossier) -> QuerySet[Inwoner]:
    return Inwoner.objects.filter(lidmaatschappen__huishouden_id=dossier.huishouden_id)


def dossier_consents(dossier: Dossier) -> QuerySet[Consent]:
    """Consents recorded in this dossier. Never those of the same person in another household's dossier."""
    return Consent.objects.filter(dossier=dossier)


def needs_consent(specialist: User, dossier: Dossier) -> bool:
    """A colleague of the dossier's own team works under the team's own processing; anyone else is external."""
    return not (specialist.role in CASEWORK_ROLES and in_team(specialist, dossier))


def _check_ground(
    dossier: Dossier, consent: Consent | None, legal_ground: str, legal_motivation: str, recipient: User | None
) -> None:
    """A valid ground to let `recipient` in (None: any recipient, e.g. a colleague of the team)."""
    if consent is not None:
        if not dossier_consents(dossier).filter(pk=consent.pk).exists():
            raise ValidationError({"consent": _("Deze toestemming hoort niet bij dit dossier.")})
        if consent.status != ConsentStatus.GEGEVEN:
            raise ValidationError({"consent": _("Deze toestemming is ingetrokken en geldt niet meer.")})
        missing = consent.missing_on(timezone.localdate())
        if missing:
            raise ValidationError(
                {"consent": _("Deze toestemming is vandaag geen geldige grond. %(missing)s") % {"missing": missing}}
            )
        if recipient is not None and not recipients.covers(consent, recipient):
            raise ValidationError(
                {
                    "consent": _("Deze toestemming geldt voor een andere ontvanger (%(who)s).")
                    % {"who": consent.recipient}
                }
            )
        return
    if legal_ground:
        if legal_ground not in LegalGround.values:
            raise ValidationError({"legal_ground": _("Kies een geldige wettelijke grondslag.")})
        if not legal_motivation.strip():
            raise ValidationError(
                {"legal_motivation": _("Motiveer waarom deze grondslag hier geldt; dit wordt achteraf beoordeeld.")}
            )
        return
    raise ValidationError(
        _(
            "Er is geen geldige toestemming van het huishouden voor deze ontvanger en ook geen wettelijke "
            "grondslag vastgelegd. Leg eerst toestemming vast of kies een grondslag met motivering."
        )
    )


# --- Erbij halen (consultation) --------------------------------------------------------------------


@transaction.atomic
def invite(
    dossier: Dossier,
    *,
    specialist: User,
    invited_by: User,
    sections: Iterable[str],
    mode: str,
    pseudonymised: bool,
    ends_at: datetime,
    reason: str,
    consent: Consent | None = None,
    legal_ground: str = "",
    legal_motivation: str = "",
    request: HttpRequest | None = None,
) -> Consultation:
    """Let `specialist` look along in the named sections until `ends_at`. Only the regisseur invites."""
    chosen = [section.value for section in Section if section.value in set(sections)]
    now = timezone.now()
    if not is_regisseur(invited_by, dossier):
        raise ValidationError(_("Alleen de regisseur kan iemand erbij halen."))
    if specialist.pk == invited_by.pk:
        raise ValidationError({"specialist": _("U kunt uzelf niet uitnodigen.")})
    if not specialist.is_active or specialist.role not in {*CASEWORK_ROLES, Role.SPECIALIST}:
        raise ValidationError({"specialist": _("Deze persoon kan niet worden uitgenodigd voor een consultatie.")})
    if not chosen:
        raise ValidationError({"sections": _("Kies ten minste één onderdeel van het dossier.")})
    if ends_at <= now:
        raise ValidationError({"ends_at": _("De einddatum moet in de toekomst liggen.")})
    if ends_at > now + timedelta(days=MAX_CONSULTATION_DAYS):
        raise ValidationError(
            {"ends_at": _("Een consultatie duurt hoogstens %(days)s dagen.") % {"days": MAX_CONSULTATION_DAYS}}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Geef aan waarom u deze persoon erbij haalt.")})
    if needs_consent(specialist, dossier):
        _check_ground(dossier, consent, legal_ground, legal_motivation, specialist)
    elif consent is not None:
        _check_ground(dossier, consent, "", "", None)
    consultation = Consultation.objects.create(
        dossier=dossier,
        specialist=specialist,
        invited_by=invited_by,
        sections=chosen,
        mode=mode,
        pseudonymised=pseudonymised,
        starts_at=now,
        ends_at=ends_at,
        reason=reason.strip(),
        consent=consent,
        legal_ground="" if consent is not None else legal_ground,
        legal_motivation="" if consent is not None else legal_motivation.strip(),
    )
    who = f"{specialist}" + (f" ({specialist.organisation})" if specialist.organisation else "")
    with in_record_language():
        _timeline(
            dossier,
            invited_by,
            _("%(who)s kijkt mee tot %(until)s: %(sections)s")
            % {"who": who, "until": date_format(timezone.localtime(ends_at)), "sections": _sections_text(chosen)},
            reason=consultation.reason,
            consultation=consultation.pk,
        )
        if consultation.legal_ground:
            ReviewItem.objects.create(
                kind=ReviewKind.WETTELIJKE_GRONDSLAG,
                team=dossier.team,
                dossier=dossier,
                actor=invited_by,
                consultation=consultation,
                summary=_("Consultatie van %(who)s zonder toestemming: %(ground)s")
                % {"who": who, "ground": consultation.get_legal_ground_display()},
            )
        log_access(
            request,
            user=invited_by,
            action=AccessAction.CREATE,
            basis=AccessBasis.REGISSEUR,
            object_type="consultatie",
            object_id=consultation.pk,
            dossier_id=dossier.pk,
            detail=_sections_text(chosen),
        )
    return consultation


@transaction.atomic
def revoke(consultation: Consultation, *, by: User, request: HttpRequest | None = None) -> Consultation:
    if consultation.revoked_at is not None:
        raise ValidationError(_("Deze consultatie is al ingetrokken."))
    consultation.revoked_at = timezone.now()
    consultation.revoked_by = by
    consultation.save(update_fields=["revoked_at", "revoked_by"])
    with in_record_language():
        summary = _("%(who)s kijkt niet meer mee (consultatie ingetrokken)") % {"who": consultation.specialist}
    _timeline(consultation.dossier, by, summary, consultation=consultation.pk)
    log_access(
        request,
        user=by,
        action=AccessAction.UPDATE,
        basis=AccessBasis.REGISSEUR,
        object_type="consultatie",
        object_id=consultation.pk,
        dossier_id=consultation.dossier_id,
        detail="ingetrokken",
    )
    return consultation


# --- Consent register ------------------------------------------------------------------------------


def check_givers(inwoner: Inwoner, given_on: date, capacities: Iterable[str]) -> None:
    """The givers must be the right combination for the person's age on the day (rule: consent.minors)."""
    missing = missing_consent(inwoner.age_on(given_on), [c for c in capacities if c], inwoner.voornamen)
    if missing:
        raise ValidationError(
            {
                "given_by_capacity": _("Op %(day)s was deze toestemming niet compleet. %(missing)s")
                % {"day": date_format(given_on), "missing": missing}
            }
        )


@transaction.atomic
def record_consent(
    dossier: Dossier,
    inwoner: Inwoner,
    *,
    purpose: str,
    recipient: str = "",
    recipient_organisation: str = "",
    recipient_person: User | None = None,
    given_on: date,
    how: str,
    given_by_name: str,
    given_by_capacity: str,
    second_given_by_name: str = "",
    second_given_by_capacity: str = "",
    note: str = "",
    recorded_by: User | None,
    source: str = ConsentSource.MEDEWERKER,
    basis: str,
    log_detail: str = "",
    request: HttpRequest | None = None,
) -> Consent:
    """Record a consent in the register; `recorded_by` None only for one the resident gave in Mijn Wijkteam."""
    if recorded_by is None and source != ConsentSource.PORTAAL:
        raise ValueError("a consent recorded without a professional comes from the portal")
    if not household_members(dossier).filter(pk=inwoner.pk).exists():
        raise ValidationError({"inwoner": _("Deze persoon hoort niet bij het huishouden van dit dossier.")})
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": _("De datum mag niet in de toekomst liggen.")})
    if bool(second_given_by_name.strip()) != bool(second_given_by_capacity):
        raise ValidationError(
            {
                "second_given_by_name": _(
                    "Vul van de tweede persoon die toestemming gaf zowel de naam als de hoedanigheid in."
                )
            }
        )
    if second_given_by_capacity and second_given_by_capacity == given_by_capacity:
        raise ValidationError(
            {
                "second_given_by_capacity": _(
                    "De tweede persoon geeft toestemming in een andere hoedanigheid dan de eerste."
                )
            }
        )
    check_givers(inwoner, given_on, [given_by_capacity, second_given_by_capacity])
    text, organisation = recipients.resolve(
        dossier.team.gemeente_id, text=recipient, organisation=recipient_organisation, person=recipient_person
    )
    consent = Consent.objects.create(
        dossier=dossier,
        inwoner=inwoner,
        purpose=purpose.strip(),
        recipient=text,
        recipient_organisation=organisation,
        recipient_person=recipient_person,
        given_on=given_on,
        how=how,
        given_by_name=given_by_name.strip(),
        given_by_capacity=given_by_capacity,
        second_given_by_name=second_given_by_name.strip(),
        second_given_by_capacity=second_given_by_capacity,
        note=note,
        recorded_by=recorded_by,
        source=source,
    )
    if source == ConsentSource.PORTAAL:
        with in_record_language():
            _timeline(
                dossier,
                None,
                _("%(who)s gaf online toestemming: %(consent)s") % {"who": consent.given_by_name, "consent": consent},
                consent=consent.pk,
            )
    log_access(
        request,
        user=recorded_by,
        action=AccessAction.CREATE,
        basis=basis,
        object_type="toestemming",
        object_id=consent.pk,
        dossier_id=dossier.pk,
        detail=log_detail[:300],
    )
    return consent


@transaction.atomic
def give_consent_online(
    dossier: Dossier,
    inwoner: Inwoner,
    *,
    purpose: str,
    recipient_organisation: str,
    given_by_name: str,
    given_by_capacity: str,
    basis: str,
    log_detail: str,
    request: HttpRequest | None = None,
) -> Consent:
    """A consent the resident (or a parent for a young child) gives in Mijn Wijkteam: digital, no professional.

    The recipient is an organisation from the platform's list, never a typed name, so the consent covers
    exactly the people the resident saw in the list. The age rules of consent.minors apply as for staff:
    a combination that needs a second giver (a child of 12 to 16 and a parent) is refused here.
    """
    if not purpose.strip():
        raise ValidationError({"purpose": _("Schrijf op waarvoor de gegevens gedeeld mogen worden.")})
    if not recipient_organisation.strip():
        raise ValidationError({"recipient_organisation": _("Kies een organisatie uit de lijst.")})
    if given_by_capacity not in {
        ConsentCapacity.ZELF,
        ConsentCapacity.OUDER_MET_GEZAG,
        ConsentCapacity.WETTELIJK_VERTEGENWOORDIGER,
    }:
        raise ValidationError(_("Deze toestemming kan niet online worden gegeven."))
    # One consent for one click: the person's row is locked, and the same consent given today is not given twice.
    Inwoner.objects.select_for_update().filter(pk=inwoner.pk).first()
    same = (
        Consent.objects.filter(
            dossier=dossier,
            inwoner=inwoner,
            status=ConsentStatus.GEGEVEN,
            source=ConsentSource.PORTAAL,
            given_on=timezone.localdate(),
            recipient_organisation__iexact=recipient_organisation.strip(),
            purpose__iexact=purpose.strip(),
        )
        .order_by("pk")
        .first()
    )
    if same is not None:
        return same
    return record_consent(
        dossier,
        inwoner,
        purpose=purpose,
        recipient_organisation=recipient_organisation,
        given_on=timezone.localdate(),
        how=ConsentHow.DIGITAAL,
        given_by_name=given_by_name,
        given_by_capacity=given_by_capacity,
        recorded_by=None,
        source=ConsentSource.PORTAAL,
        basis=basis,
        log_detail=log_detail,
        request=request,
    )


@transaction.atomic
def withdraw_consent(
    consent: Consent,
    *,
    by: User | None,
    by_name: str = "",
    on: date | None = None,
    basis: str,
    log_detail: str = "",
    request: HttpRequest | None = None,
) -> Consent:
    """Withdrawal takes effect at once: every consultation based on the consent ends now.

    It is recorded, never a deletion: what was shared before stays explained. `by` is the professional
    who recorded it; None when the resident (or their representative, `by_name`) withdrew in Mijn Wijkteam.
    The row is locked first, so a double click or two tabs withdraw once and the second gets an error.
    """
    locked = Consent.objects.select_for_update().get(pk=consent.pk)
    if locked.status == ConsentStatus.INGETROKKEN:
        consent.status = locked.status
        raise ValidationError(_("Deze toestemming is al ingetrokken."))
    if by is None and not by_name.strip():
        raise ValueError("a withdrawal in the portal names who withdrew")
    consent.status = ConsentStatus.INGETROKKEN
    consent.withdrawn_on = on or timezone.localdate()
    consent.withdrawn_by = by
    consent.withdrawn_by_name = by_name.strip()[:200] if by is None else ""
    consent.withdrawn_via = ConsentSource.MEDEWERKER if by is not None else ConsentSource.PORTAAL
    consent.save(update_fields=["status", "withdrawn_on", "withdrawn_by", "withdrawn_by_name", "withdrawn_via"])
    now = timezone.now()
    ended = list(
        Consultation.objects.select_for_update()
        .filter(consent=consent, revoked_at__isnull=True, ends_at__gt=now)
        .select_related("specialist")
        .order_by("pk")
    )
    for consultation in ended:
        consultation.revoked_at = now
        consultation.revoked_by = by
        consultation.save(update_fields=["revoked_at", "revoked_by"])
    who = consent.withdrawn_by_text
    dossier = consent.dossier
    with in_record_language():
        if dossier is not None:
            _timeline(
                dossier,
                by,
                _("Toestemming ingetrokken door %(who)s: %(consent)s") % {"who": who, "consent": consent},
                consent=consent.pk,
            )
            for consultation in ended:
                _timeline(
                    dossier,
                    by,
                    _("%(who)s kijkt niet meer mee: de toestemming is ingetrokken") % {"who": consultation.specialist},
                    consultation=consultation.pk,
                    consent=consent.pk,
                )
    log_access(
        request,
        user=by,
        action=AccessAction.UPDATE,
        basis=basis,
        object_type="toestemming",
        object_id=consent.pk,
        dossier_id=consent.dossier_id,
        detail="; ".join(part for part in (log_detail, "ingetrokken") if part)[:300],
    )
    for consultation in ended:
        log_access(
            request,
            user=by,
            action=AccessAction.UPDATE,
            basis=basis,
            object_type="consultatie",
            object_id=consultation.pk,
            dossier_id=consultation.dossier_id,
            detail="; ".join(part for part in (log_detail, "beëindigd: toestemming ingetrokken") if part)[:300],
        )
    return consent


def _matching(dossier: Dossier, recipient: str, purpose: str) -> list[Consent]:
    consents = dossier_consents(dossier).filter(status=ConsentStatus.GEGEVEN).select_related("inwoner")
    return [consent for consent in consents.order_by("-given_on", "-pk") if consent.matches(recipient, purpose)]


def matching_consent(dossier: Dossier, recipient: str, purpose: str, on: date | None = None) -> Consent | None:
    """A given consent of a household member for exactly this recipient and purpose (case does not matter).

    Only one whose givers are the right combination for the person's age on `on` (today): consent
    is about the moment of sharing, so a child who turned 12 or 16 since changes who must consent.
    """
    day = on or timezone.localdate()
    return next((consent for consent in _matching(dossier, recipient, purpose) if not consent.missing_on(day)), None)


def incomplete_consent(dossier: Dossier, recipient: str, purpose: str, on: date | None = None) -> str | None:
    """Why a matching consent is not a valid ground on `on`, when there is one but it is incomplete."""
    day = on or timezone.localdate()
    for consent in _matching(dossier, recipient, purpose):
        missing = consent.missing_on(day)
        if missing:
            return missing
    return None


# --- Gegevens delen (disclosure) -------------------------------------------------------------------


@transaction.atomic
def disclose(
    dossier: Dossier,
    *,
    recipient: str,
    purpose: str,
    sections: Iterable[str],
    shared_by: User,
    legal_ground: str = "",
    legal_motivation: str = "",
    basis: str,
    request: HttpRequest | None = None,
) -> Disclosure:
    """Record that data goes to an external party; refused without a matching consent or a legal ground."""
    chosen = [section.value for section in Section if section.value in set(sections)]
    if not chosen:
        raise ValidationError({"sections": _("Kies ten minste één onderdeel dat u deelt.")})
    if not recipient.strip() or not purpose.strip():
        raise ValidationError(_("Vul de ontvanger en het doel in."))
    consent = matching_consent(dossier, recipient, purpose)
    if consent is None:
        missing = incomplete_consent(dossier, recipient, purpose)
        if missing and not legal_ground:
            raise ValidationError(
                _(
                    "Delen met %(recipient)s voor '%(purpose)s' mag niet: de toestemming is niet compleet. "
                    "%(missing)s Leg de ontbrekende toestemming vast, of kies een wettelijke grondslag met motivering."
                )
                % {"recipient": recipient, "purpose": purpose, "missing": missing}
            )
        if not legal_ground:
            raise ValidationError(
                _(
                    "Delen met %(recipient)s voor '%(purpose)s' mag niet: er is geen geldige toestemming van het "
                    "huishouden voor deze ontvanger en dit doel. Leg eerst toestemming vast, of kies een "
                    "wettelijke grondslag met motivering."
                )
                % {"recipient": recipient, "purpose": purpose}
            )
        _check_ground(dossier, None, legal_ground, legal_motivation, None)
    disclosure = Disclosure.objects.create(
        dossier=dossier,
        recipient=recipient.strip(),
        purpose=purpose.strip(),
        sections=chosen,
        consent=consent,
        legal_ground="" if consent else legal_ground,
        legal_motivation="" if consent else legal_motivation.strip(),
        shared_by=shared_by,
    )
    with in_record_language():
        _timeline(
            dossier,
            shared_by,
            _("Gegevens gedeeld met %(recipient)s voor %(purpose)s: %(sections)s")
            % {"recipient": disclosure.recipient, "purpose": disclosure.purpose, "sections": _sections_text(chosen)},
            disclosure=disclosure.pk,
        )
        if consent is None:
            ReviewItem.objects.create(
                kind=ReviewKind.WETTELIJKE_GRONDSLAG,
                team=dossier.team,
                dossier=dossier,
                actor=shared_by,
                disclosure=disclosure,
                summary=_("Gegevens gedeeld met %(recipient)s zonder toestemming: %(ground)s")
                % {"recipient": disclosure.recipient, "ground": disclosure.get_legal_ground_display()},
            )
        log_access(
            request,
            user=shared_by,
            action=AccessAction.CREATE,
            basis=AccessBasis.TOESTEMMING if consent else AccessBasis.WETTELIJK,
            object_type="verstrekking",
            object_id=disclosure.pk,
            dossier_id=dossier.pk,
            detail=f"{disclosure.recipient}: {_sections_text(chosen)}"[:300],
        )
    return disclosure


# --- Break-the-glass -------------------------------------------------------------------------------


@transaction.atomic
def break_the_glass(dossier: Dossier, *, user: User, reason: str, request: HttpRequest | None = None) -> BreakGlass:
    """Emergency access for a member of the dossier's team; time-boxed and put on the review list."""
    if user.role not in CASEWORK_ROLES or not in_team(user, dossier):
        raise ValidationError(_("Noodtoegang is alleen mogelijk voor dossiers van uw eigen team."))
    if len(reason.strip()) < MIN_BREAK_GLASS_REASON:
        raise ValidationError(
            {"reason": _("Beschrijf de reden in ten minste %(count)s tekens.") % {"count": MIN_BREAK_GLASS_REASON}}
        )
    now = timezone.now()
    access = BreakGlass.objects.create(
        user=user,
        dossier=dossier,
        reason=reason.strip(),
        started_at=now,
        expires_at=now + timedelta(hours=break_glass_hours()),
    )
    with in_record_language():
        summary = _("Noodtoegang door %(who)s") % {"who": user}
    ReviewItem.objects.create(
        kind=ReviewKind.BREAK_THE_GLASS,
        team=dossier.team,
        dossier=dossier,
        actor=user,
        break_glass=access,
        summary=summary,
    )
    _timeline(dossier, user, summary, reason=access.reason)
    log_access(
        request,
        user=user,
        action=AccessAction.CREATE,
        basis=AccessBasis.BREAK_THE_GLASS,
        object_type="noodtoegang",
        object_id=access.pk,
        dossier_id=dossier.pk,
        detail=access.reason[:300],
    )
    return access


# --- Review ----------------------------------------------------------------------------------------


@transaction.atomic
def mark_reviewed(item: ReviewItem, *, by: User, note: str, request: HttpRequest | None = None) -> ReviewItem:
    if item.reviewed_at is not None:
        raise ValidationError(_("Dit punt is al beoordeeld."))
    if not note.strip():
        raise ValidationError({"review_note": _("Schrijf kort op wat u heeft vastgesteld.")})
    item.reviewed_at = timezone.now()
    item.reviewed_by = by
    item.review_note = note.strip()
    item.save(update_fields=["reviewed_at", "reviewed_by", "review_note"])
    log_access(
        request,
        user=by,
        action=AccessAction.UPDATE,
        basis=AccessBasis.PRIVACY_TOEZICHT if by.role == Role.PRIVACY_OFFICER else AccessBasis.TEAMLEIDER,
        object_type="reviewpunt",
        object_id=item.pk,
        dossier_id=item.dossier_id,
    )
    return item


# --- Notes inside a section ------------------------------------------------------------------------


@transaction.atomic
def add_note(
    dossier: Dossier, *, section: str, text: str, author: User, basis: str, request: HttpRequest | None = None
) -> DossierNote:
    if section not in Section.values:
        raise ValidationError({"section": _("Kies een geldig onderdeel.")})
    if not text.strip():
        raise ValidationError({"text": _("Schrijf een notitie.")})
    note = DossierNote.objects.create(dossier=dossier, section=section, text=text.strip(), author=author)
    log_access(
        request,
        user=author,
        action=AccessAction.CREATE,
        basis=basis,
        object_type="notitie",
        object_id=note.pk,
        dossier_id=dossier.pk,
        section=section,
    )
    return note
