"""Making the AVG art. 15 inzage export in the background: request, build, download, expire.

The PDF of a resident with thousands of access-log lines took longer than a web request may
(issue 11), so the privacy officer now asks for it and a job (`audit.tasks_inzage`) makes it:

- `request_export` records the request (one open request per person and officer: asking again
  while it is made returns the same one) and hands it to the job once the request is committed;
- `build_export` (the job) makes the PDF with the access history summarised and the complete history
  as CSV, and keeps both in the database, like the beschikking letters: never under a served path;
- `log_download` writes every download to the access log against each dossier the files hold,
  as the synchronous export did;
- `expire_exports` removes the files `EXPORT_KEEP_DAYS` after they were made (the daily job, and
  every build on the way), gives up requests that no worker finished within `STALE_AFTER`, and
  removes the files of persons who no longer exist.
"""

from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import User
from audit import inzage, inzage_log, selectors
from audit.exports_models import OPEN_STATUSES, ExportStatus, InzageExport
from audit.models import AccessAction, AccessBasis
from audit.services import log_access, log_inzage_export
from jobs.runs import JobError
from residents.models import Inwoner

#: How long the files stay: long enough to hand them over, short enough not to become a second archive.
EXPORT_KEEP_DAYS = 7
#: A request no worker finished in this time is given up (a lost message, a killed worker).
STALE_AFTER = timedelta(hours=1)


class Kind:
    PDF = "PDF"
    CSV = "CSV"


def _enqueue(export_id: str) -> None:
    from audit.tasks_inzage import build_inzage_export

    build_inzage_export.delay(export_id)


def request_export(
    officer: User,
    inwoner: Inwoner,
    *,
    kenmerk: str,
    request: HttpRequest | None = None,
    enqueue: Callable[[str], None] = _enqueue,
) -> tuple[InzageExport, bool]:
    """The officer's open export for this person, or a new one handed to the job; and whether it is new."""
    give_up_stale()
    with transaction.atomic():
        existing = _open_export(officer, inwoner)
        if existing is not None:
            return existing, False
        try:
            with transaction.atomic():
                export = InzageExport.objects.create(requested_by=officer, person_id=inwoner.pk, kenmerk=kenmerk)
        except IntegrityError:  # the same request, a moment earlier, in another process
            again = _open_export(officer, inwoner)
            if again is None:
                raise
            return again, False
        log_access(
            request,
            user=officer,
            action=AccessAction.CREATE,
            basis=AccessBasis.PRIVACY_TOEZICHT,
            object_type="inzage",
            object_id=inwoner.pk,
            detail=f"inzage-export AVG art. 15 aangevraagd; kenmerk: {kenmerk}",
        )
        export_id = str(export.pk)
        # After the commit: a worker must find the row, and a rolled-back request must not be made.
        transaction.on_commit(lambda: enqueue(export_id))
    return export, True


def request_portal_export(
    inwoner: Inwoner,
    *,
    requester: str,
    kenmerk: str,
    enqueue: Callable[[str], None] = _enqueue,
) -> tuple[InzageExport, bool]:
    """A resident asks in Mijn Wijkteam for their own export: the open one, or a new one handed to the job.

    The same export as the privacy officer's, without an officer: `requester` says who asked (the portal's
    access-log words). The caller logs the request with the portal's basis (portal.gegevens_views).
    """
    give_up_stale()
    with transaction.atomic():
        existing = _open_portal_export(inwoner)
        if existing is not None:
            return existing, False
        try:
            with transaction.atomic():
                export = InzageExport.objects.create(
                    requested_by=None, portal_requester=requester[:200], person_id=inwoner.pk, kenmerk=kenmerk
                )
        except IntegrityError:  # the same request, a moment earlier, in another process
            again = _open_portal_export(inwoner)
            if again is None:
                raise
            return again, False
        export_id = str(export.pk)
        transaction.on_commit(lambda: enqueue(export_id))
    return export, True


def _open_portal_export(inwoner: Inwoner) -> InzageExport | None:
    return InzageExport.objects.filter(
        requested_by__isnull=True, person_id=inwoner.pk, status__in=OPEN_STATUSES
    ).first()


