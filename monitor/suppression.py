"""Small-cell suppression for the monitor: no published figure lets anyone work out a count below the threshold.

A table is published with its margins (row totals, column totals, grand total). Primary suppression hides every
count from 1 up to the threshold (a zero is shown: "nobody" identifies no one). That alone is not enough: with a
row total shown and one cell hidden, the hidden cell is the total minus the others. Secondary suppression hides
more cells until no hidden cell can be recomputed.

When is a hidden cell recomputable? Every row and every column of the grid (margins included) is a linear
equation: its cells add up to its total. Write the hidden cells as unknowns and the shown ones as constants: a
hidden cell is determined exactly when every solution of the homogeneous system is zero there, i.e. when it lies
outside the support of the kernel. For such two-way tables that kernel is spanned by cycles of hidden cells that
alternate between rows and columns; a hidden cell on such a cycle can move by ±1 with the others, so it stays
ambiguous — also for someone who knows that counts are never negative, as long as the cycle's other hidden cells
are not zero. So secondary suppression only ever adds non-zero cells, and it stops when no hidden cell is
determined.

Several tables of the same period share margins (the same totals per law, whether broken down by wijk or by
team). `suppress_linked` hides a shared total in every table as soon as one table hides it, and repeats until
nothing changes, so no table gives away what another hides.

The rule set is pure Python without Django, so the property tests can run it on thousands of tables.
"""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

Cell = tuple[int, int]


@dataclass(frozen=True)
class Grid:
    """A count table with its margins: `values[i][j]`; the last row and the last column are the totals."""

    values: tuple[tuple[int, ...], ...]

    @classmethod
    def of(cls, cells: Sequence[Sequence[int]]) -> "Grid":
        """Builds the margins of an R x C table of counts (R, C >= 1)."""
        rows = [[*row, sum(row)] for row in cells]
        totals = [sum(row[j] for row in rows) for j in range(len(rows[0]))]
        return cls(tuple(tuple(row) for row in [*rows, totals]))

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.values), len(self.values[0])

    def lines(self) -> list[list[Cell]]:
        """Every equation of the table as the cells on it: the last cell of each line is its total."""
        rows, columns = self.shape
        return [[(i, j) for j in range(columns)] for i in range(rows)] + [
            [(i, j) for i in range(rows)] for j in range(columns)
        ]

    def cells(self) -> list[Cell]:
        rows, columns = self.shape
        return [(i, j) for i in range(rows) for j in range(columns)]


def primary(grid: Grid, threshold: int) -> set[Cell]:
    return {cell for cell in grid.cells() if 0 < grid.values[cell[0]][cell[1]] < threshold}


def determined(grid: Grid, hidden: set[Cell]) -> set[Cell]:
    """The hidden cells that the shown cells fix exactly (through the table's row and column sums).

    Every line of the table is a vertex and every hidden cell an edge between its row and its column (the totals
    are a row and a column like the others). The system's kernel is spanned by the cycles of that graph, so a hidden
    cell is fixed exactly when it lies on no cycle: when it is a bridge. Found in one depth-first pass (Tarjan), in
    time linear in the hidden cells; row reduction with fractions, which gives the same cells, took tenths of a
    second per table and was repeated for every candidate cell of the secondary suppression.
    """
    rows = grid.shape[0]
    adjacency: dict[int, list[tuple[int, Cell]]] = {}
    for cell in hidden:
        row, column = cell[0], rows + cell[1]
        adjacency.setdefault(row, []).append((column, cell))
        adjacency.setdefault(column, []).append((row, cell))
    order: dict[int, int] = {}  # when the search reached each vertex
    low: dict[int, int] = {}  # the earliest vertex reachable from its subtree without its own edge back
    bridges: set[Cell] = set()
    for root in adjacency:
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack: list[tuple[int, Cell | None, Iterator[tuple[int, Cell]]]] = [(root, None, iter(adjacency[root]))]
        while stack:
            vertex, via, edges = stack[-1]
            for neighbour, cell in edges:
                if cell == via:
                    continue
                if neighbour in order:
                    low[vertex] = min(low[vertex], order[neighbour])
                else:
                    order[neighbour] = low[neighbour] = len(order)
                    stack.append((neighbour, cell, iter(adjacency[neighbour])))
                    break
            else:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[vertex])
                    if low[vertex] > order[parent] and via is not None:  # only the root has no edge in
                        bridges.add(via)
    return bridges


def suppress(grid: Grid, threshold: int, forced: Iterable[Cell] = ()) -> set[Cell]:
    """The cells to hide: the small counts, the `forced` ones, and enough others that none can be worked out."""
    hidden = primary(grid, threshold) | set(forced)
    while fixed := determined(grid, hidden):
        hidden |= _complement(grid, hidden, min(fixed))
    return hidden


def _complement(grid: Grid, hidden: set[Cell], target: Cell) -> set[Cell]:
    """The cheapest cells to hide so that `target` can no longer be worked out: one cell on its row or column if
    that is enough, else the other three corners of a rectangle through it (the smallest sum), else the smallest
    shown cell on its lines. Every round hides at least one more cell, so `suppress` ends."""
    value = grid.values
    rows, columns = grid.shape

    def cost(cells: Iterable[Cell]) -> int:
        return sum(value[i][j] for i, j in cells if (i, j) not in hidden)

    def usable(cell: Cell) -> bool:
        return cell in hidden or value[cell[0]][cell[1]] > 0

    i, j = target
    singles = [(k, j) for k in range(rows) if k != i] + [(i, k) for k in range(columns) if k != j]
    rectangles = [
        {(i, other_j), (other_i, j), (other_i, other_j)}
        for other_i in range(rows)
        for other_j in range(columns)
        if other_i != i and other_j != j
    ]
    options = [{cell} for cell in singles if cell not in hidden and usable(cell)]
    options += [corners for corners in rectangles if all(usable(cell) for cell in corners) and corners - hidden]
    for option in sorted(options, key=lambda cells: (len(cells - hidden) > 1, cost(cells), sorted(cells))):
        if target not in determined(grid, hidden | option):
            return option - hidden
    shown = [cell for cell in grid.cells() if cell not in hidden]
    on_lines = [cell for cell in shown if cell[0] == i or cell[1] == j] or shown
    return {min(on_lines, key=lambda cell: (value[cell[0]][cell[1]] == 0, value[cell[0]][cell[1]], cell))}


def suppress_linked(grids: Sequence[Grid], threshold: int, shared: Sequence[Sequence[Cell]]) -> list[set[Cell]]:
    """Suppression for tables of the same period that publish some of the same totals.

    `shared[t]` lists, for table t, the cells that hold the shared totals, in the same order for every table (for
    example the totals per law and the grand total). A shared total hidden in one table is hidden in all.
    """
    hidden = [primary(grid, threshold) for grid in grids]
    while True:
        positions = {k for t, cells in enumerate(shared) for k, cell in enumerate(cells) if cell in hidden[t]}
        updated = [
            suppress(grid, threshold, forced=hidden[t] | {shared[t][k] for k in positions})
            for t, grid in enumerate(grids)
        ]
        if updated == hidden:
            return hidden
        hidden = updated


def published(grid: Grid, hidden: set[Cell]) -> list[list[int | None]]:
    """The table as shown: None where a count is hidden ("< 5" on screen and in exports)."""
    rows, columns = grid.shape
    return [[None if (i, j) in hidden else grid.values[i][j] for j in range(columns)] for i in range(rows)]
