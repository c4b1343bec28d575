"""Rate limits per partner (Partner.rate_limit_per_minute), counted in the shared cache.

The project's cache is the database cache (config/settings.py, CACHES), shared by every worker and host, so a
partner cannot multiply its limit by landing on another worker. Over the limit: 429 with Retry-After.
"""

from typing import Any

from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from partnerapi.authentication import PartnerPrincipal


class PartnerRateThrottle(SimpleRateThrottle):
    scope = "partner"
    #: Replaced per request by the partner's own limit; DRF wants a value at construction.
    rate = "60/min"

    def allow_request(self, request: Request, view: Any) -> bool:
        principal = request.user
        if not isinstance(principal, PartnerPrincipal):
            return True  # no partner, no limit to count: the authentication refused the call already
        self.num_requests = max(1, principal.partner.rate_limit_per_minute)
        self.duration = 60
        return super().allow_request(request, view)

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        principal = request.user
        if not isinstance(principal, PartnerPrincipal):
            return None
        return f"partnerapi:throttle:{principal.partner.pk}"
