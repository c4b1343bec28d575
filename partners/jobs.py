"""The partners app's job: rejected partner meldingen are removed after their term (partners/retention.py)."""

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from jobs.runs import RecordedJob
from partners.retention import remove_expired


@shared_task(
    base=RecordedJob,
    name="partners.remove_expired_meldingen",
    label=_("Afgewezen partnermeldingen voorbij de bewaartermijn verwijderen"),
)
def remove_expired_meldingen() -> dict[str, int]:
    """Nightly; numbers only in the job's record."""
    return {"verwijderd": remove_expired()}
