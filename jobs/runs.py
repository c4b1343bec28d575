"""The base of every background job: each attempt is recorded, transient errors are retried, runs never overlap.

A job is a thin Celery task around an existing service (``<app>/jobs.py``); this base class adds
what every job needs, so no job can forget it:

* a ``JobRun`` row per attempt (start, end, status, counts, the kind of error), the functioneel
  beheerder's view in /beheer/: a failure is never only in a worker's log;
* retries with exponential backoff on transient errors (the database or a connection gone for a
  moment); any other error fails the run at once, recorded as ``mislukt``;
* a lease lock per job (``jobs.locks``): a second run while the first still works is recorded as
  ``overgeslagen`` and does nothing.
"""

from __future__ import annotations

import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from celery import Task
from celery.exceptions import Retry
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from django_stubs_ext import StrOrPromise

from core.translations import in_record_language
from jobs import locks
from jobs.models import JobRun, RunStatus

#: Errors that say "try again later", not "this is wrong": a lost database connection, a locked
#: SQLite database, a network time-out. OSError covers ConnectionError and an unreachable share.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (OperationalError, InterfaceError, OSError, TimeoutError)


class JobError(Exception):
    """A failure a job describes itself; its message is shown to the beheerder, so it names no person."""


def describe(error: BaseException) -> str:
    """The error's kind and where in the code it arose; never its message, which may quote personal data.

    Only messages known to be about the machine, not the data, are kept: a ``JobError`` (written by
    us), an operating-system error's reason (without the file name) and a database connection error.
    """
    kind = type(error).__name__
    if isinstance(error, JobError):
        text = f"{kind}: {error}"
    elif isinstance(error, OSError) and error.strerror:
        text = f"{kind}: {error.strerror}"
    elif isinstance(error, (OperationalError, InterfaceError)):
        text = f"{kind}: {str(error).splitlines()[0][:200] if str(error) else ''}"
    else:
        text = kind
    frames = traceback.extract_tb(error.__traceback__)[-4:]
    where = [f"  {_short_path(frame.filename)}:{frame.lineno} in {frame.name}" for frame in frames]
    return "\n".join([text, *where])


def _short_path(filename: str) -> str:
    path = Path(filename)
    for base in (Path(settings.BASE_DIR), *(parent for parent in path.parents if parent.name == "site-packages")):
        if path.is_relative_to(base):
            return str(path.relative_to(base))
    return path.name


def _finish(run: JobRun, status: str, *, summary: Mapping[str, Any] | None = None, error: str = "") -> None:
    run.status = status
    run.finished_at = timezone.now()
    run.summary = dict(summary or {})
    run.error = error
    run.save(update_fields=["status", "finished_at", "summary", "error"])


class RecordedJob(Task):  # type: ignore[misc]  # celery ships no type information
    """Base class of our jobs (``@shared_task(base=RecordedJob, ...)``); the options can be set per job."""

    #: The name for the beheerder (gettext_lazy); stored with each run in Dutch, like every record.
    label: StrOrPromise = ""
    autoretry_for = TRANSIENT_ERRORS
    #: Waits of about 30 s, 1, 2, 4 and 8 minutes (with jitter), then the run is recorded as failed.
    retry_backoff = 30
    retry_backoff_max = 15 * 60
    retry_jitter = True
    max_retries = 5
    #: How long a run may hold the job's lock; None lets runs overlap (only for read-only jobs).
    lock_seconds: int | None = 60 * 60

    def _record_label(self) -> str:
        with in_record_language():
            return str(self.label)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            run = JobRun.objects.create(
                job=self.name,
                label=self._record_label(),
                task_id=self.request.id or "",
                attempt=(self.request.retries or 0) + 1,
            )
        except TRANSIENT_ERRORS as error:  # not even the record can be written: try the whole job again later
            countdown = get_exponential_backoff_interval(
                factor=int(self.retry_backoff), retries=self.request.retries or 0, maximum=self.retry_backoff_max
            )
            raise self.retry(exc=error, countdown=countdown) from error
        token = None
        try:
            if self.lock_seconds:
                token = locks.acquire(self.name, self.lock_seconds)
                if token is None:
                    _finish(run, RunStatus.SKIPPED)
                    return None
            summary = super().__call__(*args, **kwargs)
        except Retry as retry:
            _finish(run, RunStatus.RETRYING, error=describe(retry.exc) if retry.exc else "")
            raise
        except Exception as error:
            _finish(run, RunStatus.FAILED, error=describe(error))
            raise
        finally:
            if token is not None:
                locks.release(self.name, token)
        _finish(run, RunStatus.SUCCEEDED, summary=summary)
        return summary
