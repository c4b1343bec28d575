"""OAuth2 client credentials through the municipality's identity provider (issue 15 §4, "in production").

The partner's system gets an access token (a JWT) from the IdP with its own client id and secret, and sends it as
``Authorization: Bearer <token>``. We check the signature against the IdP's published keys (JWKS), the issuer, the
audience and the expiry, and take the client from ``azp`` (or ``client_id``): it must be a partner's code. Scopes,
limits, logging and idempotency are the same as with an API key. Off unless PARTNER_API_IDP_ISSUER is set
(config/settings.py, from the environment); docs/api.md and ADR 0021.
"""

from functools import lru_cache
from typing import Any

import jwt
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.request import Request

from audit.services import log_denied
from partnerapi.authentication import PartnerPrincipal, idp_configured, looks_like_jwt, token_from
from partners.models import Partner
from partners.services import ensure_service_user

#: Asymmetric signatures only: a shared-secret HS256 token could be made by anyone who holds the secret.
ALGORITHMS = ["RS256", "ES256", "PS256"]


@lru_cache(maxsize=4)
def jwks_client(url: str) -> jwt.PyJWKClient:
    """One client per JWKS address; PyJWKClient caches the keys and fetches again for an unknown key id."""
    return jwt.PyJWKClient(url, cache_keys=True, timeout=5)


def claims_of(token: str) -> dict[str, Any]:
    """The verified claims, or jwt.PyJWTError (wrong signature, issuer, audience, expired, unknown key)."""
    signing_key = jwks_client(settings.PARTNER_API_IDP_JWKS_URL).get_signing_key_from_jwt(token)
    return jwt.decode(
        token,
        signing_key.key,
        algorithms=ALGORITHMS,
        audience=settings.PARTNER_API_IDP_AUDIENCE or None,
        issuer=settings.PARTNER_API_IDP_ISSUER,
        options={"require": ["exp", "iss"], "verify_aud": bool(settings.PARTNER_API_IDP_AUDIENCE)},
        leeway=30,
    )


class IdpTokenAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[PartnerPrincipal, None] | None:
        token = token_from(request)
        if not token or not looks_like_jwt(token) or not idp_configured():
            return None
        try:
            claims = claims_of(token)
        except (jwt.PyJWTError, ValueError) as error:
            log_denied(request._request, object_type="api", detail=f"ongeldig token van de IdP: {type(error).__name__}")
            raise exceptions.AuthenticationFailed(_("Het token is ongeldig of verlopen.")) from None
        client = str(claims.get("azp") or claims.get("client_id") or "")
        partner = Partner.objects.filter(code=client).select_related("service_user").first() if client else None
        if partner is None or not partner.active:
            log_denied(request._request, object_type="api", detail=f"client {client[:60]} is geen actieve partner")
            raise exceptions.AuthenticationFailed(_("Deze client is bij de gemeente geen actieve partner."))
        if partner.service_user_id is None:
            ensure_service_user(partner)
        return PartnerPrincipal(partner), None

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="partner-api"'
