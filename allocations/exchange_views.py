"""File exchange for the functioneel beheerder: upload provider messages, inspect and download any message.

The overview deliberately shows no client names or BSNs: the beheerder keeps the exchange running
and needs the technical facts (type, status, aanbieder, file). A message's own bytes can still be
downloaded for inspection, and every look at one is logged.
"""

from django.contrib import messages
from django.core.exceptions import TooManyFilesSent
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.models import Role, User
from allocations.exchange import default_exchange, run_exchange
from allocations.incoming import MAX_FILE_SIZE, receive
from allocations.models import Bericht, BerichtStatus, Direction
from audit.models import AccessAction, AccessBasis
from audit.services import log_access, log_denied
from core.access import staff_view
from istandaarden.limits import megabytes

EXCHANGE_ROLES = frozenset({Role.FUNCTIONEEL_BEHEERDER})
RECENT = 100
MAX_UPLOAD_FILES = 50


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _log(request: HttpRequest, action: str, bericht_id: object, detail: str = "") -> None:
    log_access(
        request,
        action=action,
        basis=AccessBasis.BETROKKEN,
        object_type="bericht",
        object_id=bericht_id,
        detail=f"functioneel beheer berichtenverkeer{': ' + detail if detail else ''}",
    )


def _receive_uploads(request: HttpRequest, files: list[UploadedFile]) -> list[Bericht]:
    """Each file becomes a stored ``Bericht``, accepted or rejected with its reasons (``receive`` never raises)."""
    results = []
    for upload in files:
        # Read at most one byte beyond the limit: enough for ``receive`` to refuse a file that is too
        # big; it quotes the real size from ``upload.size``, not the size of the part read.
        content = upload.read(MAX_FILE_SIZE + 1)
        bericht = receive(upload.name or "bericht.xml", content, actor=_user(request), size=upload.size)
        _log(request, AccessAction.CREATE, bericht.pk, detail=f"upload {bericht.get_status_display().lower()}")
        results.append(bericht)
    return results


@staff_view(EXCHANGE_ROLES)
def exchange(request: HttpRequest) -> HttpResponse:
    results: list[Bericht] = []
    if request.method == "POST":
        try:
            if request.POST.get("actie") == "uitwisselen":
                return _run_exchange(request)
            files: list[UploadedFile] | None = request.FILES.getlist("bestanden")
        except TooManyFilesSent:  # more than Django reads at all (DATA_UPLOAD_MAX_NUMBER_FILES)
            files = None
        if files is None or len(files) > MAX_UPLOAD_FILES:
            messages.error(request, _("Upload ten hoogste %(max)s bestanden tegelijk.") % {"max": MAX_UPLOAD_FILES})
        elif not files:
            messages.error(request, _("Kies een of meer berichtbestanden."))
        else:
            results = _receive_uploads(request, files)
    recent = (
        Bericht.objects.select_related("aanbieder")
        .only(
            "pk",
            "direction",
            "kind",
            "status",
            "file_name",
            "created_at",
            "sent_at",
            "aanbieder__name",
            "aanbieder__agb_code",
        )
        .order_by("-created_at", "-pk")[:RECENT]
    )
    waiting = Bericht.objects.filter(direction=Direction.OUT, status=BerichtStatus.KLAAR).count()
    exchange_folders = default_exchange()
    context = {
        "results": results,
        "recent": recent,
        "waiting": waiting,
        "inbox": exchange_folders.inbox,
        "outbox": exchange_folders.outbox,
        "max_size_mb": megabytes(MAX_FILE_SIZE),
        "max_files": MAX_UPLOAD_FILES,
    }
    return render(request, "allocations/exchange.html", context)


def _run_exchange(request: HttpRequest) -> HttpResponse:
    result = run_exchange(actor=_user(request))
    for bericht in result.received:
        _log(request, AccessAction.CREATE, bericht.pk, detail="uit de inbox")
    messages.success(
        request,
        _(
            "Uitgewisseld: %(received)s ontvangen (%(accepted)s geaccepteerd, %(rejected)s afgewezen), "
            "%(sent)s verzonden."
        )
        % {
            "received": len(result.received),
            "accepted": result.accepted,
            "rejected": result.rejected,
            "sent": len(result.delivered),
        },
    )
    return redirect("allocations:uitwisseling")


def _get_bericht(request: HttpRequest, pk: int) -> Bericht:
    bericht = Bericht.objects.select_related("aanbieder", "in_reply_to", "created_by").filter(pk=pk).first()
    if bericht is None:
        log_denied(request, object_type="bericht", object_id=pk)
        raise Http404(_("Dit bericht bestaat niet."))
    return bericht


@staff_view(EXCHANGE_ROLES)
@require_GET
def bericht_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bericht = _get_bericht(request, pk)
    _log(request, AccessAction.VIEW, bericht.pk)
    replies = Bericht.objects.filter(in_reply_to=bericht).defer("content").order_by("created_at", "pk")
    context = {
        "bericht": bericht,
        "replies": list(replies),
        "tasks": list(bericht.taken.order_by("due", "pk")),
        "size": len(bericht.content),
    }
    return render(request, "allocations/bericht.html", context)


@staff_view(EXCHANGE_ROLES)
@require_GET
def bericht_download(request: HttpRequest, pk: int) -> HttpResponse:
    bericht = _get_bericht(request, pk)
    _log(request, AccessAction.VIEW, bericht.pk, detail="download")
    response = HttpResponse(bytes(bericht.content), content_type="application/xml")
    name = bericht.file_name or f"bericht-{bericht.pk}.xml"
    response["Content-Disposition"] = content_disposition_header(True, name) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    return response
