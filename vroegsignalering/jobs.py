"""Background job: the drop folder of vroegsignalen (``manage.py import_vroegsignalen``), every few minutes."""

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from jobs.runs import RecordedJob
from vroegsignalering.intake_folder import import_folder


@shared_task(
    base=RecordedJob,
    name="vroegsignalering.import_drop_folder",
    label=_("Vroegsignalen uit de importmap inlezen"),
    lock_seconds=30 * 60,
)
def import_drop_folder() -> dict[str, int]:
    """Idempotent: every handled file leaves the folder, and a signal received before changes nothing."""
    run = import_folder()
    return {"verwerkt": run.accepted, "geweigerd": run.refused}
