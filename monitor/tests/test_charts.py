"""The monitor's charts: a bar per row, stacked by column; hidden cells only as their row's sum, which the table
already gives away (row total minus the shown cells), never one by one."""

from monitor.suppression import Grid, suppress
from monitor.tables import PublishedTable
from monitor.views import _chart


def _table(cells: list[list[int]], hidden: frozenset[tuple[int, int]] | None = None) -> PublishedTable:
    grid = Grid.of(cells)
    return PublishedTable(
        key="proef",
        title="Proef",
        row_header="Wijk",
        row_labels=["Noord", "Zuid"],
        column_labels=["Zelf", "Huisarts", "School"],
        grid=grid,
        hidden=suppress(grid, 5) if hidden is None else hidden,
        threshold=5,
    )


def test_each_row_is_stacked_in_column_order_and_adds_up_to_its_total() -> None:
    segments = _table([[10, 20, 30], [6, 7, 8]]).chart_segments()
    assert [(s["rij"], s["kolom"], s["aantal"]) for s in segments] == [
        ("Noord", "Zelf", 10),
        ("Noord", "Huisarts", 20),
        ("Noord", "School", 30),
        ("Zuid", "Zelf", 6),
        ("Zuid", "Huisarts", 7),
        ("Zuid", "School", 8),
    ]


def test_hidden_cells_are_one_grey_part_per_row_never_a_cell_of_their_own() -> None:
    table = _table([[3, 20, 30], [2, 7, 8]])
    hidden_cells = {(0, 0), (1, 0)}
    assert hidden_cells <= table.hidden
    segments = table.chart_segments()
    drawn = {(s["rij"], s["kolom"]): s["aantal"] for s in segments}
    for row, label in enumerate(["Noord", "Zuid"]):
        total = table.value((row, 3))
        if total is None:
            assert not any(s["rij"] == label for s in segments)
            continue
        assert sum(a for (r, _k), a in drawn.items() if r == label) == total
        shown = [table.value((row, j)) for j in range(3)]
        assert drawn.get((label, "verborgen (kleine aantallen)"), 0) == total - sum(v for v in shown if v is not None)
        for j, column in enumerate(["Zelf", "Huisarts", "School"]):
            if (row, j) in table.hidden:
                assert (label, column) not in drawn


def test_a_row_whose_total_is_hidden_is_not_drawn() -> None:
    table = _table([[10, 20, 30], [1, 1, 1]])
    assert (1, 3) in table.hidden
    assert "Zuid" not in {s["rij"] for s in table.chart_segments()}


def test_the_chart_is_one_labelled_image_with_a_legend() -> None:
    svg = _chart(_table([[10, 20, 30], [6, 7, 8]]))
    assert svg.startswith("<svg") and 'role="img"' in svg and 'aria-labelledby="titel-proef uitleg-proef"' in svg
    assert "Huisarts" in svg and "School" in svg
