"""Once against a real broker: a Celery worker on Redis (127.0.0.1:6379) takes the exchange job and runs it.

The other job tests run in the embedded mode (in-process, no broker); this one proves the production
path: the job is sent through Redis, a worker picks it up and records its run. It uses its own Celery
app, a database number and a queue of its own, so a worker of a running installation never takes it.
Skipped, with the reason, when no Redis answers.
"""

import time
import uuid

import pytest
from celery import Celery
from celery.contrib.testing.worker import start_worker

from allocations.models import Bericht, BerichtStatus, Direction
from config.celery import app as main_app
from jobs.models import JobRun, RunStatus

REDIS_URL = "redis://127.0.0.1:6379/15"

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def redis_app():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping()
    except Exception as error:  # any failure means: no broker to test against
        pytest.skip(f"Redis not available on 127.0.0.1:6379: {error}")
    import allocations.jobs  # noqa: F401 - registers the shared task before the app is finalized

    app = Celery("openwijkteam-redis-test", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(
        broker_url=REDIS_URL,
        task_always_eager=False,
        task_default_queue=f"openwijkteam-test-{uuid.uuid4().hex}",
        broker_connection_retry_on_startup=False,
    )
    try:
        yield app
    finally:
        with app.connection_for_write() as connection:
            queue = app.conf.task_default_queue  # also the name of its exchange
            connection.default_channel.client.delete(
                queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
            )
        app.close()
        main_app.set_current()
        main_app.set_default()


def test_a_worker_on_redis_runs_the_exchange_job(redis_app: Celery, settings, tmp_path) -> None:
    settings.BERICHTEN_INBOX, settings.BERICHTEN_OUTBOX = tmp_path / "in", tmp_path / "uit"
    bericht = Bericht.objects.create(
        direction=Direction.OUT, kind="WMO301", file_name="WMO301_1.xml", content=b"<x/>", status=BerichtStatus.KLAAR
    )

    with start_worker(redis_app, perform_ping_check=False, shutdown_timeout=30):
        sent = redis_app.tasks["allocations.exchange_messages"].apply_async()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            run = JobRun.objects.filter(task_id=sent.id).exclude(status=RunStatus.RUNNING).first()
            if run is not None:
                break
            time.sleep(0.1)

    assert run is not None, "the worker did not run the job within 20 seconds"
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.summary["verzonden"] == 1
    bericht.refresh_from_db()
    assert bericht.status == BerichtStatus.VERZONDEN
    assert (tmp_path / "uit" / "WMO301_1.xml").read_bytes() == b"<x/>"
