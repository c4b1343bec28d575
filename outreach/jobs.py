"""The outreach app's job: erop-af contacts lose their note and melding link after their term (docs/toegang.md)."""

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from jobs.runs import RecordedJob
from outreach.services import clear_old_contacts


@shared_task(base=RecordedJob, name="outreach.clear_old_contacts", label=_("Oude erop-af-contacten opschonen"))
def clear_old_outreach_contacts() -> dict[str, int]:
    """After a year a contact keeps only what names nobody: no note, no link to the melding."""
    return {"opgeschoond": clear_old_contacts()}
