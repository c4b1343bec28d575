"""Background job: which closed dossiers are past their retention term, for the privacy officer."""

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from jobs.runs import RecordedJob
from retention.selectors import dossiers_past_retention


@shared_task(
    base=RecordedJob,
    name="retention.report_past_retention",
    label=_("Dossiers voorbij de bewaartermijn"),
    lock_seconds=None,
)
def report_past_retention() -> dict[str, int]:
    """Count the dossiers past their term, and those without a destruction proposal yet.

    Only reads: the list itself is the privacy officer's page (Bewaartermijnen), and destruction
    goes only through the four-eyes flow there (``retention.services``). Numbers only, so the record
    holds no personal data.
    """
    rows = dossiers_past_retention()
    return {
        "voorbij_bewaartermijn": len(rows),
        "zonder_voorstel": sum(1 for row in rows if row.open_request_id is None),
    }
