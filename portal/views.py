"""Mijn Wijkteam's own pages: logging in (DigiD, or the demo's stand-in), the start page, choosing whose data
to look at, keeping the session alive, logging out, and the accessibility statement.

The parts (plan, decisions, messages, ...) live in their own modules, each with its own URLs.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.models import AccessAction
from core.access import public_view
from portal import digid_login
from portal.access import current_dossier, log_portal, portal_view
from portal.nav import sections_for
from portal.principal import (
    SELF,
    act_for,
    current_principal,
    idle_seconds,
    login_resident,
    logout_resident,
    representations_of,
)
from residents.bsn import is_valid_bsn
from residents.models import Inwoner


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/mijn/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@public_view
def login(request: HttpRequest) -> HttpResponse:
    """The portal's front door: log in with DigiD; in the demo also with the clearly marked stand-in."""
    if current_principal(request) is not None:
        return redirect("portal:home")
    return render(
        request,
        "portal/login.html",
        {
            "digid_url": digid_login.start_url(request),
            "demo": settings.DEMO_ENABLED,
            "next": _safe_next(request, ""),
        },
    )


#: The demo's synthetic residents offered first on the demo DigiD page (demo/portal.py seeds them).
DEMO_LIST_SIZE = 12


@public_view
def demo_digid(request: HttpRequest) -> HttpResponse:
    """ "DigiD (demo)": pick a synthetic resident. Exists only while the demo is on (DEMO_ENABLED), and only
    for synthetic residents: a real BSN is refused even then."""
    if not settings.DEMO_ENABLED:
        raise Http404
    error = ""
    if request.method == "POST":
        bsn = (request.POST.get("bsn") or "").strip()
        person = Inwoner.objects.filter(bsn=bsn, is_synthetic=True).first() if is_valid_bsn(bsn) else None
        if person is None:
            error = _("Kies een demo-inwoner uit de lijst, of vul het BSN van een demo-inwoner in.")
        else:
            login_resident(request, bsn, via="digid-demo")
            principal = current_principal(request)
            if principal is not None:
                log_portal(
                    request, principal, object_type="portaal", action=AccessAction.VIEW, detail="ingelogd (DigiD demo)"
                )
            return HttpResponseRedirect(_safe_next(request, reverse("portal:home")))
    from demo.portal import demo_residents

    return render(
        request,
        "portal/demo_digid.html",
        {"residents": demo_residents(DEMO_LIST_SIZE), "error": error, "next": _safe_next(request, "")},
        status=400 if error else 200,
    )


@portal_view(None)
def home(request: HttpRequest) -> HttpResponse:
    """The start page: the household's regisseur at a glance and a tile per part the user may open."""
    principal = request.portal  # type: ignore[attr-defined]
    dossier = current_dossier(principal) if principal.subject is not None else None
    if dossier is not None:
        log_portal(request, principal, object_type="portaal", dossier_id=dossier.pk, detail="startpagina")
    return render(
        request,
        "portal/home.html",
        {
            "principal": principal,
            "dossier": dossier,
            "sections": sections_for(principal),
            "representations": representations_of(principal.bsn),
        },
    )


@require_POST
@portal_view(None)
def choose_person(request: HttpRequest) -> HttpResponse:
    """Switch between one's own data and that of someone one represents."""
    if not act_for(request, request.POST.get("person", SELF)):
        messages.error(request, _("U kunt niet namens deze persoon kijken."))
    return redirect("portal:home")


@require_POST
@portal_view(None)
def keep_alive(request: HttpRequest) -> JsonResponse:
    """The session warning's "Doorgaan": a request renews the idle time (core.middleware)."""
    return JsonResponse({"idle_seconds": idle_seconds()})


@require_POST
@public_view
def logout(request: HttpRequest) -> HttpResponse:
    principal = current_principal(request)
    if principal is not None:
        log_portal(request, principal, object_type="portaal", detail="uitgelogd")
    logout_resident(request)
    return redirect("portal:logged_out")


@public_view
def logged_out(request: HttpRequest) -> HttpResponse:
    """After logging out, or when the session ended by itself (the session warning sends people here)."""
    return render(request, "portal/logged_out.html", {"ended": request.GET.get("verlopen") == "1"})


@public_view
def accessibility(request: HttpRequest) -> HttpResponse:
    """The toegankelijkheidsverklaring: what we tested, how, and what is not yet right."""
    return render(request, "portal/accessibility.html")
