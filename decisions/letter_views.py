"""The beschikking letter in the browser: a preview (inline) and the stored PDF as a download.

Before sending, the preview is a fresh draft with a CONCEPT watermark; after sending it is the letter exactly
as it was stored and sent, never a re-rendering. Every read is logged: the letter holds personal data.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from audit.models import AccessAction
from audit.services import log_access
from core.access import CASEWORKERS, staff_view
from decisions.letter import latest_letter, render_letter_pdf
from decisions.models import Beschikking, BeschikkingStatus
from decisions.selectors import get_visible_beschikking
from dossiers.sections import Section


def _pdf_response(content: bytes, *, filename: str, as_attachment: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename) or ""
    # Personal data: no copies in shared or browser caches.
    response["Cache-Control"] = "private, no-store"
    return response


def _filename(beschikking: Beschikking) -> str:
    return f"beschikking-{beschikking.number}.pdf"


def _log_read(request: HttpRequest, beschikking: Beschikking, basis: str, detail: str) -> None:
    log_access(
        request,
        action=AccessAction.VIEW,
        basis=basis,
        object_type="brief",
        object_id=beschikking.pk,
        dossier_id=beschikking.aanvraag.dossier_id,
        detail=detail,
        section=Section.BESLUITEN,
    )


def _no_letter() -> Http404:
    return Http404(_("Er is nog geen verzonden brief bij deze beschikking."))


@staff_view(CASEWORKERS)
@require_GET
def letter_preview(request: HttpRequest, pk: int) -> HttpResponse:
    beschikking, basis = get_visible_beschikking(request, pk)
    if beschikking.status == BeschikkingStatus.VERZONDEN:
        letter = latest_letter(beschikking)
        if letter is None:
            raise _no_letter()
        _log_read(request, beschikking, basis, detail=f"verzonden brief {letter.pk}")
        return _pdf_response(bytes(letter.pdf), filename=_filename(beschikking), as_attachment=False)
    _log_read(request, beschikking, basis, detail="concept")
    draft = render_letter_pdf(beschikking, draft=True)
    return _pdf_response(draft, filename=f"concept-{_filename(beschikking)}", as_attachment=False)


@staff_view(CASEWORKERS)
@require_GET
def letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    beschikking, basis = get_visible_beschikking(request, pk)
    letter = latest_letter(beschikking)
    if letter is None:
        raise _no_letter()
    _log_read(request, beschikking, basis, detail=f"download brief {letter.pk}")
    return _pdf_response(bytes(letter.pdf), filename=_filename(beschikking), as_attachment=True)
