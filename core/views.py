from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

from accounts.models import Role
from core.access import ALL_STAFF, public_view, staff_view


@staff_view(ALL_STAFF)
def home(request: HttpRequest) -> HttpResponse:
    """Send each role to its starting page; roles without casework have no personal data to see."""
    if getattr(request.user, "role", None) in {Role.BELEIDSMEDEWERKER, Role.FUNCTIONEEL_BEHEERDER}:
        return redirect("core:no_casework")
    return redirect("dossiers:werkvoorraad")


@staff_view(ALL_STAFF)
def no_casework(request: HttpRequest) -> HttpResponse:
    from django.shortcuts import render

    return render(request, "core/no_casework.html")


@public_view
def health(request: HttpRequest) -> JsonResponse:
    """The older liveness URL (`/gezond/`); kept for probes that already use it."""
    return JsonResponse({"status": "ok"})


@public_view
def health_live(request: HttpRequest) -> JsonResponse:
    """The process is up and answers requests; deliberately touches neither database nor broker."""
    return JsonResponse({"status": "ok"})


@public_view
def health_ready(request: HttpRequest) -> JsonResponse:
    """The process can do its work: database (and broker, when configured) answer. 503 names what failed."""
    from core.health import readiness

    checks = readiness()
    ready = all(state == "ok" for state in checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)
