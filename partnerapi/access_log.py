"""Every API call in the access log, like a staff action: the partner's service account is the actor.

A call that is refused (scope, a status of another partner's melding) is logged as refused; a call with a
wrong key is logged by the authentication (there is no partner to name then).
"""

from rest_framework.request import Request

from audit.models import AccessAction, AccessBasis
from audit.services import log_access
from partnerapi.authentication import PartnerPrincipal


def log_call(
    request: Request,
    principal: PartnerPrincipal,
    *,
    action: str,
    object_type: str,
    object_id: object = "",
    dossier_id: object = None,
    detail: str = "",
) -> None:
    log_access(
        request._request,
        user=principal.service_user,
        action=action,
        basis=AccessBasis.PARTNER if action != AccessAction.DENIED else AccessBasis.NONE,
        object_type=object_type,
        object_id=object_id,
        dossier_id=dossier_id,
        detail=f"{principal.partner.code}: {detail}" if detail else principal.partner.code,
    )


def log_refused(
    request: Request, principal: PartnerPrincipal, *, object_type: str, object_id: object = "", detail: str = ""
) -> None:
    log_call(
        request, principal, action=AccessAction.DENIED, object_type=object_type, object_id=object_id, detail=detail
    )
