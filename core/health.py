"""What the health endpoints check (`/health/live`, `/health/ready`).

A load balancer or orchestrator asks these every few seconds, so they are cheap, need no login and
say nothing about residents or staff: only which dependency failed. Liveness touches nothing outside the
process (a database outage must not make the orchestrator restart every web process); readiness asks the
database and, when one is configured, the Celery broker, each with a short timeout so a hanging
dependency turns into a 503 instead of a request that waits until the server's own timeout.
"""

from django.conf import settings
from django.db import connection, transaction

#: Seconds a readiness check may wait for the database or the broker.
CHECK_TIMEOUT_SECONDS = 2


def database_answers() -> None:
    """Raise when the default database does not answer a trivial query."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Only for this transaction: a locked or overloaded server gives up instead of hanging.
                cursor.execute(f"SET LOCAL statement_timeout = {CHECK_TIMEOUT_SECONDS * 1000}")
            cursor.execute("SELECT 1")
            cursor.fetchone()


def broker_url() -> str:
    """The Celery broker, or '' when none is configured (the demo runs jobs in-process)."""
    return str(getattr(settings, "CELERY_BROKER_URL", "") or "")


def broker_answers(url: str) -> None:
    """Raise when the message broker at `url` cannot be reached within the timeout."""
    from kombu import Connection  # Celery's transport layer: the same code the worker connects with

    with Connection(
        url,
        connect_timeout=CHECK_TIMEOUT_SECONDS,
        transport_options={"socket_timeout": CHECK_TIMEOUT_SECONDS, "max_retries": 0},
    ) as conn:
        conn.ensure_connection(max_retries=1, timeout=CHECK_TIMEOUT_SECONDS)
        # The Redis transport connects lazily; a channel sends a PING, so a dead broker fails here.
        conn.default_channel  # noqa: B018


def readiness() -> dict[str, str]:
    """Each dependency -> 'ok' or 'error'/'unreachable'. No exception text: it may name hosts or users."""
    checks: dict[str, str] = {}
    try:
        database_answers()
        checks["database"] = "ok"
    except Exception:
        checks["database"] = "error"
    url = broker_url()
    if url:
        try:
            broker_answers(url)
            checks["broker"] = "ok"
        except Exception:
            checks["broker"] = "unreachable"
    return checks
