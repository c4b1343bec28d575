"""The facilitator's screens for the projector (join screen, results) and the session report (web page and PDF).

Same rule as the other facilitator screens (``reflection.views._own_session``): only the
facilitator of the session; anyone else gets 404 and a line in the access log. Reading the
report is logged too: it is the record of what a team said about its own work.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from audit.models import AccessAction, AccessBasis
from audit.services import log_access
from core.access import ALL_STAFF, staff_view
from reflection import report
from reflection.models import Session
from reflection.views import _own_session, _results_context


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


@staff_view(ALL_STAFF)
@require_GET
def beamer(request: HttpRequest, pk: int, theme_pk: int | None = None) -> HttpResponse:
    """The results for the projector: the order of discussion, then one theme per page.

    Large type, no site navigation, and no script: "Vorige" and "Volgende" are links that follow the
    proposed order of discussion (``stats.rank_for_discussion``). Only aggregates are shown, under
    the same minimum group size as the results page, so the room never sees who answered what.
    """
    session = _own_session(request, pk)
    context = _results_context(session, with_charts=theme_pk is not None, large=True)
    rows = context["ordered_rows"]
    if theme_pk is None:
        context["first"] = rows[0] if rows else None
        return render(request, "reflection/beamer.html", context)
    index = next((i for i, row in enumerate(rows) if row.theme_pk == theme_pk), None)
    if index is None:
        raise Http404(_("Dit thema hoort niet bij deze sessie."))
    context.update(
        {
            "row": rows[index],
            "position": index + 1,
            "previous": rows[index - 1] if index > 0 else None,
            "next": rows[index + 1] if index + 1 < len(rows) else None,
        }
    )
    return render(request, "reflection/beamer_thema.html", context)
