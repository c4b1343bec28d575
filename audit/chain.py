"""The hash chain that makes the access log tamper-evident.

Every entry stores the hash of the entry before it (`prev_hash`) and its own hash (`entry_hash`):

    entry_hash = sha256(canonical(entry) as UTF-8), hex, lower case

where `canonical(entry)` is this JSON object, keys sorted, no spaces (`separators=(",", ":")`),
non-ASCII characters kept as they are (`ensure_ascii=False`):

    {"action": "view", "at": "2026-03-02T09:15:00.123456+00:00", "basis": "regisseur",
     "detail": "", "dossier_id": 12, "ip": "10.0.0.5", "object_id": "12", "object_type": "dossier",
     "path": "/dossiers/12/", "prev_hash": "<64 hex>", "section": "", "user_id": 3}

`at` is ISO 8601 in UTC with microseconds; `dossier_id`, `ip` and `user_id` are null when empty.
The first entry links to GENESIS (64 zeros). Changing any field of a stored row changes its hash;
removing a row breaks the link of the row after it. Removing the *newest* rows cannot be seen in the
chain itself: keep the last hash that `audit_verify` prints (e.g. in the daily operations log) and
compare it the next time.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64

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


def canonical(fields: dict[str, Any], prev_hash: str) -> bytes:
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
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def entry_hash(fields: dict[str, Any], prev_hash: str) -> str:
    return hashlib.sha256(canonical(fields, prev_hash)).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    """The result of walking the chain: intact, or the first place where it breaks."""

    count: int
    last_hash: str
    broken_id: int | None = None
    broken_at: datetime | None = None
    #: "hash" (the row was changed) or "koppeling" (a row before it was removed or changed its link).
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_id is None


def walk(rows: Iterable[tuple[Any, ...]]) -> ChainReport:
    """Check rows of (id, prev_hash, entry_hash, *HASHED_FIELDS) in id order; stop at the first broken link."""
    expected_prev = GENESIS
    count = 0
    for row in rows:
        pk, prev_hash, stored_hash, *values = row
        fields = dict(zip(HASHED_FIELDS, values, strict=True))
        if prev_hash != expected_prev:
            return ChainReport(count, expected_prev, broken_id=pk, broken_at=fields["at"], problem="koppeling")
        if entry_hash(fields, prev_hash) != stored_hash:
            return ChainReport(count, expected_prev, broken_id=pk, broken_at=fields["at"], problem="hash")
        expected_prev = stored_hash
        count += 1
    return ChainReport(count, expected_prev)
