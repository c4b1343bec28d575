"""The intake pages: the beheerder's batch upload with its results, and the team's queue of unmatched signals.

The upload pages show counts and row errors only, never a resident: the beheerder runs the delivery, the team
does the casework. The queue shows the person as the partner reported them, to the team of that address.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role, User
from audit.models import AccessAction, AccessBasis
from audit.services import log_access, log_denied
from core.access import staff_view
from residents.models import Inwoner
from residents.selectors import find_residents
from vroegsignalering.formats import MAX_FILE_BYTES
from vroegsignalering.intake import IMPORT_OBJECT, SIGNAL_OBJECT, NotInQueue, discard, import_file, link_by_hand
from vroegsignalering.intake_forms import DiscardForm, LinkForm, ResidentSearchForm, UploadForm
from vroegsignalering.intake_selectors import QUEUE_ROLES, get_queue_signal, own_team, unmatched_queue
from vroegsignalering.models import ImportSource, SignalImport, Vroegsignaal

IMPORT_ROLES = frozenset({Role.FUNCTIONEEL_BEHEERDER})
EARLIER_IMPORTS = 50
QUEUE_PAGE = 50
SEARCH_LIMIT = 20


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


# --- Upload ---------------------------------------------------------------------------------------------


@staff_view(IMPORT_ROLES)
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["bestand"]
        # One byte beyond the limit is enough to refuse a file that is too large without reading all of it.
        content = upload.read(MAX_FILE_BYTES + 1)
        result = import_file(
            content, source=ImportSource.UPLOAD, actor=_user(request), filename=upload.name or "", request=request
        )
        return redirect("vroegsignalering:import_resultaat", pk=result.batch.pk)
    earlier = SignalImport.objects.select_related("imported_by").order_by("-imported_at", "-pk")[:EARLIER_IMPORTS]
    return render(request, "vroegsignalering/intake/import.html", {"form": form, "earlier": earlier})


@staff_view(IMPORT_ROLES)
@require_GET
def import_result(request: HttpRequest, pk: int) -> HttpResponse:
    batch = SignalImport.objects.select_related("imported_by").filter(pk=pk).first()
    if batch is None:
        log_denied(request, object_type=IMPORT_OBJECT, object_id=pk)
        raise Http404(_("Deze import bestaat niet."))
    log_access(
        request,
        action=AccessAction.VIEW,
        basis=AccessBasis.VROEGSIGNALERING,
        object_type=IMPORT_OBJECT,
        object_id=batch.pk,
    )
    return render(request, "vroegsignalering/intake/import_result.html", {"batch": batch})


# --- The queue of unmatched signals -----------------------------------------------------------------------


@staff_view(QUEUE_ROLES)
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    page = Paginator(unmatched_queue(_user(request)), QUEUE_PAGE).get_page(request.GET.get("pagina"))
    log_access(
        request,
        action=AccessAction.VIEW,
        basis=AccessBasis.VROEGSIGNALERING,
        object_type="vroegsignaal-wachtrij",
        detail=f"{len(page.object_list)} signalen getoond",
    )
    return render(request, "vroegsignalering/intake/queue.html", {"page": page})


def _search(form: ResidentSearchForm) -> list[Inwoner]:
    data = form.cleaned_data
    found = find_residents(
        bsn=data.get("bsn") or "", achternaam=data.get("achternaam") or "", geboortedatum=data.get("geboortedatum")
    )
    return list(found.order_by("achternaam", "pk")[:SEARCH_LIMIT])


def _signal_page(
    request: HttpRequest,
    signal: Vroegsignaal,
    *,
    search: ResidentSearchForm | None = None,
    discard_form: DiscardForm | None = None,
    status: int = 200,
) -> HttpResponse:
    search = search or ResidentSearchForm()
    found: list[Inwoner] | None = None
    if search.is_bound and search.is_valid():
        found = _search(search)
        log_access(
            request,
            action=AccessAction.SEARCH,
            basis=AccessBasis.VROEGSIGNALERING,
            object_type="inwoner",
            detail=f"koppelen van vroegsignaal {signal.pk}: {len(found)} gevonden",
        )
    context = {
        "signal": signal,
        "search": search,
        "found": found,
        "discard_form": discard_form or DiscardForm(),
    }
    return render(request, "vroegsignalering/intake/queue_signal.html", context, status=status)


@staff_view(QUEUE_ROLES)
@require_GET
def queue_signal(request: HttpRequest, pk: int) -> HttpResponse:
    signal = get_queue_signal(request, pk)
    log_access(
        request,
        action=AccessAction.VIEW,
        basis=AccessBasis.VROEGSIGNALERING,
        object_type=SIGNAL_OBJECT,
        object_id=signal.pk,
    )
    search = ResidentSearchForm(request.GET) if {"bsn", "achternaam", "geboortedatum"} & set(request.GET) else None
    return _signal_page(request, signal, search=search)


def _handled_meanwhile(request: HttpRequest) -> HttpResponse:
    messages.info(request, _("Dit signaal is intussen al gekoppeld of afgesloten."))
    return redirect("vroegsignalering:ongekoppeld")


@staff_view(QUEUE_ROLES)
@require_POST
def link_signal(request: HttpRequest, pk: int) -> HttpResponse:
    signal = get_queue_signal(request, pk, handled_ok=True)
    if signal.casus_id is not None or signal.discarded_at is not None:
        return _handled_meanwhile(request)
    form = LinkForm(request.POST)
    if not form.is_valid():
        return _signal_page(request, signal, search=form, status=400)
    chosen = next((inwoner for inwoner in _search(form) if inwoner.pk == form.cleaned_data["inwoner"]), None)
    if chosen is None:
        form.add_error(None, _("Kies een inwoner uit de zoekresultaten."))
        return _signal_page(request, signal, search=form, status=400)
    user = _user(request)
    try:
        linked = link_by_hand(signal, chosen, actor=user, team=own_team(user, signal), request=request)
    except NotInQueue:
        return _handled_meanwhile(request)
    if linked.casus_id is None:
        messages.warning(
            request,
            _("Het signaal is aan de inwoner gekoppeld, maar geen team werkt op dit adres; het blijft in de wachtrij."),
        )
    else:
        messages.success(request, _("Het signaal is gekoppeld en staat nu bij de casus van het huishouden."))
    return redirect("vroegsignalering:ongekoppeld")


@staff_view(QUEUE_ROLES)
@require_POST
def discard_signal(request: HttpRequest, pk: int) -> HttpResponse:
    signal = get_queue_signal(request, pk, handled_ok=True)
    if signal.casus_id is not None or signal.discarded_at is not None:
        return _handled_meanwhile(request)
    form = DiscardForm(request.POST)
    if not form.is_valid():
        return _signal_page(request, signal, discard_form=form, status=400)
    try:
        discard(signal, actor=_user(request), note=form.cleaned_data["toelichting"], request=request)
    except NotInQueue:
        return _handled_meanwhile(request)
    messages.success(request, _("Het signaal is afgesloten als niet te koppelen."))
    return redirect("vroegsignalering:ongekoppeld")
