"""Checking the whole access log: the chain of seals, then every lane against them (``manage.py audit_verify``).

Everything is read in batches by id (``WHERE lane = … AND id > … ORDER BY id LIMIT …`` on the (lane, id)
index, and the seals by id), so memory stays the same for ten thousand rows or fifty million, and no
cursor stays open between batches. The log may grow while it is checked: rows and seals written after
the walk began are either checked or not, never wrongly reported, because a lane is only held to the
seals that were checked first.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from audit.chain import GENESIS, HASHED_FIELDS, ChainReport, Checkpoint, SealReport, chain_key, walk, walk_seals
from audit.models import AccessLogEntry, AccessLogSeal
from audit.services import log_lanes

BATCH_SIZE = 2000
SEAL_BATCH_SIZE = 500


def lane_rows(lane: int, batch_size: int = BATCH_SIZE) -> Iterator[tuple[Any, ...]]:
    """The rows of one lane in id order, in the shape `chain.walk` takes."""
    last = 0
    while True:
        batch = list(
            AccessLogEntry.objects.filter(lane=lane, id__gt=last)
            .order_by("id")
            .values_list("id", "prev_hash", "entry_hash", "chain_version", *HASHED_FIELDS)[:batch_size]
        )
        yield from batch
        if len(batch) < batch_size:
            return
        last = batch[-1][0]


def seal_rows(up_to: int | None = None, batch_size: int = SEAL_BATCH_SIZE) -> Iterator[tuple[Any, ...]]:
    """The seals in id order (up to and including `up_to` when given), as `chain.walk_seals` takes them."""
    last = 0
    while True:
        seals = AccessLogSeal.objects.filter(id__gt=last)
        if up_to is not None:
            seals = seals.filter(id__lte=up_to)
        batch = list(seals.order_by("id").values_list("id", "at", "lanes", "prev_hash", "seal_hash")[:batch_size])
        yield from batch
        if len(batch) < batch_size:
            return
        last = batch[-1][0]


def checkpoints(lane: int, up_to: int | None) -> Iterator[Checkpoint]:
    """What each seal up to `up_to` recorded about `lane`, oldest first (the tips only move forward)."""
    if up_to is None:
        return
    for seal_id, _at, lanes, _prev, _hash in seal_rows(up_to):
        tip = lanes.get(str(lane))
        if tip is not None:
            yield Checkpoint(seal_id, int(tip["id"]), str(tip["hash"]), int(tip["count"]))


@dataclass
class LogReport:
    """The seals and every lane; intact when all are."""

    seals: SealReport
    lanes: dict[int, ChainReport] = field(default_factory=dict)

    @property
    def intact(self) -> bool:
        return self.seals.intact and all(report.intact for report in self.lanes.values())

    @property
    def count(self) -> int:
        return sum(report.count for report in self.lanes.values())

    @property
    def legacy_count(self) -> int:
        return sum(report.legacy_count for report in self.lanes.values())

    @property
    def sealed_count(self) -> int:
        """Rows the newest seal covers."""
        return sum(int(tip["count"]) for tip in (self.seals.last_lanes or {}).values())

    @property
    def anchor(self) -> tuple[str, int, int | None] | None:
        """Where the expected hash was found: ("verzegeling", seal id, None) or ("regel", row id, lane)."""
        if self.seals.anchor_id is not None:
            return ("verzegeling", self.seals.anchor_id, None)
        for lane, report in self.lanes.items():
            if report.anchor_id is not None:
                return ("regel", report.anchor_id, lane)
        return None

    @property
    def last_hash(self) -> str:
        """The hash to keep outside the system: the newest seal's, or without seals the newest row's."""
        if self.seals.last_id is not None:
            return self.seals.last_hash
        newest = max(
            (report for report in self.lanes.values() if report.last_id is not None),
            key=lambda report: report.last_id or 0,
            default=None,
        )
        return newest.last_hash if newest else GENESIS


def verify(expect: str = "") -> LogReport:
    """Walk the seals, then each lane (stopping per lane at its first break); see the module docstring."""
    key = chain_key()
    seals = walk_seals(seal_rows(), key, expect)
    report = LogReport(seals)
    if not seals.intact:
        return report
    lanes = set(log_lanes()) | {int(lane) for lane in (seals.last_lanes or {})}
    for lane in sorted(lanes):
        report.lanes[lane] = walk(
            lane_rows(lane), key, expect, checkpoints=checkpoints(lane, seals.last_id), legacy_allowed=lane == 0
        )
    return report
