"""The monitor's indicators, each defined once (docs/monitor.md) and computed from the aggregate tables.

Each indicator gives the tables the whole municipality would see for a period, suppressed together
(monitor.suppression); a filtered view (a wijk, a team) shows some rows of those same tables, never a table
suppressed on its own, so two views of the same period cannot be set off against each other.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.utils.functional import Promise

from monitor.periods import Period
from monitor.tables import PublishedTable


@dataclass(frozen=True)
class Scope:
    """What the viewer may and wants to see: None is everything the role allows."""

    wijk_ids: frozenset[int] | None
    team_ids: frozenset[int] | None

    def wijk_rows(self, rows: Sequence[tuple[object, str]]) -> list[int] | None:
        """Which of a table's (wijk id, name) rows to show; None: all of them."""
        return None if self.wijk_ids is None else [i for i, (pk, _name) in enumerate(rows) if pk in self.wijk_ids]

    def team_rows(self, rows: Sequence[tuple[object, str]]) -> list[int] | None:
        """Which of a table's (team id, name) rows to show; None: all of them."""
        return None if self.team_ids is None else [i for i, (pk, _name) in enumerate(rows) if pk in self.team_ids]


@dataclass(frozen=True)
class Request:
    """What every indicator gets: the period, the moment of "now", the small-cell threshold and the scope, and the
    law (a melding's regime) or group (an age band) the viewer filters on: "" is all of them. An indicator whose
    facts carry that dimension shows the tables of that law or group (suppressed with the unfiltered ones, as one
    three-way table: monitor.cubes); the others say under their title that they are not split that way."""

    period: Period
    now: datetime
    threshold: int
    scope: Scope
    law: str = ""
    group: str = ""


@dataclass(frozen=True)
class Indicator:
    """One section of the monitor page; `tables` computes its published tables (whole-municipality suppression,
    the scope's rows). Defined in docs/monitor.md under the same number."""

    number: int
    key: str
    title: str | Promise
    explanation: str | Promise
    tables: Callable[[Request], list[PublishedTable]]
    #: The filters its tables follow besides period, wijk and team: "wet" (law), "groep" (age band).
    splits: frozenset[str] = frozenset()


def registered() -> list[Indicator]:
    """The indicators in the order of docs/monitor.md. A new indicator adds one line here."""
    from monitor.indicators import (
        caseload,
        escalation,
        experience,
        forecast,
        inflow,
        ladder,
        money,
        objections,
        reach,
        stacking,
        terms,
        toegang,
        waiting,
        zrm,
    )
    from monitor.indicators.vroegsignalering import INDICATOR as vroegsignalering

    return sorted(
        [
            inflow.INDICATOR,
            reach.INDICATOR,
            stacking.INDICATOR,
            waiting.INDICATOR,
            zrm.INDICATOR,
            terms.INDICATOR,
            objections.INDICATOR,
            ladder.INDICATOR,
            caseload.INDICATOR,
            forecast.INDICATOR,
            money.INDICATOR,
            experience.INDICATOR,
            vroegsignalering,
            toegang.INDICATOR,
            escalation.INDICATOR,
        ],
        key=lambda indicator: indicator.number,
    )
