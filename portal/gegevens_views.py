"""Mijn gegevens: the resident asks for their AVG art. 15 overview themself and downloads it.

It is the privacy officer's inzage export (audit.inzage, audit.exports): the same job makes the same PDF
(everything the platform holds about the person, with the access history summarised) and the same CSV
(the complete access history), in the background; in the embedded mode (``make run``, the tests) the job
runs as soon as the request is committed. The export is for one person (``InzageExport.person_id``): only
a portal user whose current subject is that person reaches it, so a representative reaches it only with
the GEGEVENS scope and a parent only as portal/minors.py allows. Anyone else's export id answers 404 and
is logged as a refusal, like a record of another household.

Asking is logged as a CREATE about the person; each download is logged against every dossier the files
hold, as the officer's download is, with the portal's basis.
"""

from uuid import UUID

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit import exports
from audit.exports_models import ExportStatus, InzageExport
from audit.models import AccessAction
from audit.services import log_shown
from portal.access import current_dossier, log_portal, log_portal_denied, portal_view
from portal.models import PortalScope
from portal.principal import Principal


def _principal(request: HttpRequest) -> Principal:
    return request.portal  # type: ignore[attr-defined,no-any-return]


def _own_exports(principal: Principal) -> QuerySet[InzageExport]:
    """The exports asked for in the portal about the current subject; never an officer's, never another's."""
    assert principal.subject is not None
    return InzageExport.objects.filter(requested_by__isnull=True, person_id=principal.subject.pk).defer("pdf", "csv")


@require_GET
@portal_view(PortalScope.GEGEVENS)
def gegevens(request: HttpRequest) -> HttpResponse:
    principal = _principal(request)
    assert principal.subject is not None
    exports.give_up_stale()
    latest = _own_exports(principal).order_by("-requested_at").first()
    dossier = current_dossier(principal)
    log_portal(
        request,
        principal,
        object_type="inzage",
        object_id=principal.subject.pk,
        dossier_id=dossier.pk if dossier is not None else None,
        detail="Mijn gegevens bekeken",
    )
    return render(
        request,
        "portal/gegevens/gegevens.html",
        {
            "principal": principal,
            "export": latest,
            "downloadable": latest is not None and latest.is_downloadable(),
            "keep_days": exports.EXPORT_KEEP_DAYS,
            "failed": ExportStatus.FAILED,
        },
    )


@require_POST
@portal_view(PortalScope.GEGEVENS)
def request_overview(request: HttpRequest) -> HttpResponse:
    """ "Maak mijn overzicht": one open request per person; a second click (or a second tab) gets the same one."""
    principal = _principal(request)
    subject = principal.subject
    assert subject is not None
    kenmerk = f"MWT-{timezone.localdate().isoformat()}"
    export, created = exports.request_portal_export(subject, requester=principal.describe(), kenmerk=kenmerk)
    if created:
        log_portal(
            request,
            principal,
            object_type="inzage",
            object_id=subject.pk,
            action=AccessAction.CREATE,
            detail=f"inzage-export AVG art. 15 aangevraagd in Mijn Wijkteam; kenmerk: {export.kenmerk}",
        )
    else:
        messages.info(request, _("Uw overzicht wordt al gemaakt. Even geduld."))
    return redirect("portal:gegevens")


def _download(request: HttpRequest, export_id: UUID, kind: str) -> HttpResponse:
    principal = _principal(request)
    export = _own_exports(principal).filter(pk=export_id).first()
    if export is None:
        log_portal_denied(
            request, principal, object_type="inzage", object_id=str(export_id)[:40], detail="inzage-export"
        )
        raise Http404
    if not export.is_downloadable():
        messages.warning(request, _("Dit overzicht is niet meer te downloaden. Maak een nieuw overzicht."))
        return redirect("portal:gegevens")
    field = "pdf" if kind == exports.Kind.PDF else "csv"
    content = InzageExport.objects.filter(pk=export.pk).values_list(field, flat=True).get()
    if content is None:
        raise Http404
    detail = f"inzage-export AVG art. 15 ({kind}) gedownload in Mijn Wijkteam; kenmerk: {export.kenmerk}"
    if export.dossier_ids:
        # As the officer's download (audit.services.log_inzage_export): a line per dossier, about the person.
        log_shown(
            request,
            basis=principal.basis,
            dossier_ids=list(export.dossier_ids),
            object_type="inzage",
            object_id=export.person_id,
            detail=f"{principal.describe()}; {detail}",
        )
    else:
        log_portal(request, principal, object_type="inzage", object_id=export.person_id, detail=detail)
    made_on = timezone.localdate(export.finished_at) if export.finished_at else timezone.localdate()
    if kind == exports.Kind.PDF:
        response = HttpResponse(bytes(content), content_type="application/pdf")
        filename = f"mijn-gegevens-{made_on.isoformat()}.pdf"
    else:
        response = HttpResponse(bytes(content), content_type="text/csv; charset=utf-8")
        filename = f"mijn-gegevens-{made_on.isoformat()}-wie-keek.csv"
    response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@portal_view(PortalScope.GEGEVENS)
def overview_pdf(request: HttpRequest, inzageexport_id: UUID) -> HttpResponse:
    return _download(request, inzageexport_id, exports.Kind.PDF)


@require_GET
@portal_view(PortalScope.GEGEVENS)
def overview_csv(request: HttpRequest, inzageexport_id: UUID) -> HttpResponse:
    return _download(request, inzageexport_id, exports.Kind.CSV)
