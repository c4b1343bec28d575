"""Suppression of a count split three ways (law × wijk × route): no hidden cell can be worked out from every
two-way table the monitor publishes of it together, filtered and unfiltered (monitor.cubes)."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.cubes import Cell3, Cube, determined, suppress_cubes
from monitor.tests.test_suppression import _can_move, _rank

THRESHOLD = 5


def test_a_law_table_cannot_give_away_a_cell_hidden_in_another_law_table() -> None:
    # Two laws × two wijken × two routes: Wmo has 3 in Noord by huisarts; the total table and the Jeugdwet table
    # would give it back if only the Wmo table were suppressed.
    cube = Cube.of([[[3, 10], [9, 12]], [[20, 7], [8, 30]]])
    (hidden,) = suppress_cubes([cube], THRESHOLD)
    assert (0, 0, 0) in hidden
    assert _attack([(cube, hidden)], []) == set()
    # Not only inside the Wmo table: the same cell of the total table or of the Jeugdwet table is hidden too.
    assert {(1, 0, 0), (2, 0, 0)} & hidden


def test_a_cube_without_small_counts_is_shown_whole() -> None:
    cube = Cube.of([[[13, 10], [9, 12]], [[20, 7], [8, 30]]])
    assert suppress_cubes([cube], THRESHOLD) == [set()]


def test_the_margins_of_a_cube_are_its_two_way_tables() -> None:
    cube = Cube.of([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])
    assert cube.shape == (3, 3, 3)
    assert cube.plane(2).values == ((6, 8, 14), (10, 12, 22), (16, 20, 36)), "all laws: the unfiltered table"
    assert cube.value((0, 2, 2)) == 10 and cube.value((2, 2, 2)) == 36


def test_the_modular_check_finds_what_the_totals_give_away() -> None:
    # x + 5 = 8 on one line: x is fixed.
    assert determined([[0, 1, 2]], {0}) == {0}
    assert determined([[0, 1, 2]], {0, 1}) == set()
    assert determined([[0, 1, 2], [0, 3, 4]], {0, 1, 3}) == set()
    assert determined([[0, 1, 2], [1, 3, 4]], {0, 1}) == {0, 1}


counts = st.integers(0, 12)
sizes = st.integers(1, 3)
cubes = st.tuples(sizes, sizes, sizes).flatmap(
    lambda shape: st.lists(
        st.lists(st.lists(counts, min_size=shape[2], max_size=shape[2]), min_size=shape[1], max_size=shape[1]),
        min_size=shape[0],
        max_size=shape[0],
    )
)


@settings(max_examples=200, deadline=None)
@given(cubes)
def test_no_hidden_cell_of_a_cube_can_be_worked_out_from_all_its_tables(cells: list) -> None:
    cube = Cube.of(cells)
    (hidden,) = suppress_cubes([cube], THRESHOLD)
    assert {cell for cell in cube.cells() if 0 < cube.value(cell) < THRESHOLD} <= hidden
    assert _attack([(cube, hidden)], []) == set()


def _regrouped(cells: list) -> st.SearchStrategy[list]:
    """The same meldingen by law × team × route: per law and route the same total, split over 1 to 3 teams."""
    laws, routes = len(cells), len(cells[0][0])

    def split(total: int, parts: int) -> st.SearchStrategy[list[int]]:
        return st.lists(st.integers(0, total), min_size=parts - 1, max_size=parts - 1).map(
            lambda cuts: [b - a for a, b in zip([0, *sorted(cuts)], [*sorted(cuts), total], strict=True)]
        )

    def cube(parts: int) -> st.SearchStrategy[list]:
        totals = [[sum(row[r] for row in cells[law]) for r in range(routes)] for law in range(laws)]
        pieces = st.tuples(*(split(totals[law][r], parts) for law in range(laws) for r in range(routes)))
        return pieces.map(
            lambda flat: [[[flat[law * routes + r][team] for r in range(routes)] for team in range(parts)]
                          for law in range(laws)]
        )  # fmt: skip

    return st.integers(1, 3).flatmap(cube)


@settings(max_examples=40, deadline=None)
@given(cubes.flatmap(lambda cells: st.tuples(st.just(cells), _regrouped(cells))))
def test_no_hidden_cell_can_be_worked_out_across_the_wijk_and_the_team_tables_of_every_law(pair: tuple) -> None:
    by_wijk, by_team = Cube.of(pair[0]), Cube.of(pair[1])
    laws, wijken, routes = by_wijk.shape
    teams = by_team.shape[1]
    shared = [[(0, (a, wijken - 1, c)), (1, (a, teams - 1, c))] for a in range(laws) for c in range(routes)]
    hidden_wijk, hidden_team = suppress_cubes([by_wijk, by_team], THRESHOLD, shared)
    for group in shared:
        assert (group[0][1] in hidden_wijk) == (group[1][1] in hidden_team)
    assert _attack([(by_wijk, hidden_wijk), (by_team, hidden_team)], shared) == set()


# --- The attacker: every shown figure of every table, every line adds up, counts are never negative -------------


def _attack(cubes: list[tuple[Cube, set[Cell3]]], shared: list) -> set:
    """Hidden cells whose value follows from the published figures, with exact fractions (test_suppression)."""
    unknowns = sorted({(t, cell) for t, (_cube, hidden) in enumerate(cubes) for cell in hidden})
    column = {unknown: k for k, unknown in enumerate(unknowns)}
    for group in shared:
        in_column = [member for member in group if member in column]
        for member in in_column[1:]:
            column[member] = column[in_column[0]]
    width = len(unknowns)
    rows: list[list[Fraction]] = []
    values: dict[int, int] = {}
    for t, (cube, hidden) in enumerate(cubes):
        for line in cube.lines():
            *parts, total = line
            row = [Fraction(0)] * width
            for cell in parts:
                if cell in hidden:
                    row[column[(t, cell)]] += 1
            if total in hidden:
                row[column[(t, total)]] -= 1
            if any(row):
                rows.append(row)
        for cell in hidden:
            values[column[(t, cell)]] = cube.value(cell)
    for group in shared:
        if 0 < len([member for member in group if member in column]) < len(group):  # hidden here, shown there
            member = next(member for member in group if member in column)
            rows.append([Fraction(1 if k == column[member] else 0) for k in range(width)])
    base = _rank(rows, width)
    found = set()
    for unknown in unknowns:
        k = column[unknown]
        unit = [Fraction(1 if j == k else 0) for j in range(width)]
        if _rank([*rows, unit], width) == base or not _can_move(rows, width, k, values):
            found.add(unknown)
    return found
