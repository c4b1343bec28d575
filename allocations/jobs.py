"""Background job: the message exchange (``manage.py berichten uitwisselen``), every few minutes."""

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from allocations.exchange import run_exchange
from allocations.models import Bericht, BerichtStatus, Direction
from jobs.runs import RecordedJob


@shared_task(
    base=RecordedJob, name="allocations.exchange_messages", label=_("Berichten uitwisselen"), lock_seconds=30 * 60
)
def exchange_messages() -> dict[str, int]:
    """Process the inbox, then deliver what is ready in the outbox.

    Idempotent: handled inbox files move out of the inbox and a delivered message is marked
    verzonden, so a second run finds nothing. A file or message that fails stays for the next run;
    ``nog_klaar`` counts the messages still waiting, so a stuck one shows in the run's record.
    """
    result = run_exchange()
    waiting = Bericht.objects.filter(direction=Direction.OUT, status=BerichtStatus.KLAAR).count()
    return {
        "ontvangen": len(result.received),
        "geaccepteerd": result.accepted,
        "afgewezen": result.rejected,
        "verzonden": len(result.delivered),
        "nog_klaar": waiting,
    }
