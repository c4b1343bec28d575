"""A per-job lease in the database: works the same on PostgreSQL and SQLite, with or without a broker.

Taking the lock is one conditional UPDATE (free, or its lease has run out), so two workers can never
both get it; no transaction stays open while the job runs. The lease ends on its own when a worker
dies, so a crash does not stop the job for good.
"""

from datetime import timedelta
from uuid import uuid4

from django.db.models import Q
from django.utils import timezone

from jobs.models import JobLock


def acquire(name: str, seconds: int) -> str | None:
    """A token for releasing the lock, or None when another run holds it."""
    JobLock.objects.get_or_create(name=name)
    now = timezone.now()
    token = uuid4().hex
    taken = (
        JobLock.objects.filter(name=name)
        .filter(Q(held_until__isnull=True) | Q(held_until__lte=now))
        .update(held_until=now + timedelta(seconds=seconds), holder=token)
    )
    return token if taken else None


def release(name: str, token: str) -> None:
    """Free the lock, only if this run still holds it (after an expired lease another run may)."""
    JobLock.objects.filter(name=name, holder=token).update(held_until=None, holder="")
