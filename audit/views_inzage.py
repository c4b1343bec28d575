"""The privacy officer's inzage export, made in the background: ask for it, follow it, download it.

Who may: only the privacy officer (the role that may look a person up for an inzageverzoek), and of
an export only the officer who asked for it; anyone else gets 404 and a line in the access log, as
for a person key that is not theirs (audit.views). The request needs a lookup registered as an
inzageverzoek, like the export always did. The status pages show the request's reference and state,
no personal data, so looking at them (also every few seconds while it is made) is not logged; each
download is, against every dossier the file holds (audit.exports.log_download).
"""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from audit import exports
from audit.exports_models import InzageExport
from audit.services import log_denied
from audit.views import PRIVACY_OFFICER, _get_lookup
from core.access import staff_view

#: The officer's own exports on the overview page: recent work, not an archive.
LIST_SIZE = 50


def _officer(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _own_export(request: HttpRequest, export_id: UUID) -> InzageExport:
    export = InzageExport.objects.filter(pk=export_id, requested_by=_officer(request)).defer("pdf", "csv").first()
    if export is None:
        log_denied(
            request,
            object_type="inzage",
            object_id=str(export_id)[:40],
            detail="inzage-export van een ander of onbekend",
        )
        raise Http404(_("Dit inzage-overzicht bestaat niet of is niet door u aangevraagd."))
    return export


@staff_view(PRIVACY_OFFICER)
@require_POST
def inzage_aanvragen(request: HttpRequest, key: str) -> HttpResponse:
    """Ask for the export of the person behind `key`: only for an inzageverzoek; a second click gives the same one."""
    lookup = _get_lookup(request, key)
    if not lookup.may_export:
        log_denied(
            request,
            object_type="inzage",
            object_id=lookup.inwoner.pk,
            detail=f"geen inzageverzoek; {lookup.reason_text}",
        )
        raise PermissionDenied(
            _("Het inzage-overzicht kan alleen worden gemaakt voor een inzageverzoek van de inwoner.")
        )
    export, created = exports.request_export(_officer(request), lookup.inwoner, kenmerk=lookup.kenmerk, request=request)
    if not created:
        messages.info(request, _("Dit overzicht was al aangevraagd en wordt nog gemaakt."))
    return redirect("audit:inzage_status", export_id=export.pk)


@staff_view(PRIVACY_OFFICER)
@require_GET
def inzage_lijst(request: HttpRequest) -> HttpResponse:
    """The officer's recent exports with their state."""
    exported = InzageExport.objects.filter(requested_by=_officer(request)).defer("pdf", "csv").order_by("-requested_at")
    return render(request, "audit/inzage_lijst.html", {"exports": exported[:LIST_SIZE], "now": timezone.now()})


@staff_view(PRIVACY_OFFICER)
@require_GET
def inzage_status(request: HttpRequest, export_id: UUID) -> HttpResponse:
    """The state of one export; while it is made, htmx asks again every few seconds (or the officer reloads)."""
    export = _own_export(request, export_id)
    context = {"export": export, "downloadable": export.is_downloadable()}
    if request.headers.get("HX-Request") == "true":
        return render(request, "audit/inzage_status_deel.html", context)
    return render(request, "audit/inzage_status.html", context)


def _download(request: HttpRequest, export_id: UUID, kind: str) -> HttpResponse:
    export = _own_export(request, export_id)
    if not export.is_downloadable():
        messages.warning(request, _("Dit overzicht is niet (meer) te downloaden."))
        return redirect("audit:inzage_status", export_id=export.pk)
    field = "pdf" if kind == exports.Kind.PDF else "csv"
    content = InzageExport.objects.filter(pk=export.pk).values_list(field, flat=True).get()
    if content is None:
        raise Http404(_("Dit overzicht is niet (meer) te downloaden."))
    exports.log_download(request, export, kind)
    reference = "".join(char if char.isalnum() or char in "._-" else "-" for char in export.kenmerk)
    made_on = timezone.localdate(export.finished_at) if export.finished_at else timezone.localdate()
    if kind == exports.Kind.PDF:
        response = HttpResponse(bytes(content), content_type="application/pdf")
        filename = f"inzage-{reference}-{made_on.isoformat()}.pdf"
    else:
        response = HttpResponse(bytes(content), content_type="text/csv; charset=utf-8")
        filename = f"inzage-{reference}-{made_on.isoformat()}-toegangshistorie.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@staff_view(PRIVACY_OFFICER)
@require_GET
def inzage_pdf_download(request: HttpRequest, export_id: UUID) -> HttpResponse:
    return _download(request, export_id, exports.Kind.PDF)


@staff_view(PRIVACY_OFFICER)
@require_GET
def inzage_csv_download(request: HttpRequest, export_id: UUID) -> HttpResponse:
    return _download(request, export_id, exports.Kind.CSV)
