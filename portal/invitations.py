"""Letting someone look along in Mijn Wijkteam: the resident invites, the invited person accepts, either ends it.

- ``invite``: a ``Representation`` of kind *gemachtigde* from an invitation, with the parts the resident chose
  and an optional end date (at most a year). The link's token (``secrets.token_urlsafe(32)``) goes only into
  the e-mail; the database keeps its SHA-256. Looking an invitation up by that hash is the comparison: there is
  no string compare of secrets that could leak timing, and a stolen database holds no usable link.
- ``accept``: the person who opened the link logged in with DigiD; their BSN is bound to the invitation. An
  unknown, expired, used or revoked token gets one and the same answer (``InvitationUnusable``), so the link
  page tells nothing about whether an invitation ever existed. Accepting again by the same person changes
  nothing. The resident cannot accept their own invitation.
- ``revoke``: the resident ends an invitation or a representation they gave; it takes effect at once,
  because portal.principal looks representations up on every request.

Legal representation (a parent with authority, a curator, mentor or bewindvoerder) is not made here: the
functioneel beheerder records it in /beheer/ (portal/admin.py).

The e-mail holds the link, its expiry and the inviter's first name, nothing else: no BSN, no name of the
invited person, no word about the help. It is sent straight after the invitation is saved, not through a
background job: a job would have to carry the token into the broker and the job records, and the token
must exist only in the e-mail.
"""

import hashlib
import logging
import secrets
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from core.translations import in_record_language
from dossiers.models import Dossier, TimelineEvent
from dossiers.services import add_timeline_event
from dossiers.transitions import Status
from portal.models import PortalScope, Representation, RepresentationKind, RepresentationSource
from residents.models import HuishoudenLid, Inwoner

logger = logging.getLogger(__name__)

#: How long an invitation link can be accepted.
INVITATION_DAYS = 7
#: The furthest end date a resident may give a gemachtigde (they can invite again after).
MAX_PERIOD_DAYS = 366
#: The parts a resident may share. "Wie mag meekijken" itself is no scope: it is never shared (portal.nav).
DELEGABLE_SCOPES: tuple[str, ...] = tuple(PortalScope.values)
#: A token from the URL longer than this is not ours (token_urlsafe(32) gives 43 characters).
MAX_TOKEN_LENGTH = 100
#: Mark on the timeline events of this module (``data["source"]``).
SOURCE_PORTAAL = "portaal"


class InvitationUnusable(ValidationError):
    """Unknown, expired, used or revoked: the same answer for each, so nothing is given away."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Deze uitnodiging kunt u niet (meer) gebruiken. Misschien is de link verlopen of ingetrokken. "
                "Vraag degene die u uitnodigde om een nieuwe uitnodiging."
            ),
            code="unusable",
        )


class OwnInvitation(ValidationError):
    """The resident opened the link they sent someone else."""


class AlreadyInvited(ValidationError):
    """An open invitation to this address exists (also: the same form sent twice)."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def _dossier_of(person: Inwoner) -> Dossier | None:
    """The dossier staff look at for this person: the open one of their household, else the newest."""
    today = timezone.localdate()
    households = HuishoudenLid.objects.filter(inwoner=person).exclude(end__lt=today).values("huishouden")
    dossiers = Dossier.objects.filter(huishouden__in=households).order_by("-opened_at", "-pk")
    return dossiers.exclude(status=Status.AFGESLOTEN).first() or dossiers.first()


def add_to_timeline(person: Inwoner, summary: str, *, vertegenwoordiging: int, actor: User | None = None) -> None:
    """An event on the person's household dossier, where staff see who may look along (no dossier: none)."""
    dossier = _dossier_of(person)
    if dossier is not None:
        if actor is None:
            add_timeline_event(
                dossier,
                None,
                TimelineEvent.Kind.NOTITIE,
                summary,
                vertegenwoordiging=vertegenwoordiging,
                source=SOURCE_PORTAAL,
            )
        else:
            add_timeline_event(
                dossier, actor, TimelineEvent.Kind.NOTITIE, summary, vertegenwoordiging=vertegenwoordiging
            )


def _scope_words(scopes: Iterable[str]) -> str:
    chosen = set(scopes)
    return ", ".join(str(scope.label) for scope in PortalScope if scope.value in chosen)


def first_name(person: Inwoner) -> str:
    """The one piece of the inviter the e-mail and the link page show."""
    return (person.voornamen or "").split(" ")[0] or str(_("Iemand"))


