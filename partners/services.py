"""What a partner's melding goes through: received, matched, registered in the access route or judged not ours.

The partner API (partnerapi) calls ``receive_melding``, ``status_of`` and ``melding_for_partner``; the queue page
calls ``register_from_queue`` and ``reject``. Nothing here tells a partner anything about the case itself: the
status a partner reads back is one of three words (the melder's feedback, seeds 004:1153), never content.
"""

import re
from dataclasses import dataclass, fields
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import AccessAction, AccessBasis
from audit.services import log_access
from dossiers.models import Dossier, Urgency
from dossiers.services import NewMelding, open_dossier_for, register_melding
from dossiers.transitions import TRIAGE_STATUSES, Status
from organisation.models import Team
from organisation.routing import team_for_buurt
from partners.models import DESCRIPTION_MAX_LENGTH, MatchMethod, Partner, PartnerMelding, Scope
from residents.bsn import is_valid_bsn
from residents.matching import PersonAsReported, match_resident
from residents.models import Huishouden, Inwoner
from residents.selectors import households_of, normalise_postcode

#: What a partner reads back. Three words only, in the API as these codes.
ONTVANGEN = "ontvangen"
IN_BEHANDELING = "in_behandeling"
AFGEROND = "afgerond"
STATUSES: tuple[str, ...] = (ONTVANGEN, IN_BEHANDELING, AFGEROND)

POSTCODE = re.compile(r"^[1-9][0-9]{3}[A-Z]{2}$")


@dataclass(frozen=True)
class NewPartnerMelding:
    """A melding as a partner sends it; the API has checked the types, ``receive_melding`` checks the rest."""

    achternaam: str
    description: str
    urgency: str = Urgency.NORMAAL
    bsn: str = ""
    voornamen: str = ""
    voorletters: str = ""
    tussenvoegsel: str = ""
    geboortedatum: date | None = None
    postcode: str = ""
    huisnummer: int | None = None
    huisnummer_toevoeging: str = ""
    telefoon: str = ""
    reporter_name: str = ""
    #: The partner's own id for the melding; a second melding with the same id is refused.
    partner_reference: str = ""
    #: When the partner's system received it; empty: now.
    received_at: datetime | None = None


# --- The service account -----------------------------------------------------------------------------------


def service_username(partner: Partner) -> str:
    return f"systeem.partner.{partner.code}"


@transaction.atomic
def ensure_service_user(partner: Partner, *, synthetic: bool = False) -> User:
    """The account the partner's system acts under, so its registrations and reads are in the access log by name.

    It can never log in to the web application: it is not active (the password backend, the OIDC lookup and the
    session check all refuse inactive accounts), has an unusable password and no e-mail address, and it has no
    role, so no staff page lets it in (core.access.staff_view) and no team or role picker offers it. The API
    authenticates the partner by its key (partnerapi) and only uses this account to name the actor.
    ``synthetic``: a demo partner's account (User.is_synthetic), like the other demo accounts.
    """
    if partner.service_user_id is not None:
        return partner.service_user  # type: ignore[return-value]
    user = User(
        username=service_username(partner),
        first_name=_("Systeem"),
        last_name=partner.name[:150],
        organisation=partner.name[:120],
        role="",
        is_active=False,
        is_synthetic=synthetic,
    )
    user.set_unusable_password()
    user.save()
    partner.service_user = user
    partner.save(update_fields=["service_user"])
    return user


# --- Receiving -----------------------------------------------------------------------------------------------


def _refuse_partner(partner: Partner) -> None:
    if not partner.active:
        raise ValidationError({"partner": _("Deze partner is niet (meer) actief bij de gemeente.")}, code="inactive")
    if not partner.may(Scope.MELDINGEN):
        raise ValidationError(
            {"partner": _("Deze partner mag geen meldingen insturen; vraag de gemeente dit aan te zetten.")},
            code="scope",
        )


