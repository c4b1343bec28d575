"""Writing the access log. Views and services call these; nothing else writes AccessLogEntry."""

from django.http import HttpRequest

from accounts.models import User
from audit.models import AccessAction, AccessBasis, AccessLogEntry


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def log_access(
    request: HttpRequest | None,
    *,
    action: str,
    basis: str,
    object_type: str,
    object_id: object = "",
    dossier_id: int | None = None,
    detail: str = "",
    user: User | None = None,
) -> AccessLogEntry:
    actor = user
    if actor is None and request is not None and isinstance(request.user, User):
        actor = request.user
    return AccessLogEntry.objects.create(
        user=actor,
        action=action,
        basis=basis,
        object_type=object_type,
        object_id=str(object_id or ""),
        dossier_id=dossier_id,
        detail=detail[:300],
        # The path without its query string: search terms (a BSN) never end up in the log.
        path=(request.path[:300] if request is not None else ""),
        ip_address=_client_ip(request),
    )


def log_denied(
    request: HttpRequest, *, object_type: str, object_id: object = "", dossier_id: int | None = None, detail: str = ""
) -> AccessLogEntry:
    return log_access(
        request,
        action=AccessAction.DENIED,
        basis=AccessBasis.NONE,
        object_type=object_type,
        object_id=object_id,
        dossier_id=dossier_id,
        detail=detail,
    )
