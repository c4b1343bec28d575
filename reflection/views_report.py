"""The facilitator's join screen for the projector and the session report (web page and PDF).

Same rule as the other facilitator screens (``reflection.views._own_session``): only the
facilitator of the session; anyone else gets 404 and a line in the access log. Reading the
report is logged too: it is the record of what a team said about its own work.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from audit.models import AccessAction, AccessBasis
from audit.services import log_access
from core.access import ALL_STAFF, staff_view
from reflection import report
from reflection.models import Session
from reflection.views import _own_session


def _log_report_read(request: HttpRequest, session: Session, detail: str) -> None:
    log_access(
        request,
        action=AccessAction.VIEW,
        # The facilitator runs the session: the staff member involved in it.
        basis=AccessBasis.BETROKKEN,
        object_type="reflectiesessie",
        object_id=session.pk,
        detail=detail,
    )


@staff_view(ALL_STAFF)
@require_GET
def scherm(request: HttpRequest, pk: int) -> HttpResponse:
    session = _own_session(request, pk)
    url = report.join_url(request, session)
    return render(
        request,
        "reflection/scherm.html",
        {"session": session, "join_url": url, "qr_svg": report.qr_code_svg(url)},
    )


@staff_view(ALL_STAFF)
@require_GET
def rapport(request: HttpRequest, pk: int) -> HttpResponse:
    session = _own_session(request, pk)
    _log_report_read(request, session, detail="rapport")
    return render(request, "reflection/rapport.html", report.report_context(session))


@staff_view(ALL_STAFF)
@require_GET
def rapport_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    session = _own_session(request, pk)
    _log_report_read(request, session, detail="rapport als pdf")
    response = HttpResponse(report.render_report_pdf(session), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"reflectie-{session.pk}.pdf") or ""
    response["Cache-Control"] = "private, no-store"
    return response
