"""The keyed hash chain that makes the access log tamper-evident.

Every entry stores the hash of the entry before it (`prev_hash`) and its own hash (`entry_hash`).
Two versions exist, recorded per row in `chain_version`:

- version 1 (rows written before the chain had a key): ``sha256(canonical(entry))``;
- version 2 (every new row): ``HMAC-SHA256(AUDIT_CHAIN_KEY, canonical(entry))``, hex, lower case.

A plain hash only shows accidental damage: anyone who can write to the database can change a row and
recompute every hash after it. The HMAC needs a key that lives outside the database (the
`AUDIT_CHAIN_KEY` setting, from the environment), so rewriting the chain needs both the database and
the key. Version 1 rows stay as they were and verify as before; once the first version 2 row exists,
a later version 1 row is refused (otherwise an attacker would simply "downgrade" the rows they edit).

`canonical(entry)` is this JSON object, keys sorted, no spaces (`separators=(",", ":")`), non-ASCII
characters kept as they are (`ensure_ascii=False`), encoded as UTF-8:

    {"action": "view", "at": "2026-03-02T09:15:00.123456+00:00", "basis": "regisseur",
     "detail": "", "dossier_id": 12, "ip": "10.0.0.5", "object_id": "12", "object_type": "dossier",
     "path": "/dossiers/12/", "prev_hash": "<64 hex>", "section": "", "user_id": 3}

plus ``"v": 2`` for version 2 rows (so the version itself is covered). `at` is ISO 8601 in UTC with
microseconds; `dossier_id`, `ip` and `user_id` are null when empty. The first entry links to GENESIS
(64 zeros). Changing any field of a stored row changes its hash; removing a row breaks the link of
the row after it. Removing the *newest* rows cannot be seen in the chain itself: keep the last hash
that `audit_verify` prints outside the system and pass it next time (`--expect-last`).
"""

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings

GENESIS = "0" * 64

#: Version 1: unkeyed SHA-256 (rows from before the key). Version 2: HMAC-SHA256 with AUDIT_CHAIN_KEY.
LEGACY_VERSION = 1
KEYED_VERSION = 2
CURRENT_VERSION = KEYED_VERSION

#: The fields that go into the hash, as they are read from the database (`values_list` order).
HASHED_FIELDS: tuple[str, ...] = (
    "at",
    "user_id",
    "action",
    "basis",
    "object_type",
    "object_id",
    "dossier_id",
    "section",
    "detail",
    "path",
    "ip_address",
)


def canonical(fields: dict[str, Any], prev_hash: str, version: int = LEGACY_VERSION) -> bytes:
    """The exact bytes that are hashed; see the module docstring. `fields` is keyed by HASHED_FIELDS."""
    at: datetime = fields["at"]
    document = {
        "action": fields["action"],
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "basis": fields["basis"],
        "detail": fields["detail"],
        "dossier_id": fields["dossier_id"],
        "ip": fields["ip_address"] or None,
        "object_id": fields["object_id"],
        "object_type": fields["object_type"],
        "path": fields["path"],
        "prev_hash": prev_hash,
        "section": fields["section"],
        "user_id": fields["user_id"],
    }
    if version != LEGACY_VERSION:
        document["v"] = version
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def entry_hash(fields: dict[str, Any], prev_hash: str) -> str:
    """Version 1, unkeyed. Kept for the rows written before the key and for migration 0003."""
    return hashlib.sha256(canonical(fields, prev_hash)).hexdigest()


def chain_key() -> bytes:
    """The MAC key from the settings (the environment), never from the database."""
    key: str = settings.AUDIT_CHAIN_KEY
    return key.encode("utf-8")


def entry_mac(fields: dict[str, Any], prev_hash: str, key: bytes) -> str:
    """Version 2: HMAC-SHA256 over the canonical form, so a rewritten chain needs the key as well."""
    return hmac.new(key, canonical(fields, prev_hash, KEYED_VERSION), hashlib.sha256).hexdigest()


def row_hash(version: int, fields: dict[str, Any], prev_hash: str, key: bytes) -> str | None:
    """The hash a row of `version` must carry; None for a version this code does not know."""
    if version == LEGACY_VERSION:
        return entry_hash(fields, prev_hash)
    if version == KEYED_VERSION:
        return entry_mac(fields, prev_hash, key)
    return None


@dataclass(frozen=True)
class ChainReport:
    """The result of walking the chain: intact, or the first place where it breaks."""

    count: int
    last_hash: str
    broken_id: int | None = None
    broken_at: datetime | None = None
    #: "hash" (the row was changed or the key is wrong), "koppeling" (a row before it was removed or
    #: changed its link) or "versie" (an unkeyed row after keyed ones: a downgraded row).
    problem: str = ""
    #: Rows from before the key (version 1): only as strong as a plain hash.
    legacy_count: int = 0
    #: The id of the row whose hash is the expected anchor (`expect`), when one was given and found.
    anchor_id: int | None = None

    @property
    def intact(self) -> bool:
        return self.broken_id is None


def walk(rows: Iterable[tuple[Any, ...]], key: bytes | None = None, expect: str = "") -> ChainReport:
    """Check rows of (id, prev_hash, entry_hash, chain_version, *HASHED_FIELDS) in id order.

    Stops at the first broken link. `expect` is a hash kept outside the system: the report says at
    which row it was found (`anchor_id`), or None when it no longer occurs (rows removed or replaced).
    """
    key = chain_key() if key is None else key
    expected_prev = GENESIS
    count = legacy = 0
    keyed_seen = False
    anchor_id: int | None = None
    for row in rows:
        pk, prev_hash, stored_hash, version, *values = row
        fields = dict(zip(HASHED_FIELDS, values, strict=True))
        problem = ""
        if prev_hash != expected_prev:
            problem = "koppeling"
        elif version == LEGACY_VERSION and keyed_seen:
            problem = "versie"
        elif not hmac.compare_digest(row_hash(version, fields, prev_hash, key) or "", stored_hash):
            problem = "hash"
        if problem:
            return ChainReport(count, expected_prev, pk, fields["at"], problem, legacy, anchor_id)
        keyed_seen = keyed_seen or version != LEGACY_VERSION
        legacy += version == LEGACY_VERSION
        expected_prev = stored_hash
        count += 1
        if expect and stored_hash == expect:
            anchor_id = pk
    return ChainReport(count, expected_prev, legacy_count=legacy, anchor_id=anchor_id)