def _open_export(officer: User, inwoner: Inwoner) -> InzageExport | None:
    return InzageExport.objects.filter(requested_by=officer, person_id=inwoner.pk, status__in=OPEN_STATUSES).first()


def build_export(export_id: str) -> dict[str, int]:
    """Make the files of one export; a second run for an export that is not open does nothing."""
    started = InzageExport.objects.filter(pk=export_id, status__in=OPEN_STATUSES).update(
        status=ExportStatus.RUNNING, started_at=timezone.now()
    )
    if not started:
        return {"gemaakt": 0}
    export = InzageExport.objects.select_related("requested_by").get(pk=export_id)
    inwoner = Inwoner.objects.filter(pk=export.person_id).select_related("buurt").first()
    if inwoner is None:
        raise JobError("De inwoner van dit inzageverzoek bestaat niet meer.")
    data = inzage.build_inzage(inwoner, prepared_by=export.requested_by, history=False)
    history = inzage_log.read_history(inwoner)
    pdf = inzage.render_pdf(data, history.summary)
    dossier_ids = list(selectors.dossier_ids_of(inwoner))
    now = timezone.now()
    InzageExport.objects.filter(pk=export_id, status=ExportStatus.RUNNING).update(
        status=ExportStatus.READY,
        finished_at=now,
        expires_at=now + timedelta(days=EXPORT_KEEP_DAYS),
        pdf=pdf,
        csv=history.csv,
        line_count=history.summary.total,
        dossier_ids=dossier_ids,
        special_sections=selectors.special_note_sections(dossier_ids),
        error="",
    )
    expire_exports()
    return {"regels": history.summary.total, "pdf_bytes": len(pdf), "csv_bytes": len(history.csv)}


def mark_waiting(export_id: str) -> None:
    """A transient error: the job runs again later, so the export waits again instead of looking stuck."""
    InzageExport.objects.filter(pk=export_id, status=ExportStatus.RUNNING).update(status=ExportStatus.REQUESTED)


def mark_failed(export_id: str, error: str) -> None:
    """Failed for good: the officer sees 'mislukt' and may ask again; `error` names no person (jobs.runs.describe)."""
    InzageExport.objects.filter(pk=export_id, status__in=OPEN_STATUSES).update(
        status=ExportStatus.FAILED, finished_at=timezone.now(), error=error, pdf=None, csv=None
    )


def log_download(request: HttpRequest, export: InzageExport, kind: str) -> None:
    """A download shows the content of every dossier in the export: one log line per dossier, as before."""
    log_inzage_export(
        request,
        person_id=export.person_id,
        dossier_ids=list(export.dossier_ids),
        special_sections=list(export.special_sections),
        detail=f"inzage-export AVG art. 15 ({kind}) gedownload; kenmerk: {export.kenmerk}",
    )


def give_up_stale() -> int:
    """Requests nobody finished within `STALE_AFTER` fail, so the officer can ask again."""
    before = timezone.now() - STALE_AFTER
    return InzageExport.objects.filter(status__in=OPEN_STATUSES, requested_at__lt=before).update(
        status=ExportStatus.FAILED,
        finished_at=timezone.now(),
        error="JobError: niet gemaakt binnen een uur (geen worker, of de taak ging verloren)",
        pdf=None,
        csv=None,
    )


def expire_exports() -> dict[str, int]:
    """Remove the files of exports past their term, and of persons that were destroyed meanwhile."""
    now = timezone.now()
    expired = InzageExport.objects.filter(status=ExportStatus.READY, expires_at__lte=now).update(
        status=ExportStatus.EXPIRED, pdf=None, csv=None
    )
    # NOT EXISTS, one index probe per export with files; NOT IN over every resident of the city
    # (a million) cannot be hashed in memory and was read for each export instead.
    person_exists = Exists(Inwoner.objects.filter(pk=OuterRef("person_id")))
    gone = (
        InzageExport.objects.filter(status=ExportStatus.READY)
        .filter(~person_exists)
        .update(status=ExportStatus.EXPIRED, pdf=None, csv=None)
    )
    return {"verlopen": expired, "inwoner_verwijderd": gone, "opgegeven": give_up_stale()}
