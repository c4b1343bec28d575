"""Writing the access log. Views and services call these; nothing else writes AccessLogEntry.

Each new entry is chained to the previous entry *of its lane* by a keyed hash (see `audit.chain` and
docs/adr/0012-concurrent-access-log-chain.md). Appends to one lane must happen one at a time, appends
to different lanes need not:

- on PostgreSQL a writer takes a free lane for the rest of its transaction with a transaction-level
  advisory lock (``pg_try_advisory_xact_lock``), trying the AUDIT_CHAIN_LANES lanes from one derived
  from its backend pid, so the web workers spread over the lanes; only when every lane is taken does it
  wait for one. It then reads that lane's tip (in a statement of its own, so the snapshot is taken
  *after* the lock and sees the previous holder's row) and inserts. Two page views in two workers no
  longer wait for each other. This relies on READ COMMITTED, Django's default: a REPEATABLE READ
  transaction would keep the snapshot from before the lock;
- on SQLite every write transaction starts with BEGIN IMMEDIATE (see `config/settings.py`), which
  already serialises writers: everything goes to lane 0.

The price is two extra queries per append on PostgreSQL (lane, tip) and one on SQLite (tip), the
same as with the table lock before. The tip read and the insert are statements built once per process
(`_tip_sql`, `_single_insert_sql`, `_unnest_insert_sql`): a page logs on every view, and compiling them
through the ORM each time cost more CPU than running them. `seal_log` writes the seals that make removing a lane's newest
rows visible (the periodic job `audit.seal_access_log`, or `manage.py audit_seal`).

A log line must never fail because of what it records: the requests most worth logging are the
probing ones (a 60-digit id, a made-up section, an out-of-range filter). So every value is made to
fit its column here, in one place, before the insert: text is cut to the column's length (marked
with "…"), an id that does not fit the integer column is kept as text in `detail`, and an unknown
section is kept as text in `detail` instead of in the choice column.
"""

import contextlib
import contextvars
import functools
import ipaddress
from collections.abc import Iterable, Iterator
from copy import copy
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import NotSupportedError, connection, models, transaction
from django.db.models import Count, Max
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import User
from audit.chain import CURRENT_VERSION, GENESIS, chain_key, entry_mac, seal_mac
from audit.models import AccessAction, AccessBasis, AccessLogEntry, AccessLogSeal
from dossiers.sections import Section

#: The first key of our PostgreSQL advisory locks ("owtl"): the second key is the lane, or SEAL_LOCK.
LOCK_NAMESPACE = 0x6F77_746C
SEAL_LOCK = -1
DEFAULT_LANES = 8
#: The column is a smallint; more lanes than this buy nothing (see the ADR).
MAX_LANES = 1024

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


def lane_count() -> int:
    """How many lanes writers spread over on PostgreSQL (AUDIT_CHAIN_LANES, default 8)."""
    configured = int(getattr(settings, "AUDIT_CHAIN_LANES", DEFAULT_LANES) or DEFAULT_LANES)
    return max(1, min(configured, MAX_LANES))


# One statement: the lanes in turn from the one this backend starts at, stopping at the first free one.
# No ORDER BY, so the LIMIT stops the scan before it tries (and takes) a further lock.
_TRY_LANE = """
SELECT lane FROM (
    SELECT (pg_backend_pid() + step) %% %(lanes)s AS lane FROM generate_series(0, %(lanes)s - 1) AS step
) AS candidates
WHERE pg_try_advisory_xact_lock(%(namespace)s, lane)
LIMIT 1
"""


def _take_lane() -> int:
    """A lane that only this transaction appends to until it ends (see the module docstring)."""
    if connection.vendor == "sqlite":
        return 0
    if connection.vendor != "postgresql":
        raise NotSupportedError("The access log chain supports SQLite and PostgreSQL.")
    lanes = lane_count()
    with connection.cursor() as cursor:
        cursor.execute(_TRY_LANE, {"lanes": lanes, "namespace": LOCK_NAMESPACE})
        row = cursor.fetchone()
        if row is not None:
            return int(row[0])
        # Every lane is busy: wait for the one this backend starts at.
        cursor.execute(
            "SELECT lane, pg_advisory_xact_lock(%s, lane) FROM (SELECT pg_backend_pid() %% %s AS lane) AS own",
            [LOCK_NAMESPACE, lanes],
        )
        return int(cursor.fetchone()[0])


def _lane_tip(lane: int) -> str:
    """The hash of the lane's newest entry: read after taking the lane, in a statement of its own."""
    with connection.cursor() as cursor:
        cursor.execute(_tip_sql(connection.vendor), [lane])
        row = cursor.fetchone()
    return str(row[0]) if row else GENESIS


@functools.cache
def _tip_sql(_vendor: str) -> str:
    """The tip read, built once per process: compiling it through the ORM on every logged page cost more
    CPU than running it (an index probe on (lane, id))."""
    quote = connection.ops.quote_name
    # Table and column names come from the model; the lane is a parameter.
    return (
        f"SELECT {quote('entry_hash')} FROM {quote(AccessLogEntry._meta.db_table)}"  # noqa: S608
        f" WHERE {quote('lane')} = %s ORDER BY {quote('id')} DESC LIMIT 1"
    )


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


