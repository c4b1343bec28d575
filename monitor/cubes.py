"""Suppression for counts split three ways, with every margin: meldingen by law × wijk × route, ZRM series by domain
× wijk × change.

Why a two-way table is not enough: the filter on a law shows the wijk table of that law, and the page without the
filter shows the wijk table of all laws. The law tables add up, cell by cell, to the total table, so together they
are one three-way table; a cell hidden in the Wmo table, but shown in the total and in every other law's table, is
the total minus the others. Suppressing each law's table on its own cannot see that. Here the three-way table
(`Cube`: every cell and every margin) is suppressed as a whole, before any view picks its rows or its law.

How (docs/monitor.md, "Filters op wet en groep"):
1. Every two-way slice of the cube (one law: wijk × route; one wijk: law × route; one route: law × wijk; each also
   for the totals) is suppressed with the two-way rules of `monitor.suppression`, the cells hidden so far forced,
   round after round until a round hides nothing new (the "modular" method statistical offices use).
2. Slices that are each safe can still give a cell away through equations that run across them. So then every
   line of every cube (and of the cubes linked to it, see `shared`) is checked at once; a cell that is still
   determined makes the smallest shown count on one of its lines hidden too, and step 1 runs again.

The check of step 2 is exact linear algebra modulo a large prime (integers instead of fractions: a whole system
of a few hundred unknowns takes milliseconds). A cell determined over the rationals is determined modulo the prime;
the reverse can only fail when the prime divides a minor of a 0/±1 matrix, which for a 61-bit prime does not happen
at these sizes, and a mistake that way would only hide more. The property tests attack the result with exact
fractions (monitor/tests/test_cubes.py).
"""

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.cache import cache

from monitor import suppression
from monitor.suppression import Grid
from monitor.suppression_cache import TIMEOUT_SECONDS

Cell3 = tuple[int, int, int]
_PRIME = (1 << 61) - 1
_CACHE_PREFIX = "monitor:cubes:v2:"
#: How much more hiding a cell of the overall table (the last plane) costs than hiding a cell of a breakdown.
OVERALL_WEIGHT = 1000


@dataclass(frozen=True)
class Cube:
    """Counts `values[a][b][c]` with their margins: the last index on each axis is the total over that axis."""

    values: tuple[tuple[tuple[int, ...], ...], ...]

    @classmethod
    def of(cls, cells: Sequence[Sequence[Sequence[int]]]) -> "Cube":
        """Adds the margins to an A × B × C table of counts (A, B, C >= 1)."""
        planes = [Grid.of(plane).values for plane in cells]
        total = tuple(
            tuple(sum(plane[b][c] for plane in planes) for c in range(len(planes[0][0]))) for b in range(len(planes[0]))
        )
        return cls((*planes, total))

    @property
    def shape(self) -> tuple[int, int, int]:
        return len(self.values), len(self.values[0]), len(self.values[0][0])

    def value(self, cell: Cell3) -> int:
        return self.values[cell[0]][cell[1]][cell[2]]

    def cells(self) -> list[Cell3]:
        sizes = self.shape
        return [(a, b, c) for a in range(sizes[0]) for b in range(sizes[1]) for c in range(sizes[2])]

    def plane(self, a: int) -> Grid:
        """The two-way table of one value of the first axis (the last one: the total), margins included."""
        return Grid(self.values[a])

    def slices(self) -> list[list[list[Cell3]]]:
        """Every two-way slice as its cells: rows and columns are the two other axes, margins included."""
        sizes = self.shape
        result = []
        for axis in range(3):
            first, second = [k for k in range(3) if k != axis]
            for index in range(sizes[axis]):
                rows = []
                for i in range(sizes[first]):
                    row = []
                    for j in range(sizes[second]):
                        cell = [0, 0, 0]
                        cell[axis], cell[first], cell[second] = index, i, j
                        row.append((cell[0], cell[1], cell[2]))
                    rows.append(row)
                result.append(rows)
        return result

    def lines(self) -> list[list[Cell3]]:
        """Every equation: the cells along one axis with the other two fixed; the last cell is the total."""
        lines = []
        for rows in self.slices()[: self.shape[0]]:  # the slices of the first axis hold every line along the others
            lines += [list(row) for row in rows]
            lines += [[row[j] for row in rows] for j in range(len(rows[0]))]
        sizes = self.shape
        lines += [[(a, b, c) for a in range(sizes[0])] for b in range(sizes[1]) for c in range(sizes[2])]
        return lines


