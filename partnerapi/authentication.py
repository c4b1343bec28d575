"""Who is calling: a partner's system, by its API key (``Authorization: Bearer <prefix>.<secret>`` or
``X-Api-Key: <prefix>.<secret>``).

There is deliberately no session authentication here: a staff member logged in to the web application is not a
partner, and without sessions there is no cookie a foreign site could ride on, which is why the API views are
exempt from CSRF (DRF's APIView does that; see views.py).

A refused key is a line in the access log (basis "geen"), like a refused staff action.
"""

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.request import Request

from audit.services import log_denied
from partnerapi.models import ApiKey
from partnerapi.services import key_for_token
from partners.models import Partner


class PartnerPrincipal:
    """What ``request.user`` is in the API: the partner, its key (None with an IdP token) and its service account
    (for the access log)."""

    is_authenticated = True
    is_anonymous = False

    def __init__(self, partner: Partner, key: ApiKey | None = None) -> None:
        self.key = key
        self.partner = partner
        self.service_user = partner.service_user

    def __str__(self) -> str:
        return self.partner.code


def looks_like_jwt(token: str) -> bool:
    """A JWT has three dot-separated parts; our keys have two."""
    return token.count(".") == 2


def idp_configured() -> bool:
    return bool(getattr(settings, "PARTNER_API_IDP_ISSUER", ""))


def token_from(request: Request) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header:
        scheme, _space, value = header.partition(" ")
        if scheme.lower() != "bearer":
            return ""
        return value.strip()
    api_key = request.META.get("HTTP_X_API_KEY")
    return api_key.strip() if api_key is not None else None


class ApiKeyAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[PartnerPrincipal, ApiKey] | None:
        token = token_from(request)
        if token is None:
            return None  # no credentials at all: NotAuthenticated (401) from the permission check
        if looks_like_jwt(token) and idp_configured():
            return None  # an access token of the municipality's IdP: IdpTokenAuthentication (oauth.py)
        key = key_for_token(token) if token else None
        if key is None:
            self._refuse(request, "ongeldige, verlopen of ingetrokken API-sleutel")
            raise exceptions.AuthenticationFailed(_("De API-sleutel is onbekend, verlopen of ingetrokken."))
        if not key.partner.active:
            self._refuse(request, f"partner {key.partner.code} is niet actief")
            raise exceptions.AuthenticationFailed(_("Deze partner is niet (meer) actief bij de gemeente."))
        return PartnerPrincipal(key.partner, key), key

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="partner-api"'

    @staticmethod
    def _refuse(request: Request, detail: str) -> None:
        log_denied(request._request, object_type="api", detail=detail)


def principal_of(request: Request | Any) -> PartnerPrincipal:
    user = request.user
    assert isinstance(user, PartnerPrincipal)
    return user
