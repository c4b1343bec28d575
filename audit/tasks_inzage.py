"""Background jobs of the inzage export (audit.exports): make one export; remove expired files daily.

Celery finds jobs in each app's ``jobs.py``; `audit.jobs` imports this module, so every worker
knows these jobs. The work itself is imported when a job runs: the PDF library is not needed to
load the jobs.

The build job takes no job-wide lock (`lock_seconds=None`): two officers' exports may be made at the
same time; one export is made once, because `build_export` only starts an export that is still open.
"""

from contextlib import suppress
from typing import Any

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from jobs.runs import TRANSIENT_ERRORS, RecordedJob, describe


@shared_task(
    base=RecordedJob,
    bind=True,
    name="audit.build_inzage_export",
    label=_("Inzage-overzicht (AVG art. 15) maken"),
    lock_seconds=None,
)
def build_inzage_export(self: Any, export_id: str) -> dict[str, int]:
    """Make the PDF and CSV; a failure shows on the export (mislukt) and in the job runs."""
    from audit import exports

    try:
        return exports.build_export(export_id)
    except TRANSIENT_ERRORS as error:
        # With the database gone the export cannot be marked either; then `give_up_stale` does it later.
        with suppress(*TRANSIENT_ERRORS):
            if (self.request.retries or 0) < self.max_retries:
                exports.mark_waiting(export_id)  # RecordedJob retries it after a pause
            else:
                exports.mark_failed(export_id, describe(error))
        raise
    except Exception as error:
        with suppress(*TRANSIENT_ERRORS):
            exports.mark_failed(export_id, describe(error))
        raise


@shared_task(base=RecordedJob, name="audit.expire_inzage_exports", label=_("Verlopen inzage-overzichten verwijderen"))
def expire_inzage_exports() -> dict[str, int]:
    """Daily: the files of an inzage export go after `audit.exports.EXPORT_KEEP_DAYS` days."""
    from audit import exports

    return exports.expire_exports()
