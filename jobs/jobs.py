"""The jobs app's own job: old records of successful runs are removed; failed ones stay until looked at."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.models import JobRun, RunStatus
from jobs.runs import RecordedJob


@shared_task(base=RecordedJob, name="jobs.prune_runs", label=_("Oude taakuitvoeringen opruimen"))
def prune_runs() -> dict[str, int]:
    """Every exchange run every 5 minutes would otherwise add ~100,000 rows a year."""
    before = timezone.now() - timedelta(days=settings.JOB_RUNS_KEEP_DAYS)
    deleted, _kinds = JobRun.objects.filter(
        status__in=[RunStatus.SUCCEEDED, RunStatus.SKIPPED, RunStatus.RETRYING], started_at__lt=before
    ).delete()
    return {"verwijderd": deleted}
