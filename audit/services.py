"""Writing the access log. Views and services call these; nothing else writes AccessLogEntry.

Each new entry is chained to the previous one by a keyed hash (see `audit.chain`). Appends must
therefore happen one at a time: on SQLite every write transaction starts with BEGIN IMMEDIATE (see
`config/settings.py`), which already serialises writers; on PostgreSQL the log table is locked
against other appends (not against readers) for the rest of the transaction. The price is one
extra query per log line on SQLite (reading the previous hash), two on PostgreSQL.

A log line must never fail because of what it records: the requests most worth logging are the
probing ones (a 60-digit id, a made-up section, an out-of-range filter). So every value is made to
fit its column here, in one place, before the insert: text is cut to the column's length (marked
with "…"), an id that does not fit the integer column is kept as text in `detail`, and an unknown
section is kept as text in `detail` instead of in the choice column.
"""

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.db import NotSupportedError, connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import User
from audit.chain import CURRENT_VERSION, GENESIS, chain_key, entry_mac
from audit.models import AccessAction, AccessBasis, AccessLogEntry
from dossiers.sections import Section

#: The range of the BigIntegerField `dossier_id` (PostgreSQL bigint, SQLite INTEGER).
_BIGINT_MIN, _BIGINT_MAX = -(2**63), 2**63 - 1
_ELLIPSIS = "…"


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    raw = request.META.get("REMOTE_ADDR") or ""
    try:
        # The normal form, so the hash computed now matches the value the database gives back later.
        return ipaddress.ip_address(raw).compressed
    except ValueError:
        return None


def _max_length(field: str) -> int:
    column = AccessLogEntry._meta.get_field(field)
    assert isinstance(column, models.CharField) and column.max_length is not None
    return column.max_length


def fit(value: object, field: str) -> str:
    """`value` as text that any database stores in column `field`: no NUL characters, not too long."""
    text = str(value if value is not None else "")
    # PostgreSQL refuses NUL in text; lone surrogates cannot be encoded as UTF-8 at all.
    text = text.replace("\x00", "\ufffd").encode("utf-8", "replace").decode("utf-8")
    limit = _max_length(field)
    return text if len(text) <= limit else text[: limit - 1] + _ELLIPSIS


def _as_bigint(value: object) -> int | None:
    """The value as an integer that fits the `dossier_id` column, or None."""
    if isinstance(value, bool):
        return None
    try:
        number = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError):
        return None
    return number if _BIGINT_MIN <= number <= _BIGINT_MAX else None


def _logged_path(request: HttpRequest | None) -> str:
    """The path without its query string: search terms (a BSN, a name) never end up in the log."""
    if request is None:
        return ""
    return fit(urlsplit(request.path).path, "path")


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


def _build(
    request: HttpRequest | None,
    *,
    action: str,
    basis: str,
    object_type: str,
    object_id: object,
    dossier_id: object,
    detail: str,
    user: User | None,
    section: str,
) -> AccessLogEntry:
    """An unsaved entry whose every value fits its column; what did not fit is kept as text in `detail`."""
    actor = user
    if actor is None and request is not None and isinstance(request.user, User):
        actor = request.user
    notes = [str(detail or "")]
    raw_object_id = str(object_id if object_id is not None else "")
    if len(raw_object_id) > _max_length("object_id"):
        notes.append(f"kenmerk: {raw_object_id}")
    stored_dossier_id = _as_bigint(dossier_id) if dossier_id not in (None, "") else None
    if dossier_id not in (None, "") and stored_dossier_id is None:
        notes.append(f"dossier: {dossier_id}")
    stored_section = str(section or "")
    if stored_section and stored_section not in Section.values:
        notes.append(f"onderdeel: {stored_section}")
        stored_section = ""
    return AccessLogEntry(
        at=timezone.now(),
        user=actor,
        action=fit(action, "action"),
        basis=fit(basis, "basis"),
        object_type=fit(object_type, "object_type"),
        object_id=fit(raw_object_id, "object_id"),
        dossier_id=stored_dossier_id,
        section=stored_section,
        detail=fit("; ".join(note for note in notes if note), "detail"),
        path=_logged_path(request),
        ip_address=_client_ip(request),
        chain_version=CURRENT_VERSION,
    )


def _append(entries: list[AccessLogEntry]) -> None:
    """Chain and insert `entries` in this order: one lock, one read of the tip, one insert."""
    if not entries:
        return
    key = chain_key()
    # No savepoint: if the insert fails, the surrounding transaction fails with it, as it should.
    with transaction.atomic(savepoint=False):
        prev_hash = _chain_tip()
        for entry in entries:
            entry.prev_hash = prev_hash
            entry.entry_hash = entry_mac(
                {
                    "at": entry.at,
                    "user_id": entry.user_id,
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
                prev_hash,
                key,
            )
            prev_hash = entry.entry_hash
        if len(entries) == 1:
            entries[0].save()
        else:
            # One statement; rows get ascending ids in list order, which is the order the chain checks.
            AccessLogEntry.objects.bulk_create(entries)


def log_access(
    request: HttpRequest | None,
    *,
    action: str,
    basis: str,
    object_type: str,
    object_id: object = "",
    dossier_id: object = None,
    detail: str = "",
    user: User | None = None,
    section: str = "",
) -> AccessLogEntry:
    """Append one line. Whatever the arguments hold (they often come from a URL), the line is stored."""
    entry = _build(
        request,
        action=action,
        basis=basis,
        object_type=object_type,
        object_id=object_id,
        dossier_id=dossier_id,
        detail=detail,
        user=user,
        section=section,
    )
    _append([entry])
    return entry


def log_denied(
    request: HttpRequest,
    *,
    object_type: str,
    object_id: object = "",
    dossier_id: object = None,
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


def log_shown(
    request: HttpRequest | None,
    *,
    basis: str,
    dossier_ids: Iterable[int],
    detail: str,
    section: str = "",
    user: User | None = None,
    action: str = AccessAction.VIEW,
    object_type: str = "dossier",
    object_id: object = None,
) -> list[AccessLogEntry]:
    """One line per dossier a list, search result or export showed: who saw which household, and how.

    Why one line per dossier and not one per page with the ids in the text: the log is read per
    person and per dossier (the resident's own history, the privacy officer's dossier filter), and
    those read `dossier_id`. The volume is bounded by what one page shows, and the cost is constant:
    the lines go in together with one lock, one read and one insert. `object_id` defaults to the dossier.
    """
    entries = [
        _build(
            request,
            action=action,
            basis=basis,
            object_type=object_type,
            object_id=pk if object_id is None else object_id,
            dossier_id=pk,
            detail=detail,
            user=user,
            section=section,
        )
        for pk in dict.fromkeys(dossier_ids)
    ]
    _append(entries)
    return entries
