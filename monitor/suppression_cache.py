"""Suppression with a memory: the same table of the whole municipality is suppressed once, not on every page view.

Working out which cells to hide (monitor.suppression) is pure Python and costs tenths of a second for a table of
twenty wijken; the page would pay it on every view and every export. The result depends on nothing but the
counts, the threshold and the shared totals, so it is cached under a digest of exactly those
(Django's cache, settings.CACHES): a rebuild that changes a count, or a live count ("now") that moves, gives
another key and is suppressed afresh; stale cells can never be hidden or shown by mistake. The cache only ever
holds cell positions of whole-municipality tables: the scope's rows are chosen after it (PublishedTable.shown_rows).

Indicators call these functions instead of the ones in monitor.suppression; the signatures are the same.
"""

import hashlib
from collections.abc import Iterable, Sequence

from django.core.cache import cache

from monitor import suppression
from monitor.suppression import Cell, Grid

#: A day: entries of figures that no longer occur (after a rebuild) age out; the database cache culls them.
TIMEOUT_SECONDS = 24 * 3600
_PREFIX = "monitor:suppress:v1:"


def _key(kind: str, grids: Sequence[Grid], threshold: int, extra: object) -> str:
    material = repr((kind, threshold, tuple(grid.values for grid in grids), extra)).encode()
    return _PREFIX + hashlib.sha256(material).hexdigest()


def suppress(grid: Grid, threshold: int, forced: Iterable[Cell] = ()) -> set[Cell]:
    forced = tuple(sorted(forced))
    key = _key("one", [grid], threshold, forced)
    cached = cache.get(key)
    if cached is None:
        cached = sorted(suppression.suppress(grid, threshold, forced))
        cache.set(key, cached, TIMEOUT_SECONDS)
    return set(cached)


def suppress_linked(grids: Sequence[Grid], threshold: int, shared: Sequence[Sequence[Cell]]) -> list[set[Cell]]:
    key = _key("linked", grids, threshold, tuple(tuple(cells) for cells in shared))
    cached = cache.get(key)
    if cached is None:
        cached = [sorted(hidden) for hidden in suppression.suppress_linked(grids, threshold, shared)]
        cache.set(key, cached, TIMEOUT_SECONDS)
    return [set(hidden) for hidden in cached]
