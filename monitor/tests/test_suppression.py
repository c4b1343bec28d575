"""Small-cell suppression: counts below the threshold show as "< 5", and nothing the monitor shows recomputes them."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.suppression import Grid, determined, primary, published, suppress, suppress_linked

THRESHOLD = 5


def test_a_count_below_the_threshold_is_hidden_and_a_zero_is_shown() -> None:
    grid = Grid.of([[3, 0, 12], [7, 9, 10]])
    hidden = suppress(grid, THRESHOLD)
    shown = published(grid, hidden)
    assert shown[0][0] is None
    assert shown[0][1] == 0


def test_the_hidden_three_cannot_be_worked_out_from_the_totals() -> None:
    grid = Grid.of([[3, 8, 12], [7, 9, 10]])
    hidden = suppress(grid, THRESHOLD)
    assert (0, 0) in hidden
    assert len([cell for cell in hidden if cell[0] == 0]) >= 2  # a second cell on its row
    assert len([cell for cell in hidden if cell[1] == 0]) >= 2  # and on its column
    assert _recomputable(grid, hidden) == set()


def test_a_table_without_small_counts_is_shown_whole() -> None:
    grid = Grid.of([[30, 8, 12], [7, 9, 10]])
    assert suppress(grid, THRESHOLD) == set()


def test_a_small_total_is_hidden_with_what_would_give_it_away() -> None:
    grid = Grid.of([[2, 1], [20, 30]])
    hidden = suppress(grid, THRESHOLD)
    assert {(0, 0), (0, 1), (0, 2)} <= hidden
    assert _recomputable(grid, hidden) == set()


def test_linked_tables_hide_a_shared_total_in_both() -> None:
    # The same people by wijk and by team: the column totals (per law) and the grand total are in both tables.
    by_wijk = Grid.of([[3, 20], [10, 30]])
    by_team = Grid.of([[1, 25], [12, 25]])
    shared = [[(2, 0), (2, 1), (2, 2)], [(2, 0), (2, 1), (2, 2)]]
    hidden_wijk, hidden_team = suppress_linked([by_wijk, by_team], THRESHOLD, shared)
    for cell in shared[0]:
        assert (cell in hidden_wijk) == (cell in hidden_team)
    assert _recomputable(by_wijk, hidden_wijk) == set()
    assert _recomputable(by_team, hidden_team) == set()


tables = st.integers(1, 4).flatmap(
    lambda rows: st.integers(1, 4).flatmap(
        lambda columns: st.lists(
            st.lists(st.integers(0, 15), min_size=columns, max_size=columns), min_size=rows, max_size=rows
        )
    )
)


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_hidden_cell_can_be_recomputed_from_everything_the_table_shows(cells: list[list[int]]) -> None:
    grid = Grid.of(cells)
    hidden = suppress(grid, THRESHOLD)
    assert primary(grid, THRESHOLD) <= hidden
    assert _recomputable(grid, hidden) == set()
    assert all(grid.values[i][j] > 0 for i, j in hidden - primary(grid, THRESHOLD)) or _only_zeros_were_left(grid)


@settings(max_examples=150, deadline=None)
@given(tables.flatmap(lambda cells: st.tuples(st.just(cells), _same_column_totals(cells))))
def test_no_hidden_cell_can_be_recomputed_across_two_views_of_the_same_period(pair: tuple) -> None:
    first, second = Grid.of(pair[0]), Grid.of(pair[1])
    rows_first, columns = first.shape
    rows_second = second.shape[0]
    shared = [[(rows_first - 1, j) for j in range(columns)], [(rows_second - 1, j) for j in range(columns)]]
    hidden_first, hidden_second = suppress_linked([first, second], THRESHOLD, shared)
    # The attacker stacks both tables: the shared totals are one unknown when hidden, one constant when shown.
    assert _recomputable_linked(first, hidden_first, second, hidden_second) == set()


@settings(max_examples=300, deadline=None)
@given(
    tables.flatmap(lambda cells: st.tuples(st.just(cells), st.sets(st.tuples(st.integers(0, 4), st.integers(0, 4)))))
)
def test_the_fast_search_for_recomputable_cells_agrees_with_solving_the_equations(pair: tuple) -> None:
    grid = Grid.of(pair[0])
    rows, columns = grid.shape
    hidden = {(i, j) for i, j in pair[1] if i < rows and j < columns}
    assert determined(grid, hidden) == _fixed_by_elimination(grid, hidden)


def _fixed_by_elimination(grid: Grid, hidden: set) -> set:
    """The hidden cells every solution of the line equations agrees on (row reduction over the fractions)."""
    unknowns = sorted(hidden)
    index = {cell: k for k, cell in enumerate(unknowns)}
    matrix = []
    for *parts, total in grid.lines():
        row = [Fraction(0)] * len(unknowns)
        for cell in parts:
            if cell in index:
                row[index[cell]] += 1
        if total in index:
            row[index[total]] -= 1
        matrix.append(row)
    pivots: dict[int, int] = {}
    for column in range(len(unknowns)):
        found = next((r for r in range(len(pivots), len(matrix)) if matrix[r][column] != 0), None)
        if found is None:
            continue
        top = len(pivots)
        matrix[top], matrix[found] = matrix[found], matrix[top]
        matrix[top] = [value / matrix[top][column] for value in matrix[top]]
        for other in range(len(matrix)):
            if other != top and matrix[other][column] != 0:
                factor = matrix[other][column]
                matrix[other] = [a - factor * b for a, b in zip(matrix[other], matrix[top], strict=True)]
        pivots[column] = top
    free = [k for k in range(len(unknowns)) if k not in pivots]
    return {unknowns[c] for c, r in pivots.items() if all(matrix[r][k] == 0 for k in free)}


def _same_column_totals(cells: list[list[int]]) -> st.SearchStrategy[list[list[int]]]:
    """Another breakdown of the same people: the same total per column, split over 1 to 3 other rows."""
    columns = list(zip(*cells, strict=True))

    def split(total: int, parts: int) -> st.SearchStrategy[list[int]]:
        return st.lists(st.integers(0, total), min_size=parts - 1, max_size=parts - 1).map(
            lambda cuts: [b - a for a, b in zip([0, *sorted(cuts)], [*sorted(cuts), total], strict=True)]
        )

    return st.integers(1, 3).flatmap(
        lambda parts: st.tuples(*(split(sum(column), parts) for column in columns)).map(
            lambda split_columns: [list(row) for row in zip(*split_columns, strict=True)]
        )
    )


def _only_zeros_were_left(grid: Grid) -> bool:
    return any(all(value == 0 for value in row[:-1]) for row in grid.values)


# --- The attacker: knows every shown figure, that each line adds up, and that counts are never negative ---------


def _recomputable(grid: Grid, hidden: set) -> set:
    return _attack([(grid, hidden, "a")], links=[])


def _recomputable_linked(first: Grid, hidden_first: set, second: Grid, hidden_second: set) -> set:
    rows_first, columns = first.shape
    rows_second = second.shape[0]
    links = [(("a", (rows_first - 1, j)), ("b", (rows_second - 1, j))) for j in range(columns)]
    return _attack([(first, hidden_first, "a"), (second, hidden_second, "b")], links)


def _attack(tables: list, links: list) -> set:
    """Hidden cells whose value follows from the published figures (exactly, or because all other values would
    need a negative count). Written apart from the module: membership of e_k in the row space, by ranks."""
    unknowns = sorted({(name, cell) for grid, hidden, name in tables for cell in hidden})
    column = {unknown: k for k, unknown in enumerate(unknowns)}
    for a, b in links:  # a shared total is one quantity, seen in two tables
        if a in column and b in column:
            column[b] = column[a]
    width = len(unknowns)
    rows: list[list[Fraction]] = []
    values: dict[int, int] = {}
    for grid, hidden, name in tables:
        for line in grid.lines():
            *parts, total = line
            row = [Fraction(0)] * width
            for cell in parts:
                if cell in hidden:
                    row[column[(name, cell)]] += 1
            if total in hidden:
                row[column[(name, total)]] -= 1
            if any(row):
                rows.append(row)
        for cell in hidden:
            values[column[(name, cell)]] = grid.values[cell[0]][cell[1]]
    for a, b in links:
        if (a in column) != (b in column):  # hidden in one table, shown in the other: given away
            hidden_one = a if a in column else b
            rows.append([Fraction(1 if k == column[hidden_one] else 0) for k in range(width)])
    base = _rank(rows, width)
    found = set()
    for unknown in unknowns:
        k = column[unknown]
        unit = [Fraction(1 if j == k else 0) for j in range(width)]
        if _rank([*rows, unit], width) == base:
            found.add(unknown)
        elif not _can_move(rows, width, k, values):
            found.add(unknown)
    return {cell for _name, cell in found} if len(tables) == 1 else found


def _rank(matrix: list[list[Fraction]], width: int) -> int:
    rows = [list(row) for row in matrix]
    rank = 0
    for column in range(width):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][column] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][column] != 0:
                factor = rows[r][column] / rows[rank][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank], strict=True)]
        rank += 1
    return rank


def _can_move(rows: list[list[Fraction]], width: int, k: int, values: dict[int, int]) -> bool:
    """Is there another non-negative integer solution with a different value at k? Tries the integer kernel
    vectors through k built from single free variables, in both directions."""
    reduced = [list(row) for row in rows]
    pivots: dict[int, int] = {}
    rank = 0
    for column in range(width):
        pivot = next((r for r in range(rank, len(reduced)) if reduced[r][column] != 0), None)
        if pivot is None:
            continue
        reduced[rank], reduced[pivot] = reduced[pivot], reduced[rank]
        lead = reduced[rank][column]
        reduced[rank] = [value / lead for value in reduced[rank]]
        for r in range(len(reduced)):
            if r != rank and reduced[r][column] != 0:
                factor = reduced[r][column]
                reduced[r] = [a - factor * b for a, b in zip(reduced[r], reduced[rank], strict=True)]
        pivots[column] = rank
        rank += 1
    for free in (column for column in range(width) if column not in pivots):
        vector = [Fraction(0)] * width
        vector[free] = Fraction(1)
        for column, row in pivots.items():
            vector[column] = -reduced[row][free]
        if vector[k] == 0:
            continue
        scale = 1
        for entry in vector:
            scale = scale * entry.denominator // _gcd(scale, entry.denominator)
        step = [int(entry * scale) for entry in vector]
        for sign in (1, -1):
            if all(values[j] + sign * step[j] >= 0 for j in range(width) if j in values):
                return True
    return False


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a
