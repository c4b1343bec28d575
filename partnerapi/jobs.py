"""The partner API's job: remembered answers to idempotency keys are forgotten after their term (docs/api.md)."""

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from jobs.runs import RecordedJob
from partnerapi.services import clear_expired_answers


@shared_task(
    base=RecordedJob, name="partnerapi.clear_idempotency_records", label=_("Oude idempotentiesleutels opruimen")
)
def clear_idempotency_records() -> dict[str, int]:
    """A retry comes within minutes; a day later the stored answer is only data to keep safe."""
    return {"opgeruimd": clear_expired_answers()}
