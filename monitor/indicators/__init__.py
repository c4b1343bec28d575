"""The monitor's indicators, each defined once (docs/monitor.md) and computed from the aggregate tables.

Each indicator gives the tables the whole municipality would see for a period, suppressed together
(monitor.suppression); a filtered view (a wijk, a team) shows some rows of those same tables, never a table
suppressed on its own, so two views of the same period cannot be set off against each other.
"""

from dataclasses import dataclass
from typing import Protocol

from monitor.periods import Period
from monitor.tables import PublishedTable


@dataclass(frozen=True)
class Scope:
    """What the viewer may and wants to see: None is everything the role allows."""

    wijk_ids: frozenset[int] | None
    team_ids: frozenset[int] | None


class Indicator(Protocol):
    key: str
    title: str
    explanation: str

    def tables(self, period: Period, threshold: int) -> list[PublishedTable]: ...
