"""Background job: the monitor's aggregate tables, filled again every night (and by `manage.py monitor_rebuild`)."""

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from jobs.runs import RecordedJob
from monitor.facts import rebuild


@shared_task(base=RecordedJob, name="monitor.rebuild_facts", label=_("Cijfers van de monitor herberekenen"))
def rebuild_facts() -> dict[str, int]:
    return {"rijen": rebuild().rows}
