"""Every recorded job runs: either on the beat schedule, or started by what it serves (listed here with why).

A cleanup job that nobody schedules keeps data past its term without anyone noticing (issue 15: the erop-af
notes and the partner API's remembered answers had a job and a command, but no schedule).
"""

from django.conf import settings

from config.celery import app
from jobs.runs import RecordedJob

#: Jobs started by an event, with a task argument, never on a clock.
STARTED_BY_AN_EVENT = {
    "audit.build_inzage_export": "a privacy officer asks for one resident's export",
    "messaging.send_message_notice": "a regisseur sends a resident a message",
}


def _recorded_jobs() -> set[str]:
    app.loader.import_default_modules()
    return {name for name, task in app.tasks.items() if isinstance(task, RecordedJob)}


def test_every_recorded_job_is_scheduled_or_started_by_an_event() -> None:
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    never_run = _recorded_jobs() - scheduled - set(STARTED_BY_AN_EVENT)

    assert not never_run, f"{sorted(never_run)}: add them to CELERY_BEAT_SCHEDULE (config/settings.py)"


def test_the_schedule_names_only_jobs_that_exist() -> None:
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert scheduled <= _recorded_jobs()
