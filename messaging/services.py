"""Sending messages and marking them read; every change goes through here, in a transaction.

The household writes in Mijn Wijkteam (no staff actor: ``by`` says who it was in words); staff answer on
the dossier's "Berichten" part. Each message adds a line to the dossier's timeline without its text: the
timeline may be shown to a consultation, the messages never are. A staff message sends the household an
e-mail notice without content, through the background jobs, once the message is committed.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import AccessAction
from audit.services import log_access
from core.translations import in_record_language
from dossiers.models import Dossier, TimelineEvent
from dossiers.services import add_timeline_event
from dossiers.transitions import Status
from messaging.models import BODY_MAX_LENGTH, Message
from portal.models import PortalContact
from residents.models import Inwoner

SOURCE_PORTAAL = "portaal"


class DossierClosed(ValidationError):
    """No new messages in a closed dossier: nobody of the team reads them any more."""


def clean_body(body: str) -> str:
    """The message's text, stripped; a Dutch error for an empty or too long one."""
    text = (body or "").strip()
    if not text:
        raise ValidationError({"body": [_("Schrijf eerst uw bericht.")]})
    if len(text) > BODY_MAX_LENGTH:
        raise ValidationError(
            {
                "body": [
                    _("Uw bericht is te lang: %(count)d tekens. Gebruik hooguit %(max)d tekens.")
                    % {"count": len(text), "max": BODY_MAX_LENGTH}
                ]
            }
        )
    return text


def _open_dossier(dossier: Dossier) -> Dossier:
    """The dossier locked for the new message; refused when it is closed."""
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if locked.status == Status.AFGESLOTEN:
        raise DossierClosed(_("Dit dossier is gesloten. U kunt hier geen bericht meer sturen."), code="closed")
    return locked


@transaction.atomic
def send_from_household(
    dossier: Dossier, *, body: str, by: str, via_representation_id: int | None = None, token: str | None = None
) -> tuple[Message, bool]:
    """The household's message to its team; (message, False) when this form was sent before (a double click)."""
    text = clean_body(body)
    dossier = _open_dossier(dossier)
    if token:
        earlier = Message.objects.filter(submission_token=token, dossier=dossier).first()
        if earlier is not None:
            return earlier, False
    message = Message.objects.create(
        dossier=dossier,
        body=text,
        author=None,
        author_name=by[:200],
        via_representation_id=via_representation_id,
        submission_token=token or None,
    )
    with in_record_language():
        summary = _("Bericht van %(wie)s ontvangen via Mijn Wijkteam (te lezen onder Berichten)") % {"wie": by}
    add_timeline_event(dossier, None, TimelineEvent.Kind.NOTITIE, summary, bericht=message.pk, source=SOURCE_PORTAAL)
    return message, True


@transaction.atomic
def send_from_staff(
    dossier: Dossier,
    *,
    body: str,
    actor: User,
    basis: str,
    request: HttpRequest | None = None,
    notice_url: str = "",
    token: str | None = None,
) -> Message:
    """A staff member's message to the household; the household gets an e-mail notice without the text."""
    text = clean_body(body)
    dossier = _open_dossier(dossier)
    message = Message.objects.create(
        dossier=dossier,
        body=text,
        author=actor,
        author_name=(actor.get_full_name() or actor.get_username())[:200],
        submission_token=token or None,
    )
    with in_record_language():
        summary = _("Bericht aan het huishouden gestuurd via Mijn Wijkteam")
    add_timeline_event(dossier, actor, TimelineEvent.Kind.NOTITIE, summary, bericht=message.pk)
    log_access(
        request,
        user=actor,
        action=AccessAction.CREATE,
        basis=basis,
        object_type="bericht",
        object_id=message.pk,
        dossier_id=dossier.pk,
        section="tijdlijn",
        detail="bericht aan het huishouden",
    )
    transaction.on_commit(lambda: _enqueue_notice(message.pk, notice_url))
    return message


def _enqueue_notice(message_id: int, url: str) -> None:
    from messaging.jobs import send_message_notice

    send_message_notice.delay(message_id, url)


def unread_for_household(dossier: Dossier) -> QuerySet[Message]:
    return Message.objects.filter(dossier=dossier, author__isnull=False, read_by_household_at__isnull=True)


def unread_for_staff(dossier: Dossier) -> QuerySet[Message]:
    return Message.objects.filter(dossier=dossier, author__isnull=True, read_by_staff_at__isnull=True)


def mark_read_by_household(dossier: Dossier, *, by: str) -> int:
    """The household saw the team's messages (the portal showed them); the first reading counts."""
    return unread_for_household(dossier).update(read_by_household_at=timezone.now(), read_by_household_name=by[:200])


def mark_read_by_staff(dossier: Dossier, *, user: User) -> int:
    """A professional of the team opened the household's messages; the first reading counts."""
    return unread_for_staff(dossier).update(read_by_staff_at=timezone.now(), read_by_staff=user)


@transaction.atomic
def set_notice_email(inwoner: Inwoner, email: str) -> PortalContact:
    """The resident's address for notices; empty: no more e-mails."""
    contact, _created = PortalContact.objects.select_for_update().get_or_create(inwoner=inwoner)
    contact.email = email.strip()
    contact.save(update_fields=["email", "updated_at"])
    return contact
