"""The Celery application: background jobs (each app's ``jobs.py``), configured from the CELERY_* settings.

With ``CELERY_BROKER_URL`` set (Redis in production) a worker (``celery -A config worker``) runs the
jobs and ``celery -A config beat`` schedules the periodic ones (``CELERY_BEAT_SCHEDULE``). Without
a broker (``make run``, the tests) the jobs run in-process when called: docs/adr/0011-background-jobs.md.
"""

import os
from pathlib import Path

from celery import Celery
from celery.beat import PersistentScheduler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("openwijkteam")
app.config_from_object("django.conf:settings", namespace="CELERY")
# `tasks.py` is taken (allocations.tasks are a consulent's message tasks): our jobs live in `jobs.py`.
app.autodiscover_tasks(related_name="jobs")


class Scheduler(PersistentScheduler):  # type: ignore[misc]  # celery ships no type information
    """Beat's own scheduler; it keeps its last run times in var/ (CELERY_BEAT_SCHEDULE_FILENAME), made here."""

    def setup_schedule(self) -> None:
        Path(self.schedule_filename).parent.mkdir(parents=True, exist_ok=True)
        super().setup_schedule()
