"""Background job: tell the household by e-mail that the team sent a message (never what it says)."""

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.translations import in_record_language
from jobs.runs import RecordedJob
from messaging.models import Message
from messaging.recipients import notice_addresses


def notice_subject() -> str:
    return _("U hebt een nieuw bericht in Mijn Wijkteam")


def notice_text(url: str) -> str:
    """The notice's text: where to read the message, and nothing of the message itself."""
    return _(
        "Beste inwoner,\n\n"
        "Uw wijkteam heeft u een nieuw bericht gestuurd.\n"
        "U leest het bericht in Mijn Wijkteam. U logt in met DigiD:\n"
        "%(url)s\n\n"
        "In deze e-mail staat niet wat het bericht is. Zo blijven uw gegevens veilig.\n"
        "Dit is een automatische e-mail. U kunt niet antwoorden op deze e-mail.\n\n"
        "Met vriendelijke groet,\n"
        "Het wijkteam"
    ) % {"url": url}


# A lock per job is not needed: the conditional UPDATE below lets exactly one run claim a message's notice,
# and a failed send rolls the claim back so a retry sends it.
@shared_task(
    base=RecordedJob,
    name="messaging.send_message_notice",
    label=gettext_lazy("Inwoner per e-mail melden dat er een bericht is"),
    lock_seconds=None,
)
def send_message_notice(message_id: int, url: str) -> dict[str, int]:
    """Idempotent: a second run for the same message finds its notice sent and sends nothing."""
    with transaction.atomic():
        claimed = Message.objects.filter(pk=message_id, author__isnull=False, notice_sent_at__isnull=True).update(
            notice_sent_at=timezone.now()
        )
        if not claimed:
            return {"verstuurd": 0}
        message = Message.objects.select_related("dossier").get(pk=message_id)
        addresses = notice_addresses(message.dossier)
        with in_record_language():
            subject, text = notice_subject(), notice_text(url)
        for address in addresses:
            # One e-mail per address: members of a household do not see each other's addresses.
            EmailMessage(subject, text, settings.DEFAULT_FROM_EMAIL, [address]).send()
    return {"verstuurd": len(addresses)}
