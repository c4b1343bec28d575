"""Background job: the daily refresh of the deadline states of open dossiers."""

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from dossiers.next_deadlines import refresh_next_deadlines
from dossiers.services import repair_triage_keys
from jobs.runs import RecordedJob


@shared_task(
    base=RecordedJob, name="dossiers.refresh_deadline_states", label=_("Termijnen van open dossiers bijwerken")
)
def refresh_deadline_states() -> dict[str, int]:
    """Idempotent: the first run corrects what differs, a second one finds nothing (``bijgewerkt`` 0).

    The triage queue's stored order is repaired on the same round (``triage_hersteld``).
    """
    result = refresh_next_deadlines()
    return {
        "gecontroleerd": result.checked,
        "bijgewerkt": result.corrected,
        "verlopen": result.overdue,
        "dreigt_te_verlopen": result.threatening,
        "triage_hersteld": repair_triage_keys(),
    }
