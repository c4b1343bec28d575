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
    return JsonResponse({"status": "ok"})
