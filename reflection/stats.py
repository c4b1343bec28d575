"""Results of a reflection session: pure functions, no Django, so the rules are easy to test.

Scale direction (REFLECTIETOOL.md): 1 = "heel weinig", 10 = "heel vaak" we run into
bottlenecks. A HIGH score therefore means MORE problems and a higher priority.

Spread is the population standard deviation: the scores of the people in the room are the
whole group we describe, not a sample of a larger population.

Privacy: a group (a whole theme, or one perspective within a theme) with fewer than
``min_group`` answers shows no values at all, only its count, so that a lone alderman or
resident cannot be recognised by their score.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

SCALE = range(1, 11)
DEFAULT_MIN_GROUP = 3


@dataclass(frozen=True)
class PerspectiveResult:
    n: int
    median: float | None
    mean: float | None
    suppressed: bool


@dataclass(frozen=True)
class ThemeResult:
    theme_code: str
    n: int
    distribution: dict[int, int] | None
    median: float | None
    mean: float | None
    spread: float | None
    by_perspective: dict[str, PerspectiveResult] = field(default_factory=dict)
    suppressed: bool = False


def _perspective_result(values: Sequence[int], min_group: int) -> PerspectiveResult:
    if len(values) < min_group:
        return PerspectiveResult(n=len(values), median=None, mean=None, suppressed=True)
    return PerspectiveResult(
        n=len(values), median=float(statistics.median(values)), mean=statistics.fmean(values), suppressed=False
    )


def _theme_result(code: str, values_by_perspective: dict[str, list[int]], min_group: int) -> ThemeResult:
    values = [v for vs in values_by_perspective.values() for v in vs]
    by_perspective = {p: _perspective_result(vs, min_group) for p, vs in sorted(values_by_perspective.items())}
    if len(values) < min_group:
        return ThemeResult(
            theme_code=code,
            n=len(values),
            distribution=None,
            median=None,
            mean=None,
            spread=None,
            by_perspective=by_perspective,
            suppressed=True,
        )
    distribution = dict.fromkeys(SCALE, 0)
    for value in values:
        distribution[value] += 1
    return ThemeResult(
        theme_code=code,
        n=len(values),
        distribution=distribution,
        median=float(statistics.median(values)),
        mean=statistics.fmean(values),
        spread=statistics.pstdev(values),
        by_perspective=by_perspective,
        suppressed=False,
    )


def summarise(scores: Iterable[tuple[str, str, int]], min_group: int = DEFAULT_MIN_GROUP) -> list[ThemeResult]:
    """Summarise (theme code, perspective, value) triples into one result per theme, sorted by code."""
    grouped: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for theme, perspective, value in scores:
        if value not in SCALE:
            raise ValueError(f"Score {value} valt buiten de schaal 1–10.")
        grouped[theme][perspective].append(value)
    return [_theme_result(code, dict(grouped[code]), min_group) for code in sorted(grouped)]


def perspective_gap(result: ThemeResult) -> float | None:
    """Largest difference in mean between the shown perspectives; None with fewer than two."""
    means = [p.mean for p in result.by_perspective.values() if not p.suppressed and p.mean is not None]
    if len(means) < 2:
        return None
    return max(means) - min(means)


def rank_for_discussion(results: Iterable[ThemeResult]) -> list[str]:
    """Propose the order of discussion, most urgent first.

    Rule: highest mean first (high = bottlenecks occur "heel vaak"); on equal means the
    larger disagreement between perspectives first, then the larger spread, then theme code
    for a stable order. Suppressed themes (too few answers) come last, by code.
    """
    shown = [r for r in results if not r.suppressed and r.mean is not None]
    hidden = sorted((r for r in results if r.suppressed or r.mean is None), key=lambda r: r.theme_code)

    def key(result: ThemeResult) -> tuple[float, float, float, str]:
        return (-(result.mean or 0.0), -(perspective_gap(result) or 0.0), -(result.spread or 0.0), result.theme_code)

    return [r.theme_code for r in sorted(shown, key=key)] + [r.theme_code for r in hidden]


def change(previous: Iterable[ThemeResult], current: Iterable[ThemeResult]) -> dict[str, float | None]:
    """Mean difference per theme (current − previous) for a follow-up session.

    Negative means fewer bottlenecks than last time. None when the theme is missing or
    suppressed in either session, so no comparison is made on hidden values.
    """
    before = {r.theme_code: None if r.suppressed else r.mean for r in previous}
    after = {r.theme_code: None if r.suppressed else r.mean for r in current}
    changes: dict[str, float | None] = {}
    for code in sorted(set(before) | set(after)):
        old, new = before.get(code), after.get(code)
        changes[code] = None if old is None or new is None else new - old
    return changes
