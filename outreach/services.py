"""The only place erop-af contacts and informatiepunt questions are written.

A contact is the team's record: writing it is logged like other team records (object type "erop-af-contact").
An informatiepunt question holds no person, so writing it is not an access to personal data and is not logged.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from audit.models import AccessAction, AccessBasis
from audit.services import log_access
from catalogue.models import Kind, Voorziening
from dossiers.models import Melding, Route
from organisation.models import Team, Wijk
from outreach.models import Answer, EropAfContact, InformatieVraag

OBJECT_TYPE = "erop-af-contact"
#: A year: long enough for the team's own look back and the yearly monitor, short for a note about a street.
DEFAULT_RETENTION_DAYS = 365


def basis_for(user: User) -> str:
    """Why a team member reads or writes the team's contacts: as its teamleider, or as the member registering."""
    return AccessBasis.TEAMLEIDER if user.role == Role.TEAMLEIDER else AccessBasis.REGISTRATIE


def retention_days() -> int:
    return int(getattr(settings, "OUTREACH_CONTACT_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


@dataclass(frozen=True)
class NewContact:
    team: Team
    wijk: Wijk
    contact_on: date
    setting: str
    topics: list[str]
    reached: bool
    note: str = ""


@transaction.atomic
def register_contact(new: NewContact, *, actor: User, request: HttpRequest | None = None) -> EropAfContact:
    if not new.team.wijken.filter(pk=new.wijk.pk).exists():
        raise ValidationError({"wijk": _("Deze wijk hoort niet bij het werkgebied van het team.")})
    contact = EropAfContact(
        team=new.team,
        wijk=new.wijk,
        contact_on=new.contact_on,
        setting=new.setting,
        topics=list(dict.fromkeys(new.topics)),
        reached=new.reached,
        note=new.note.strip(),
    )
    contact.full_clean()
    contact.save()
    log_access(
        request,
        user=actor,
        action=AccessAction.CREATE,
        basis=basis_for(actor),
        object_type=OBJECT_TYPE,
        object_id=contact.pk,
    )
    return contact


@transaction.atomic
def link_melding(
    contact: EropAfContact, melding: Melding, *, actor: User, request: HttpRequest | None = None
) -> EropAfContact:
    """The contact became this melding ("maak er een melding van"). A contact becomes one melding at most: when a
    colleague was first (two tabs), their link stays and this melding simply stands on its own."""
    contact = EropAfContact.objects.select_for_update().get(pk=contact.pk)
    if contact.melding_made_on is not None:
        return contact
    if melding.route != Route.OUTREACH:
        raise ValidationError(_("Een melding uit een erop-af-contact heeft de route 'outreachend'."), code="route")
    contact.melding = melding
    contact.melding_made_on = timezone.localdate(melding.received_at)
    contact.save(update_fields=["melding", "melding_made_on"])
    log_access(
        request,
        user=actor,
        action=AccessAction.UPDATE,
        basis=basis_for(actor),
        object_type=OBJECT_TYPE,
        object_id=contact.pk,
        dossier_id=melding.dossier_id,
        detail="melding gemaakt",
    )
    return contact


@transaction.atomic
def clear_old_contacts(today: date | None = None) -> int:
    """Past the retention term (by the contact's date) the note and the link to the melding go: what stays (date,
    wijk, setting, topics, reached, the day it became a melding) names nobody, and the monitor keeps counting it
    when it is rebuilt from scratch. Returns how many contacts were cleared."""
    today = today or timezone.localdate()
    before = today - timedelta(days=retention_days())
    old = EropAfContact.objects.filter(contact_on__lt=before).exclude(note="", melding__isnull=True)
    return old.update(note="", melding=None)


@dataclass(frozen=True)
class NewQuestion:
    team: Team
    wijk: Wijk
    topic: str
    channel: str
    answer: str
    asked_on: date
    voorziening: Voorziening | None = None


def check_voorziening(answer: str, voorziening: Voorziening | None) -> None:
    """A referral to an algemene voorziening names an active one; other answers name none."""
    if answer == Answer.ALGEMENE_VOORZIENING:
        if voorziening is None:
            raise ValidationError({"voorziening": _("Kies de algemene voorziening waarnaar u verwees.")})
        if voorziening.kind != Kind.ALGEMEEN or not voorziening.active:
            raise ValidationError(
                {"voorziening": _("Alleen een actieve algemene voorziening; maatwerk vraagt een melding.")}
            )
    elif voorziening is not None:
        raise ValidationError(
            {"voorziening": _("Kies alleen een voorziening als u naar een algemene voorziening verwees.")}
        )


@transaction.atomic
def record_question(new: NewQuestion) -> InformatieVraag:
    """Count one question answered at once. No dossier, no person, no log line: there is nobody in it."""
    if new.wijk.gemeente_id != new.team.gemeente_id:
        raise ValidationError({"wijk": _("Kies een wijk van de eigen gemeente.")})
    check_voorziening(new.answer, new.voorziening)
    question = InformatieVraag(
        asked_on=new.asked_on,
        team=new.team,
        wijk=new.wijk,
        topic=new.topic,
        channel=new.channel,
        answer=new.answer,
        voorziening=new.voorziening,
    )
    question.full_clean()
    question.save()
    return question
