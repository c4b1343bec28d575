"""Logging in with DigiD in production: OpenID Connect through the municipality's DigiD broker.

Filled in by the DigiD integration (see docs/adr/0019-resident-portal.md); until it is configured the
login page offers no DigiD button, only the demo's stand-in when the demo is on.
"""

from django.http import HttpRequest


def start_url(request: HttpRequest) -> str | None:
    """Where the "Inloggen met DigiD" button goes, or None when DigiD is not configured here."""
    return None
