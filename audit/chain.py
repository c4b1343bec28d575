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
the row after it.

Lanes (docs/adr/0012-concurrent-access-log-chain.md). The log is not one chain but a few: every row
has a `lane` (0 up to AUDIT_CHAIN_LANES - 1), and its `prev_hash` is the hash of the previous row *in
the same lane* (by id), or GENESIS for a lane's first row. Writers on PostgreSQL each take a free lane
for their transaction, so they append side by side instead of one after the other; SQLite writes
only lane 0. Every row from before the lanes is lane 0, so the old chain is lane 0 as it was. The lane
number is not hashed and needs not be: it carries no information of its own, and moving a row to
another lane breaks two links (the row after it in its old lane, and the row itself in its new lane),
just as removing it would. Unkeyed rows (version 1) exist only in lane 0.

Seals. Removing the *newest* rows of a lane cannot be seen in the chain itself. Every few minutes a job
writes an `AccessLogSeal`: per lane the id and hash of its newest row and the number of rows up to
it, chained to the seal before it with ``HMAC-SHA256(AUDIT_CHAIN_KEY, canonical_seal(seal))``:

    {"at": "2026-03-02T09:20:00.000000+00:00",
     "lanes": {"0": {"count": 1200, "hash": "<64 hex>", "id": 1302}, "3": {...}},
     "prev_hash": "<the previous seal's hash, or GENESIS>", "v": 1}