def _clean(data: NewPartnerMelding) -> dict[str, object]:
    """The fields as stored, or a ValidationError with a Dutch message per wrong field (nothing stored)."""
    values: dict[str, object] = {
        field.name: (
            getattr(data, field.name).strip()
            if isinstance(getattr(data, field.name), str)
            else getattr(data, field.name)
        )
        for field in fields(data)
    }
    values["postcode"] = normalise_postcode(str(values["postcode"]))
    errors: dict[str, str] = {}
    if not values["achternaam"]:
        errors["achternaam"] = _("Vul de achternaam in.")
    if not values["description"]:
        errors["description"] = _("Beschrijf de zorg: waarom meldt u deze inwoner?")
    elif len(str(values["description"])) > DESCRIPTION_MAX_LENGTH:
        errors["description"] = _("De omschrijving mag hoogstens %(max)s tekens lang zijn.") % {
            "max": DESCRIPTION_MAX_LENGTH
        }
    if values["urgency"] not in Urgency.values:
        errors["urgency"] = _("Kies een urgentie: normaal, hoog of crisis.")
    if values["bsn"] and not is_valid_bsn(str(values["bsn"])):
        errors["bsn"] = _("Dit is geen geldig BSN: het moet uit 9 cijfers bestaan en voldoen aan de elfproef.")
    if values["postcode"] and not POSTCODE.match(str(values["postcode"])):
        errors["postcode"] = _("Vul een postcode in als 1234AB.")
    huisnummer = values["huisnummer"]
    if huisnummer is not None and (not isinstance(huisnummer, int) or not 0 < huisnummer < 100000):
        errors["huisnummer"] = _("Vul een huisnummer in tussen 1 en 99999.")
    geboortedatum = values["geboortedatum"]
    if isinstance(geboortedatum, date) and geboortedatum > timezone.localdate():
        errors["geboortedatum"] = _("De geboortedatum ligt in de toekomst.")
    limits = {
        "voornamen": 200,
        "voorletters": 20,
        "tussenvoegsel": 20,
        "achternaam": 200,
        "huisnummer_toevoeging": 10,
        "telefoon": 30,
        "reporter_name": 200,
        "partner_reference": 100,
    }
    for name, limit in limits.items():
        if name not in errors and len(str(values[name])) > limit:
            errors[name] = _("Dit veld mag hoogstens %(max)s tekens lang zijn.") % {"max": limit}
    if errors:
        raise ValidationError(errors)
    if values["received_at"] is None:
        values["received_at"] = timezone.now()
    return values


@transaction.atomic
def receive_melding(partner: Partner, data: NewPartnerMelding, *, request: HttpRequest | None = None) -> PartnerMelding:
    """Store what the partner sent and, when the resident and their household and team are clear, register it.

    Registered at once when the person is matched (residents.matching: BSN, else address + surname + birth
    date, exactly one), belongs to one current household, and a wijkteam is known: the team of the household's
    open dossier, else the team of the resident's buurt. It is then a melding in the access route like any other,
    by the partner's route, so the terms of that route start. Anything less certain waits in the queue
    (/partnermeldingen/) for a team member.
    """
    _refuse_partner(partner)
    values = _clean(data)
    if values["partner_reference"] and partner.meldingen.filter(partner_reference=values["partner_reference"]).exists():
        raise ValidationError(
            {"partner_reference": _("Een melding met dit kenmerk is al ontvangen.")}, code="duplicate"
        )
    actor = ensure_service_user(partner)
    try:
        with transaction.atomic():
            pm = PartnerMelding.objects.create(partner=partner, **values)
    except IntegrityError as error:  # the same reference sent twice at the same moment
        raise ValidationError(
            {"partner_reference": _("Een melding met dit kenmerk is al ontvangen.")}, code="duplicate"
        ) from error
    log_access(
        request,
        user=actor,
        action=AccessAction.CREATE,
        basis=AccessBasis.PARTNER,
        object_type="partnermelding",
        object_id=pm.pk,
        detail=f"partner {partner.code}",
    )
    match = match_resident(
        PersonAsReported(
            achternaam=pm.achternaam,
            postcode=pm.postcode,
            huisnummer=pm.huisnummer,
            huisnummer_toevoeging=pm.huisnummer_toevoeging,
            geboortedatum=pm.geboortedatum,
            bsn=pm.bsn,
        )
    )
    if match.inwoner is None:
        pm.team = team_for_address(pm.postcode, pm.huisnummer)
        pm.save(update_fields=["team"])
        return pm
    pm.inwoner = match.inwoner
    pm.match_method = match.method
    destination = destination_of(match.inwoner)
    pm.team = destination[1] if destination is not None else team_for_buurt(match.inwoner.buurt_id)
    pm.save(update_fields=["inwoner", "match_method", "team"])
    if destination is not None:
        huishouden, team = destination
        _register(pm, actor=actor, team=team, huishouden=huishouden, request=request)
    return pm


def team_for_address(postcode: str, huisnummer: int | None) -> Team | None:
    """The wijkteam of the buurt residents at this address live in (else at this postcode), for the queue only.

    An unmatched report is routed, never registered, by its address: the team sees a name and a worry from its
    own wijk and decides who it is about.
    """
    if not postcode:
        return None
    at_postcode = Inwoner.objects.filter(postcode=postcode, buurt__isnull=False)
    buurt_id = None
    if huisnummer is not None:
        buurt_id = at_postcode.filter(huisnummer=huisnummer).values_list("buurt_id", flat=True).first()
    if buurt_id is None:
        buurt_id = at_postcode.values_list("buurt_id", flat=True).first()
    return team_for_buurt(buurt_id)


