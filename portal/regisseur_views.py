"""Mijn regisseur: who the household's regisseur is, how to reach them, and who was involved before.

Only what a resident needs to know of a professional: name, role and team. Never a staff member's own
e-mail address, phone number or username. The team has no contact details of its own in the organisation
model, so the page offers the portal's messages (when the user may use them) and the municipality's
phone number and postal address (``organisation.Gemeente``), which are meant for residents.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from dossiers.models import Involvement
from dossiers.sections import Section
from portal.access import current_dossier, log_portal_shown, portal_dossier_ids, portal_view
from portal.models import PortalScope
from portal.principal import Principal


def _messages_url(principal: Principal) -> str:
    """The link to the portal's messages, when this user may open them and the part is there."""
    if PortalScope.BERICHTEN not in principal.scopes:
        return ""
    try:
        return reverse("portal:berichten")
    except NoReverseMatch:
        return ""


@require_GET
@portal_view(PortalScope.REGISSEUR)
def regisseur(request: HttpRequest) -> HttpResponse:
    principal: Principal = request.portal  # type: ignore[attr-defined]
    dossier_ids = portal_dossier_ids(principal)
    dossier = current_dossier(principal)
    gemeente = dossier.team.gemeente if dossier is not None else None
    involvements = list(
        Involvement.objects.filter(dossier_id__in=dossier_ids)
        .select_related("user", "dossier__team")
        .only(
            "role",
            "start",
            "end",
            "dossier__team__name",
            "dossier__opened_at",
            "user__first_name",
            "user__last_name",
        )
        .order_by("-start", "-pk")
    )
    log_portal_shown(request, principal, dossier_ids=dossier_ids, object_type="regisseur", section=Section.HUISHOUDEN)
    return render(
        request,
        "portal/regisseur/regisseur.html",
        {
            "principal": principal,
            "dossier": dossier,
            "gemeente": gemeente,
            "involvements": involvements,
            "several_dossiers": len(dossier_ids) > 1,
            "messages_url": _messages_url(principal),
        },
    )