def suppress_cubes(
    cubes: Sequence[Cube], threshold: int, shared: Sequence[Sequence[tuple[int, Cell3]]] = ()
) -> list[set[Cell3]]:
    """The cells to hide in each cube so that nothing published from all of them together gives a small count away.

    `shared` lists groups of (cube, cell) that are the same figure seen in two cubes (the all-wijken face of a law ×
    wijk cube is the all-teams face of the law × team cube): one of them hidden hides all.
    """
    index: dict[tuple[int, Cell3], int] = {}
    for t, cube in enumerate(cubes):
        for cell in cube.cells():
            index[(t, cell)] = len(index)
    parent = list(range(len(index)))

    def root(unknown: int) -> int:
        while parent[unknown] != unknown:
            parent[unknown] = parent[parent[unknown]]
            unknown = parent[unknown]
        return unknown

    for group in shared:
        for member in group[1:]:
            parent[root(index[member])] = root(index[group[0]])
    index = {key: root(unknown) for key, unknown in index.items()}
    value = {index[(t, cell)]: cube.value(cell) for t, cube in enumerate(cubes) for cell in cube.cells()}
    # What hiding a cell costs: its count, and far more on the last plane (all laws, all domains: the table most
    # people read, without a filter), so a cell of a breakdown is hidden rather than one of the overall table when
    # either will do. Only the choice changes: which cells are determined depends on the lines, not on the costs.
    cost = {index[(t, cell)]: cube.value(cell) for t, cube in enumerate(cubes) for cell in cube.cells()}
    for t, cube in enumerate(cubes):
        for cell in cube.cells():
            if cell[0] == cube.shape[0] - 1:
                cost[index[(t, cell)]] = OVERALL_WEIGHT * cube.value(cell)
    lines = [[index[(t, cell)] for cell in line] for t, cube in enumerate(cubes) for line in cube.lines()]
    slices = [
        [[index[(t, cell)] for cell in row] for row in rows] for t, cube in enumerate(cubes) for rows in cube.slices()
    ]
    hidden = {unknown for unknown, count in value.items() if 0 < count < threshold}
    while True:
        _suppress_slices(slices, cost, hidden, threshold)
        fixed = determined(lines, hidden)
        if not fixed:
            break
        extra = _one_more(lines, cost, hidden, min(fixed))
        if extra is None:
            break
        hidden.add(extra)
    return [{cell for cell in cube.cells() if index[(t, cell)] in hidden} for t, cube in enumerate(cubes)]


def _suppress_slices(slices: list[list[list[int]]], cost: dict[int, int], hidden: set[int], threshold: int) -> None:
    """Each slice by the two-way rules, on its costs instead of its counts: the small counts are all in `hidden`
    already (forced), and a weighted count is never below the threshold when its count is not."""
    value = cost
    changed = True
    while changed:
        changed = False
        for rows in slices:
            grid = Grid(tuple(tuple(value[unknown] for unknown in row) for row in rows))
            forced = {(i, j) for i, row in enumerate(rows) for j, unknown in enumerate(row) if unknown in hidden}
            if not forced:
                continue
            for i, j in suppression.suppress(grid, threshold, forced) - forced:
                hidden.add(rows[i][j])
                changed = True


def _one_more(lines: list[list[int]], value: dict[int, int], hidden: set[int], target: int) -> int | None:
    """The smallest shown count above zero on a line through `target` (else anywhere) to hide next."""
    near = {unknown for line in lines if target in line for unknown in line}
    for pool in (near, set(value)):
        candidates = [unknown for unknown in pool if unknown not in hidden and value[unknown] > 0]
        if candidates:
            return min(candidates, key=lambda unknown: (value[unknown], unknown))
    return None


def determined(lines: Iterable[Sequence[int]], hidden: set[int]) -> set[int]:
    """The hidden figures that the shown ones fix exactly, given that every line's parts add up to its last figure.

    Gauss-Jordan elimination modulo a prime on sparse rows: a pivot whose reduced row holds no free unknown is fixed.
    """
    pivots: dict[int, dict[int, int]] = {}
    for line in lines:
        *parts, total = line
        row: dict[int, int] = {}
        for unknown in parts:
            if unknown in hidden:
                row[unknown] = row.get(unknown, 0) + 1
        if total in hidden:
            row[total] = row.get(total, 0) - 1
        for column in [column for column in row if column in pivots]:
            factor = row.get(column, 0)
            if factor:
                for k, v in pivots[column].items():
                    row[k] = (row.get(k, 0) - factor * v) % _PRIME
        row = {k: v % _PRIME for k, v in row.items() if v % _PRIME}
        if not row:
            continue
        pivot = min(row)
        inverse = pow(row[pivot], _PRIME - 2, _PRIME)
        row = {k: v * inverse % _PRIME for k, v in row.items()}
        for other in pivots.values():
            factor = other.get(pivot, 0)
            if factor:
                for k, v in row.items():
                    updated = (other.get(k, 0) - factor * v) % _PRIME
                    if updated:
                        other[k] = updated
                    else:
                        other.pop(k, None)
        pivots[pivot] = row
    return {column for column, row in pivots.items() if len(row) == 1}


def cached_suppress_cubes(
    cubes: Sequence[Cube], threshold: int, shared: Sequence[Sequence[tuple[int, Cell3]]] = ()
) -> list[set[Cell3]]:
    """`suppress_cubes` once per set of counts, like monitor.suppression_cache: the key is a digest of exactly the
    counts, the threshold and the links, so new counts are suppressed afresh and a view never gets its own."""
    material = repr(("cubes", threshold, tuple(cube.values for cube in cubes), tuple(map(tuple, shared)))).encode()
    key = _CACHE_PREFIX + hashlib.sha256(material).hexdigest()
    found = cache.get(key)
    if found is None:
        found = [sorted(hidden) for hidden in suppress_cubes(cubes, threshold, shared)]
        cache.set(key, found, TIMEOUT_SECONDS)
    return [{(a, b, c) for a, b, c in hidden} for hidden in found]