def by_token(token: str) -> Representation | None:
    """The invitation this token belongs to (open or not), found by its hash."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return (
        Representation.objects.filter(invite_token_hash=hash_token(token), source=RepresentationSource.UITNODIGING)
        .select_related("represented")
        .first()
    )


def check_period(valid_until: date | None, today: date | None = None) -> None:
    today = today or timezone.localdate()
    if valid_until is None:
        return
    if valid_until < today:
        raise ValidationError(_("Kies een datum vanaf vandaag."), code="past")
    if valid_until > today + timedelta(days=MAX_PERIOD_DAYS - 1):
        raise ValidationError(_("Kies een datum binnen een jaar. Daarna kunt u opnieuw uitnodigen."), code="too_far")


def invite(
    represented: Inwoner,
    *,
    name: str,
    email: str,
    scopes: Iterable[str],
    valid_until: date | None,
    link_for: Callable[[str], str],
) -> tuple[Representation, bool]:
    """Invite someone to look along; (the invitation, whether the e-mail went out)."""
    chosen = [scope for scope in DELEGABLE_SCOPES if scope in set(scopes)]
    if not chosen:
        raise ValidationError(_("Kies minstens één onderdeel."), code="no_scopes")
    check_period(valid_until)
    email = email.strip()
    token = new_token()
    with transaction.atomic():
        # One invitation at a time per resident: two forms sent at once wait for each other here.
        Inwoner.objects.select_for_update().filter(pk=represented.pk).first()
        waiting = Representation.objects.filter(
            represented=represented,
            invited_email__iexact=email,
            representative_bsn="",
            revoked_at__isnull=True,
            invite_expires_at__gt=timezone.now(),
        )
        if waiting.exists():
            raise AlreadyInvited(
                _("U hebt dit e-mailadres al uitgenodigd. De uitnodiging staat hieronder bij 'Nog niet aangenomen'."),
                code="already_invited",
            )
        representation = Representation.objects.create(
            represented=represented,
            kind=RepresentationKind.GEMACHTIGDE,
            source=RepresentationSource.UITNODIGING,
            representative_name=name.strip(),
            scopes=chosen,
            invited_email=email,
            invite_token_hash=hash_token(token),
            invite_expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
            valid_until=valid_until,
        )
        with in_record_language():
            summary = _("%(who)s nodigde %(name)s uit om mee te kijken in Mijn Wijkteam: %(parts)s") % {
                "who": represented,
                "name": representation.representative_name,
                "parts": _scope_words(chosen),
            }
        add_to_timeline(represented, summary, vertegenwoordiging=representation.pk)
    sent = send_invitation(representation, token, first_name(represented), link_for)
    return representation, sent


def send_invitation(
    representation: Representation, token: str, inviter_first_name: str, link_for: Callable[[str], str]
) -> bool:
    """The e-mail with the link; False (and a log line without the token) when the mail server refused it."""
    link = link_for(reverse("portal:uitnodiging", kwargs={"token": token}))
    expires = timezone.localtime(representation.invite_expires_at) if representation.invite_expires_at else None
    context = {"first_name": inviter_first_name, "link": link, "expires": expires}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("portal/email/uitnodiging_onderwerp.txt", context).strip()
        body = render_to_string("portal/email/uitnodiging.txt", context)
    try:
        send_mail(subject, body, None, [representation.invited_email])
    except Exception:  # any mail failure: the invitation stays, the resident is told
        logger.warning("portal: invitation mail for representation %s not sent", representation.pk, exc_info=True)
        return False
    return True


def accept(token: str, bsn: str) -> tuple[Representation, bool]:
    """Bind the invitation to the DigiD login `bsn`; (representation, False) when this person accepted it before."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise InvitationUnusable
    with transaction.atomic():
        representation = (
            Representation.objects.select_for_update()
            .filter(invite_token_hash=hash_token(token), source=RepresentationSource.UITNODIGING)
            .select_related("represented")
            .first()
        )
        if representation is None:
            raise InvitationUnusable
        if representation.revoked_at is None and representation.representative_bsn == bsn:
            return representation, False
        if not representation.invitation_open:
            raise InvitationUnusable
        if representation.represented.bsn == bsn:
            raise OwnInvitation(
                _("Dit is uw eigen uitnodiging. Die is bedoeld voor iemand anders: stuur de link naar die persoon."),
                code="own",
            )
        representation.representative_bsn = bsn
        representation.accepted_at = timezone.now()
        representation.valid_from = timezone.localdate()
        representation.save(update_fields=["representative_bsn", "accepted_at", "valid_from"])
        with in_record_language():
            summary = _("%(name)s nam de uitnodiging aan en kijkt nu mee in Mijn Wijkteam: %(parts)s") % {
                "name": representation.representative_name,
                "parts": _scope_words(representation.scopes),
            }
        add_to_timeline(representation.represented, summary, vertegenwoordiging=representation.pk)
    return representation, True


def revocable(representation: Representation) -> bool:
    """What the resident may end themself: what they gave. A legal representation ends through the team."""
    return representation.source == RepresentationSource.UITNODIGING and representation.revoked_at is None


def revoke(representation: Representation, *, by: str) -> bool:
    """End an invitation or the looking along at once; False when it had ended already (sent twice)."""
    with transaction.atomic():
        row = Representation.objects.select_for_update().select_related("represented").get(pk=representation.pk)
        if not revocable(row):
            return False
        row.revoked_at = timezone.now()
        row.revoked_by = by[:200]
        row.save(update_fields=["revoked_at", "revoked_by"])
        with in_record_language():
            if row.representative_bsn:
                summary = _("%(who)s beëindigde het meekijken van %(name)s in Mijn Wijkteam") % {
                    "who": by,
                    "name": row.representative_name,
                }
            else:
                summary = _("%(who)s trok de uitnodiging voor %(name)s in") % {
                    "who": by,
                    "name": row.representative_name,
                }
        add_to_timeline(row.represented, summary, vertegenwoordiging=row.pk)
    representation.revoked_at, representation.revoked_by = row.revoked_at, row.revoked_by
    return True
