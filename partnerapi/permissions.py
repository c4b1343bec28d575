"""Which routes a partner may use: its scopes (Partner.scopes, set by the beheerder in /beheer/)."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from audit.services import log_denied
from partnerapi.access_log import log_refused
from partnerapi.authentication import PartnerPrincipal


class IsPartner(BasePermission):
    """A known, active partner's key (the authentication refused every other key already)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if isinstance(request.user, PartnerPrincipal):
            return True
        log_denied(request._request, object_type="api", detail="geen API-sleutel")
        return False


class HasScope(BasePermission):
    """The view's ``required_scope`` must be one of the partner's scopes; else 403 (the key itself is fine)."""

    message = _("Deze partner mag deze route niet gebruiken (scope ontbreekt).")

    def has_permission(self, request: Request, view: Any) -> bool:
        scope = getattr(view, "required_scope", None)
        principal = request.user
        if scope is None or not isinstance(principal, PartnerPrincipal):
            return True
        if principal.partner.may(scope):
            return True
        log_refused(request, principal, object_type="api", detail=f"zonder scope {scope}")
        return False
