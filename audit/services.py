"""Writing the access log. Views and services call these; nothing else writes AccessLogEntry.

Each new entry is chained to the previous one by hash (see `audit.chain`). Appends must therefore
happen one at a time: on SQLite every write transaction starts with BEGIN IMMEDIATE (see
`config/settings.py`), which already serialises writers; on PostgreSQL the log table is locked
against other appends (not against readers) for the rest of the transaction. The price is one
extra query per log line on SQLite (reading the previous hash), two on PostgreSQL.
"""

import ipaddress

from django.db import NotSupportedError, connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import User
from audit.chain import GENESIS, entry_hash
from audit.models import AccessAction, AccessBasis, AccessLogEntry


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    raw = request.META.get("REMOTE_ADDR") or ""
    try:
        # The normal form, so the hash computed now matches the value the database gives back later.
        return ipaddress.ip_address(raw).compressed
    except ValueError:
        return None


def _chain_tip() -> str:
    """The hash of the newest entry, read after making sure no other append can come in between."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(AccessLogEntry._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
    elif connection.vendor != "sqlite":
        raise NotSupportedError("The access log chain supports SQLite and PostgreSQL.")
    last = AccessLogEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
    return last or GENESIS


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
    section: str = "",
) -> AccessLogEntry:
    actor = user
    if actor is None and request is not None and isinstance(request.user, User):
        actor = request.user
    entry = AccessLogEntry(
        at=timezone.now(),
        user=actor,
        action=action,
        basis=basis,
        object_type=object_type,
        object_id=str(object_id or ""),
        dossier_id=int(dossier_id) if dossier_id is not None else None,
        section=str(section or ""),
        detail=detail[:300],
        # The path without its query string: search terms (a BSN) never end up in the log.
        path=(request.path[:300] if request is not None else ""),
        ip_address=_client_ip(request),
    )
    # No savepoint: if the insert fails, the surrounding transaction fails with it, as it should.
    with transaction.atomic(savepoint=False):
        entry.prev_hash = _chain_tip()
        entry.entry_hash = entry_hash(
            {
                "at": entry.at,
                "user_id": actor.pk if actor is not None else None,
                "action": entry.action,
                "basis": entry.basis,
                "object_type": entry.object_type,
                "object_id": entry.object_id,
                "dossier_id": entry.dossier_id,
                "section": entry.section,
                "detail": entry.detail,
                "path": entry.path,
                "ip_address": entry.ip_address,
            },
            entry.prev_hash,
        )
        entry.save()
    return entry


def log_denied(
    request: HttpRequest,
    *,
    object_type: str,
    object_id: object = "",
    dossier_id: int | None = None,
    detail: str = "",
    section: str = "",
) -> AccessLogEntry:
    return log_access(
        request,
        action=AccessAction.DENIED,
        basis=AccessBasis.NONE,
        object_type=object_type,
        object_id=object_id,
        dossier_id=dossier_id,
        detail=detail,
        section=section,
    )