(same JSON rules as above; lane numbers are the keys, as text). Rows a seal covers can no longer be
removed unseen, also not the newest ones: the seal names them. What no seal covers yet (the last
minutes) and the newest seals themselves are protected only by a hash kept outside the system:
`audit_verify` prints the newest seal's hash; pass it next time with ``--expect-last``.
"""

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings

GENESIS = "0" * 64

#: Version 1: unkeyed SHA-256 (rows from before the key). Version 2: HMAC-SHA256 with AUDIT_CHAIN_KEY.
LEGACY_VERSION = 1
KEYED_VERSION = 2
CURRENT_VERSION = KEYED_VERSION
#: The version of the seal's canonical form.
SEAL_VERSION = 1

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
class Checkpoint:
    """What one seal says about one lane: its newest row then, and how many rows the lane had up to it."""

    seal_id: int
    tip_id: int
    tip_hash: str
    count: int


@dataclass(frozen=True)
class ChainReport:
    """The result of walking one lane: intact, or the first place where it breaks."""

    count: int
    last_hash: str
    broken_id: int | None = None
    broken_at: datetime | None = None
    #: "hash" (the row was changed or the key is wrong), "koppeling" (a row before it was removed or
    #: changed its link), "versie" (an unkeyed row after keyed ones, or outside lane 0: a downgraded
    #: row), "ontbreekt" (a seal names this row, which is gone: the lane's newest rows were removed),
    #: "verzegeld" (the row differs from what a seal recorded: its hash, or the number of rows up to it).
    problem: str = ""
    #: Rows from before the key (version 1): only as strong as a plain hash.
    legacy_count: int = 0
    #: The id of the row whose hash is the expected anchor (`expect`), when one was given and found.
    anchor_id: int | None = None
    last_id: int | None = None
    #: The seal involved in a "ontbreekt" or "verzegeld" problem; otherwise the last seal that was checked.
    seal_id: int | None = None
    #: Rows covered by the seals that were checked (the count up to the newest sealed tip).
    sealed_count: int = 0

    @property
    def intact(self) -> bool:
        return self.broken_id is None


def walk(
    rows: Iterable[tuple[Any, ...]],
    key: bytes | None = None,
    expect: str = "",
    *,
    checkpoints: Iterable[Checkpoint] = (),
    legacy_allowed: bool = True,
) -> ChainReport:
    """Check the rows of one lane, (id, prev_hash, entry_hash, chain_version, *HASHED_FIELDS) in id order.

    Stops at the first broken link. `checkpoints` are the seals' records of this lane in ascending
    tip id: each named row must come by, with that hash and that many rows up to it. `expect` is a hash
    kept outside the system: the report says at which row it was found (`anchor_id`), or None.
    """
    key = chain_key() if key is None else key
    expected_prev = GENESIS
    count = legacy = sealed = 0
    keyed_seen = False
    anchor_id = last_id = last_seal = None
    pending: Iterator[Checkpoint] = iter(checkpoints)
    checkpoint = next(pending, None)

    def report(pk: int | None, at: datetime | None, problem: str, seal: int | None) -> ChainReport:
        return ChainReport(count, expected_prev, pk, at, problem, legacy, anchor_id, last_id, seal, sealed)

    for row in rows:
        pk, prev_hash, stored_hash, version, *values = row
        fields = dict(zip(HASHED_FIELDS, values, strict=True))
        if checkpoint is not None and checkpoint.tip_id < pk:
            return report(checkpoint.tip_id, None, "ontbreekt", checkpoint.seal_id)
        problem = ""
        if prev_hash != expected_prev:
            problem = "koppeling"
        elif version == LEGACY_VERSION and (keyed_seen or not legacy_allowed):
            problem = "versie"
        elif not hmac.compare_digest(row_hash(version, fields, prev_hash, key) or "", stored_hash):
            problem = "hash"
        if problem:
            return report(pk, fields["at"], problem, last_seal)
        keyed_seen = keyed_seen or version != LEGACY_VERSION
        legacy += version == LEGACY_VERSION
        expected_prev = stored_hash
        count += 1
        last_id = pk
        if expect and stored_hash == expect:
            anchor_id = pk
        while checkpoint is not None and checkpoint.tip_id == pk:
            if checkpoint.tip_hash != stored_hash or checkpoint.count != count:
                return report(pk, fields["at"], "verzegeld", checkpoint.seal_id)
            last_seal, sealed = checkpoint.seal_id, count
            checkpoint = next(pending, None)
    if checkpoint is not None:
        return report(checkpoint.tip_id, None, "ontbreekt", checkpoint.seal_id)
    return report(None, None, "", last_seal)


# --- Seals ----------------------------------------------------------------------------------------


def canonical_seal(at: datetime, lanes: Mapping[str, Mapping[str, Any]], prev_hash: str) -> bytes:
    """The exact bytes of a seal that are MACed; see the module docstring."""
    document = {
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "lanes": {
            str(lane): {"count": int(tip["count"]), "hash": str(tip["hash"]), "id": int(tip["id"])}
            for lane, tip in lanes.items()
        },
        "prev_hash": prev_hash,
        "v": SEAL_VERSION,
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def seal_mac(at: datetime, lanes: Mapping[str, Mapping[str, Any]], prev_hash: str, key: bytes) -> str:
    return hmac.new(key, canonical_seal(at, lanes, prev_hash), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class SealReport:
    """The result of walking the seals: intact, or the first seal that is wrong, and the newest one."""

    count: int
    last_hash: str
    last_id: int | None = None
    last_at: datetime | None = None
    #: The newest seal's lanes, as stored.
    last_lanes: Mapping[str, Mapping[str, Any]] | None = None
    broken_id: int | None = None
    #: "koppeling" (a seal before it was removed or replaced), "hash" (the seal was changed, or another
    #: key), "terug" (a lane went back or disappeared compared to the seal before: not a seal we wrote).
    problem: str = ""
    anchor_id: int | None = None

    @property
    def intact(self) -> bool:
        return self.broken_id is None


def _went_back(before: Mapping[str, Mapping[str, Any]], after: Mapping[str, Mapping[str, Any]]) -> bool:
    """A later seal always names every lane of the earlier one, with the same or a newer tip."""
    for lane, tip in before.items():
        later = after.get(lane)
        if later is None or int(later["id"]) < int(tip["id"]) or int(later["count"]) < int(tip["count"]):
            return True
    return False


def _seal_mac_matches(at: datetime, lanes: object, prev_hash: str, stored_hash: str, key: bytes) -> bool:
    """False also for lanes that are not what a seal holds (edited into another shape)."""
    if not isinstance(lanes, dict):
        return False
    try:
        expected = seal_mac(at, lanes, prev_hash, key)
    except (KeyError, TypeError, ValueError, AttributeError):
        return False
    return hmac.compare_digest(expected, stored_hash)


def walk_seals(seals: Iterable[tuple[Any, ...]], key: bytes | None = None, expect: str = "") -> SealReport:
    """Check seals of (id, at, lanes, prev_hash, seal_hash) in id order; stops at the first wrong one."""
    key = chain_key() if key is None else key
    expected_prev = GENESIS
    count = 0
    previous: Mapping[str, Mapping[str, Any]] = {}
    last_id = last_at = anchor_id = None
    for pk, at, lanes, prev_hash, stored_hash in seals:
        problem = ""
        if prev_hash != expected_prev:
            problem = "koppeling"
        elif not _seal_mac_matches(at, lanes, prev_hash, stored_hash, key):
            problem = "hash"
        elif _went_back(previous, lanes):
            problem = "terug"
        if problem:
            return SealReport(count, expected_prev, last_id, last_at, previous, pk, problem, anchor_id)
        expected_prev, previous, last_id, last_at = stored_hash, lanes, pk, at
        count += 1
        if expect and stored_hash == expect:
            anchor_id = pk
    return SealReport(count, expected_prev, last_id, last_at, previous, anchor_id=anchor_id)