def destination_of(inwoner: Inwoner) -> tuple[Huishouden, Team] | None:
    """The household and team a melding about `inwoner` goes to, or None when that takes a person's judgement.

    The household: the one with an open dossier, else the only current one (a resident in two households, e.g.
    a child of parents living apart, is left to the team). The team: the open dossier's, else the buurt's.
    """
    households = list(households_of(inwoner))
    with_dossier = [(h, d) for h in households if (d := open_dossier_for(h)) is not None]
    if len(with_dossier) == 1:
        huishouden, dossier = with_dossier[0]
        return huishouden, dossier.team
    if with_dossier or len(households) != 1:
        return None
    team = team_for_buurt(inwoner.buurt_id)
    return (households[0], team) if team is not None else None


def _register(
    pm: PartnerMelding,
    *,
    actor: User,
    team: Team,
    huishouden: Huishouden,
    request: HttpRequest | None,
    handled_by: User | None = None,
) -> PartnerMelding:
    assert pm.inwoner is not None
    pm.melding = register_melding(
        actor=actor,
        team=team,
        inwoner=pm.inwoner,
        huishouden=huishouden,
        melding=NewMelding(
            route=pm.partner.route,
            description=pm.description,
            urgency=pm.urgency,
            received_at=pm.received_at,
            reporter_name=pm.reporter_name,
            reporter_organisation=pm.partner.name,
        ),
        request=request,
    )
    pm.handled_by = handled_by
    pm.handled_at = timezone.now()
    pm.save(update_fields=["melding", "handled_by", "handled_at"])
    return pm


# --- The queue -----------------------------------------------------------------------------------------------


@transaction.atomic
def register_from_queue(
    pm: PartnerMelding,
    *,
    actor: User,
    inwoner: Inwoner,
    huishouden: Huishouden,
    team: Team,
    request: HttpRequest | None = None,
) -> PartnerMelding:
    """A team member links a waiting partner melding to a resident and registers it in the access route."""
    pm = PartnerMelding.objects.select_for_update().select_related("partner").get(pk=pm.pk)
    if not pm.is_waiting:
        raise ValidationError(_("Deze melding is al afgehandeld."), code="handled")
    if not households_of(inwoner).filter(pk=huishouden.pk).exists():
        raise ValidationError({"huishouden": _("Deze inwoner hoort niet (meer) bij dit huishouden.")})
    if pm.inwoner_id != inwoner.pk:
        pm.inwoner = inwoner
        pm.match_method = MatchMethod.HAND
        pm.save(update_fields=["inwoner", "match_method"])
    return _register(pm, actor=actor, team=team, huishouden=huishouden, request=request, handled_by=actor)


@transaction.atomic
def reject(pm: PartnerMelding, *, actor: User, reason: str, request: HttpRequest | None = None) -> PartnerMelding:
    """Judge a waiting partner melding not for the wijkteam; the partner then reads "afgerond"."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Geef aan waarom de melding niet voor het wijkteam is.")})
    pm = PartnerMelding.objects.select_for_update().get(pk=pm.pk)
    if not pm.is_waiting:
        raise ValidationError(_("Deze melding is al afgehandeld."), code="handled")
    pm.rejected_at = timezone.now()
    pm.rejection_reason = reason
    pm.handled_by = actor
    pm.handled_at = pm.rejected_at
    pm.save(update_fields=["rejected_at", "rejection_reason", "handled_by", "handled_at"])
    log_access(
        request,
        user=actor,
        action=AccessAction.UPDATE,
        basis=AccessBasis.REGISTRATIE,
        object_type="partnermelding",
        object_id=pm.pk,
        detail="niet voor het wijkteam",
    )
    return pm


# --- What the partner reads back -----------------------------------------------------------------------------


def status_of(pm: PartnerMelding) -> str:
    """ "ontvangen", "in_behandeling" or "afgerond": how far the melding is, never what is in the dossier.

    Received: waiting, or registered with the dossier still aangemeld / in triage. In behandeling: the dossier is
    past triage and open. Afgerond: the dossier is closed, or a team member judged the melding not for the team.
    """
    if pm.rejected_at is not None:
        return AFGEROND
    if pm.melding_id is None:
        return ONTVANGEN
    status = Dossier.objects.filter(meldingen__pk=pm.melding_id).values_list("status", flat=True).first()
    if status == Status.AFGESLOTEN:
        return AFGEROND
    if status is None or status in TRIAGE_STATUSES:
        return ONTVANGEN
    return IN_BEHANDELING


def status_label(status: str) -> str:
    labels = {
        ONTVANGEN: _("Ontvangen"),
        IN_BEHANDELING: _("In behandeling"),
        AFGEROND: _("Afgerond"),
    }
    return labels[status]


def melding_for_partner(partner: Partner, pk: int) -> PartnerMelding | None:
    """The partner's own melding `pk`; another partner's (or none) is None, so the API answers 404 for both."""
    return PartnerMelding.objects.filter(partner=partner, pk=pk).first()