#: The lines held back by an open `log_together` block (None: every call writes at once).
_held: contextvars.ContextVar[list[AccessLogEntry] | None] = contextvars.ContextVar("audit_held_lines", default=None)


@contextlib.contextmanager
def log_together() -> Iterator[None]:
    """Write every log line of the block in one append at its end: one lane, one tip read, one insert.

    For a view that logs several things about one request (a search: the search itself, the dossiers it listed,
    the dossiers it offered for break-the-glass), each call would otherwise take a lane, read its tip and insert
    on its own. The lines keep the order of the calls. They are written also when the block raises (a refusal
    logged just before a 404 must not be lost); only a failing write itself can lose them, and then the request
    fails with it.
    """
    if _held.get() is not None:  # already inside a block: the outer one writes
        yield
        return
    token = _held.set([])
    try:
        yield
    finally:
        held = _held.get() or []
        _held.reset(token)
        _append(held)


def _append(entries: list[AccessLogEntry]) -> None:
    """Chain and insert `entries` in this order: one lane, one read of its tip, one insert."""
    if not entries:
        return
    held = _held.get()
    if held is not None:
        held.extend(entries)
        return
    key = chain_key()
    # No savepoint: if the insert fails, the surrounding transaction fails with it, as it should.
    with transaction.atomic(savepoint=False):
        lane = _take_lane()
        prev_hash = _lane_tip(lane)
        for entry in entries:
            entry.lane = lane
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
            _insert_one(entries[0])
        else:
            _insert_rows(entries)


def _insert_one(entry: AccessLogEntry) -> None:
    """Insert one entry and give it its primary key, as ``save()`` would, by a statement built once per process.

    A record view logs one line; ``save()`` compiled its INSERT on every view, which cost more CPU than the
    rest of the logging together. The values are plain already (see `_insert_rows`).
    """
    values = [_column_value(field, getattr(entry, field.attname)) for field in _LOG_FIELDS]
    with connection.cursor() as cursor:
        cursor.execute(_single_insert_sql(connection.vendor), values)
        if connection.features.can_return_columns_from_insert:
            entry.pk = cursor.fetchone()[0]
        else:
            entry.pk = cursor.lastrowid
    entry._state.adding = False
    entry._state.db = connection.alias


def _insert_rows(entries: list[AccessLogEntry]) -> None:
    """One INSERT for all rows; rows get ascending ids in list order, which is the order the chain checks.

    Not `bulk_create`: compiling it per field and row cost more than everything else a list page logs
    (a worklist logs a line per dossier on every view). Every value is already a plain str or int made to
    fit by `_build`, except the time and the IP address, which go through their field's own conversion.
    The entries get no primary key back; nothing reads it (they are append-only).

    On PostgreSQL the rows go as one array per column through ``unnest``: the statement's text is the same
    for 2 rows or 50, so the driver parses it once per process instead of once per page view, and the
    values are not spliced into a statement of 750 placeholders. ``WITH ORDINALITY`` and its ORDER BY keep
    the list order, so the ids ascend along the chain.
    """
    fields = _LOG_FIELDS
    columns_of_entries = [
        [_column_value(field, getattr(entry, field.attname)) for entry in entries] for field in fields
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_unnest_insert_sql(connection.vendor), columns_of_entries)
            return
        row = "(" + ", ".join(["%s"] * len(fields)) + ")"
        params = [value for values in zip(*columns_of_entries, strict=True) for value in values]
        cursor.execute(_insert_head() + " VALUES " + ", ".join([row] * len(entries)), params)


#: The columns an insert fills (every concrete field but the id), in model order.
_LOG_FIELDS = [field for field in AccessLogEntry._meta.concrete_fields if not field.primary_key]
#: Fields whose value needs the field's own conversion (time zone, IP address); the rest are plain already.
_CONVERTED = frozenset({"at", "ip_address"})


def _column_value(field: "models.Field[Any, Any]", value: Any) -> Any:
    return field.get_db_prep_save(value, connection) if field.attname in _CONVERTED else value


def _insert_head() -> str:
    quote = connection.ops.quote_name
    # Table and column names come from the model, every value is a parameter.
    columns = ", ".join(quote(field.column) for field in _LOG_FIELDS)
    return "INSERT INTO " + quote(AccessLogEntry._meta.db_table) + " (" + columns + ")"


@functools.cache
def _single_insert_sql(_vendor: str) -> str:
    """``INSERT ... VALUES (...)`` of one row, returning its id where the database can (both of ours can)."""
    row = "(" + ", ".join(["%s"] * len(_LOG_FIELDS)) + ")"
    returning = ""
    if connection.features.can_return_columns_from_insert:
        returning = " RETURNING " + connection.ops.quote_name(AccessLogEntry._meta.pk.column)
    return _insert_head() + " VALUES " + row + returning


