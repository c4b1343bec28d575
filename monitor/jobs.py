"""Background job: the monitor's aggregate tables, filled again every night (and by `manage.py monitor_rebuild`).

The run's summary keeps the seconds of each part (and of working out the suppression ahead, "warm"), so a builder
that grows slower with the data shows in the job history long before the rebuild passes its two minutes.
"""

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from jobs.runs import RecordedJob
from monitor.facts import rebuild


@shared_task(base=RecordedJob, name="monitor.rebuild_facts", label=_("Cijfers van de monitor herberekenen"))
def rebuild_facts() -> dict[str, object]:
    seconds: dict[str, float] = {}

    def record(name: str, took: float, _rows: int) -> None:
        seconds[name] = round(took, 1)

    result = rebuild(record)
    return {"rijen": result.rows, "seconden": seconds}
