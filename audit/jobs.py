"""Background job: seal the access log every few minutes (docs/adr/0012-concurrent-access-log-chain.md)."""

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from audit.services import seal_log

# The inzage export jobs live next to their service; importing them here registers them with the worker.
from audit.tasks_inzage import build_inzage_export, expire_inzage_exports  # noqa: F401
from jobs.runs import RecordedJob


@shared_task(base=RecordedJob, name="audit.seal_access_log", label=_("Toegangslog verzegelen"), lock_seconds=10 * 60)
def seal_access_log() -> dict[str, int]:
    """Record every lane's tip in a signed seal, so removing a lane's newest rows shows from then on.

    Idempotent: with nothing appended since the last seal it writes nothing (``verzegeld`` 0). A run
    that fails leaves the rows for the next one; the gap only widens the window the next seal closes.
    """
    seal = seal_log()
    if seal is None:
        return {"verzegeld": 0, "regels": 0, "banen": 0}
    return {
        "verzegeld": 1,
        "regels": sum(int(tip["count"]) for tip in seal.lanes.values()),
        "banen": len(seal.lanes),
    }