@functools.cache
def _unnest_insert_sql(_vendor: str) -> str:
    """``INSERT ... SELECT`` from one array parameter per column, cast to the column's type, in list order."""
    # Types and names come from the model, every value is a parameter (one array per column).
    arrays = ", ".join(f"%s::{_array_type(field)}" for field in _LOG_FIELDS)
    names = ", ".join(f"c{index}" for index in range(len(_LOG_FIELDS)))
    select = f" SELECT {names} FROM unnest({arrays}) WITH ORDINALITY AS rows({names}, position) ORDER BY position"  # noqa: S608
    return _insert_head() + select


def _array_type(field: "models.Field[Any, Any]") -> str:
    """The element type for the array cast: the column's type without length or check (varchar(8) -> varchar)."""
    db_type = field.db_type(connection) or "text"
    base = db_type.split("(")[0].split(" CHECK")[0].strip()
    return base + "[]"


def log_lanes() -> list[int]:
    """The lanes that hold rows: one index probe per lane on (lane, id), however long the log."""
    found: list[int] = []
    while True:
        following = AccessLogEntry.objects.filter(lane__gt=found[-1]) if found else AccessLogEntry.objects.all()
        lane = following.aggregate(lane=models.Min("lane"))["lane"]
        if lane is None:
            return found
        found.append(int(lane))


def seal_log() -> AccessLogSeal | None:
    """Write a seal over every lane's current tip; None when nothing was appended since the last seal.

    The counts build on the previous seal (only the rows since its tips are counted), so a seal costs
    a few index scans whatever the size of the log. A lane's rows are committed in id order (one
    writer per lane at a time), so a tip seen here has every earlier row of its lane committed too.
    Seals are written one at a time: an advisory lock on PostgreSQL, BEGIN IMMEDIATE on SQLite.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, SEAL_LOCK])
        previous = AccessLogSeal.objects.order_by("-id").first()
        before: dict[str, dict[str, object]] = dict(previous.lanes) if previous else {}
        lanes = dict(before)
        tips: dict[str, tuple[int, int]] = {}
        for lane in sorted(set(log_lanes()) | {int(name) for name in before}):
            known = before.get(str(lane), {})
            since = int(str(known.get("id", 0)))
            added = AccessLogEntry.objects.filter(lane=lane, id__gt=since).aggregate(n=Count("id"), tip=Max("id"))
            if added["n"]:
                tips[str(lane)] = (int(added["tip"]), int(str(known.get("count", 0))) + int(added["n"]))
        if not tips:
            return None
        hashes = dict(
            AccessLogEntry.objects.filter(id__in=[tip for tip, _ in tips.values()]).values_list("id", "entry_hash")
        )
        for lane_key, (tip, count) in tips.items():
            lanes[lane_key] = {"id": tip, "hash": hashes[tip], "count": count}
        at = timezone.now()
        prev_hash = previous.seal_hash if previous else GENESIS
        seal = AccessLogSeal(
            at=at, lanes=lanes, prev_hash=prev_hash, seal_hash=seal_mac(at, lanes, prev_hash, chain_key())
        )
        seal.save()
        return seal


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
    shown = list(dict.fromkeys(dossier_ids))
    if not shown:
        return []
    first = _build(
        request,
        action=action,
        basis=basis,
        object_type=object_type,
        object_id=shown[0] if object_id is None else object_id,
        dossier_id=shown[0],
        detail=detail,
        user=user,
        section=section,
    )
    entries = [first]
    for pk in shown[1:]:
        stored_id = pk if object_id is None else object_id
        if isinstance(pk, int) and not isinstance(pk, bool) and _BIGINT_MIN <= pk <= _BIGINT_MAX and object_id is None:
            # The common case, a page of dossier numbers: only the dossier differs from the first line.
            entry = copy(first)
            entry.object_id = str(pk)
            entry.dossier_id = pk
        else:
            entry = _build(
                request,
                action=action,
                basis=basis,
                object_type=object_type,
                object_id=stored_id,
                dossier_id=pk,
                detail=detail,
                user=user,
                section=section,
            )
        entries.append(entry)
    _append(entries)
    return entries


def log_inzage_export(
    request: HttpRequest, *, person_id: int, dossier_ids: list[int], special_sections: list[str], detail: str
) -> None:
    """An inzage export shows the content of every dossier of the person: one line per dossier (the
    resident's own history reads them per dossier), or one line about the person when there is none."""
    if special_sections:
        detail += "; met notities uit: " + ", ".join(special_sections)
    if dossier_ids:
        log_shown(
            request,
            basis=AccessBasis.PRIVACY_TOEZICHT,
            object_type="inzage",
            object_id=person_id,
            dossier_ids=dossier_ids,
            detail=detail,
        )
    else:
        log_access(
            request,
            action=AccessAction.VIEW,
            basis=AccessBasis.PRIVACY_TOEZICHT,
            object_type="inzage",
            object_id=person_id,
            detail=detail,
        )
