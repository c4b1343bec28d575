"""Logging in with DigiD in production: OpenID Connect through the municipality's DigiD broker.

The beheerder sets it up in /beheer/ (digid/models.py, docs/operations.md); the flow is in portal/digid_oidc.py
and portal/digid_views.py (docs/adr/0020-digid-oidc.md). Until it is switched on and complete, the login page
offers no DigiD button, only the demo's stand-in when the demo is on.
"""

from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse

from digid.models import DigiDConfig


def start_url(request: HttpRequest) -> str | None:
    """Where the "Inloggen met DigiD" button goes, or None when DigiD is not configured here."""
    if not DigiDConfig.get().is_ready:
        return None
    url = reverse("portal:digid_start")
    target = request.GET.get("next") or ""
    if target.startswith("/mijn/"):
        url += "?" + urlencode({"next": target})
    return url
