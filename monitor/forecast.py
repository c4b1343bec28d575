"""Indicator 11, the capacity forecast: a team's waiting list and caseload a year ahead, month by month, as a
stock-and-flow model with a band from the inflow's own variation (docs/adr/0018-capacity-forecast.md).

Pure functions without a database: monitor.indicators.forecast gathers a team's figures and asks for a projection.
Each month of the model, in this order:

1. **closures**: the caseload shrinks by the closing rate (the share of open dossiers the team closed in a month,
   observed over the last year);
2. **inflow**: the month's new dossiers join the waiting list; the part of a month a new dossier normally spends in
   triage (`TRIAGE_MONTHS`) they cannot start yet;
3. **starts**: as many waiting dossiers start as fit under the capacity (FTE × caseload norm) beside the caseload
   that is left.

The inflow of each simulated run draws its own mean (the uncertainty of a mean of a year of months) and then each
month's inflow around it with the month-to-month spread seen in that year; the band is the 10th to 90th percentile
over the runs. A team without spread gets one path: the band is a line. Same inputs and seed, same numbers.
"""

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean, stdev

#: Months ahead the forecast goes; the published table shows 3, 6 and 12 of them.
HORIZON = 12
SHOWN_MONTHS = (3, 6, 12)
#: Simulated runs per projection: enough for a steady 10th and 90th percentile, few enough to stay in milliseconds.
RUNS = 250
LOW, HIGH = 0.10, 0.90
#: The part of a month a new dossier waits for triage even when there is room (indicator 4's bands: most are
#: picked up within two weeks). Without it the model would empty the waiting list of a team with room in one
#: month, while the real list always holds the dossiers of the last weeks.
TRIAGE_MONTHS = 0.5


@dataclass(frozen=True)
class TeamFigures:
    """What a team's records say now and over the last full months."""

    waiting: int  # dossiers waiting for triage or a regisseur now
    caseload: int  # open dossiers in work now (open minus waiting)
    fte: float  # generalists' FTE now
    inflow: tuple[int, ...]  # new dossiers in each of the last full months, oldest first
    closing_rate: float  # share of the open dossiers closed in a month

    @property
    def mean_inflow(self) -> float:
        return fmean(self.inflow) if self.inflow else 0.0


@dataclass(frozen=True)
class WhatIf:
    """The assumptions: the caseload norm (dossiers per FTE), inflow change in percent, FTE added (or taken off)."""

    norm: float
    inflow_percent: float = 0.0
    fte_change: float = 0.0

    def capacity(self, fte: float) -> float:
        return max(0.0, fte + self.fte_change) * self.norm


@dataclass(frozen=True)
class Band:
    low: float  # 10th percentile
    median: float
    high: float  # 90th percentile


@dataclass(frozen=True)
class Runs:
    """Simulated paths: `waiting[r][t]` and `caseload[r][t]` for run r, t months ahead (t = 0 is now)."""

    waiting: tuple[tuple[float, ...], ...]
    caseload: tuple[tuple[float, ...], ...]

    def waiting_bands(self) -> list[Band]:
        return _bands(self.waiting)

    def caseload_bands(self) -> list[Band]:
        return _bands(self.caseload)

    def __add__(self, other: "Runs") -> "Runs":
        """Two teams together, run by run (each team's runs are drawn independently)."""
        return Runs(waiting=_sum_paths(self.waiting, other.waiting), caseload=_sum_paths(self.caseload, other.caseload))


def closing_rate(open_at_start: Sequence[int], closed: Sequence[int]) -> float:
    """The share of open dossiers closed in a month: all closures of the months over the dossiers open at the start
    of each (the maximum-likelihood rate of a constant chance to close). 0 when nothing was open."""
    exposed = sum(open_at_start)
    return min(1.0, sum(closed) / exposed) if exposed > 0 else 0.0


def step(waiting: float, caseload: float, inflow: float, rate: float, capacity: float) -> tuple[float, float]:
    """One month: closures, then the inflow joins the list, then as many start as there is room for."""
    caseload -= caseload * rate
    ready = waiting + inflow * (1 - TRIAGE_MONTHS)
    starts = min(ready, max(0.0, capacity - caseload))
    return waiting + inflow - starts, caseload + starts


def simulate(
    team: TeamFigures, what_if: WhatIf, *, seed: int | str = 0, runs: int = RUNS, horizon: int = HORIZON
) -> Runs:
    """`runs` paths of the waiting list and caseload, `horizon` months ahead, under the what-if."""
    rng = random.Random(f"capacity-forecast:{seed}")
    factor = max(0.0, 1 + what_if.inflow_percent / 100)
    mean = team.mean_inflow * factor
    spread = stdev(team.inflow) * factor if len(team.inflow) > 1 else 0.0
    mean_error = spread / math.sqrt(len(team.inflow)) if team.inflow else 0.0
    capacity = what_if.capacity(team.fte)
    rate, ready_share = team.closing_rate, 1 - TRIAGE_MONTHS
    gauss = rng.gauss
    waiting_paths, caseload_paths = [], []
    for _run in range(runs if spread > 0 else 1):
        run_mean = max(0.0, gauss(mean, mean_error)) if mean_error > 0 else mean
        waiting, caseload = float(team.waiting), float(team.caseload)
        waiting_path, caseload_path = [waiting], [caseload]
        for _month in range(horizon):
            inflow = max(0.0, gauss(run_mean, spread)) if spread > 0 else run_mean
            # `step`, written out: this loop runs runs × horizon times per team.
            caseload -= caseload * rate
            starts = min(waiting + inflow * ready_share, max(0.0, capacity - caseload))
            waiting += inflow - starts
            caseload += starts
            waiting_path.append(waiting)
            caseload_path.append(caseload)
        waiting_paths.append(tuple(waiting_path))
        caseload_paths.append(tuple(caseload_path))
    return Runs(waiting=tuple(waiting_paths), caseload=tuple(caseload_paths))


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest rank: the value below which `share` of the values lie (rank ⌈share × n⌉)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _bands(paths: Sequence[Sequence[float]]) -> list[Band]:
    months = len(paths[0]) if paths else 0
    bands = []
    for t in range(months):
        values = [path[t] for path in paths]
        bands.append(Band(low=percentile(values, LOW), median=percentile(values, 0.5), high=percentile(values, HIGH)))
    return bands


def _sum_paths(first: Sequence[Sequence[float]], second: Sequence[Sequence[float]]) -> tuple[tuple[float, ...], ...]:
    """Run by run; a team with one path (no spread) adds that path to every run of the other."""
    if len(first) < len(second):
        first, second = second, first
    return tuple(
        tuple(a + b for a, b in zip(path, second[r % len(second)], strict=True)) for r, path in enumerate(first)
    )
