"""The outreach app's job: erop-af contacts go after their retention term (docs/toegang.md)."""

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from jobs.runs import RecordedJob
from outreach.services import remove_old_contacts


@shared_task(base=RecordedJob, name="outreach.remove_old_contacts", label=_("Oude erop-af-contacten verwijderen"))
def remove_old_outreach_contacts() -> dict[str, int]:
    """The contacts are the team's notes of a day's outreach; after a year only the monitor's counts remain."""
    return {"verwijderd": remove_old_contacts()}
