"""A monitor table of figures that are not counts (shares, medians): texts computed beside a count table.

It has the interface of `PublishedTable` (page, CSV, XLSX) but no count of its own: `value` is always None, so
the exports write its texts as text and the page draws no bar chart of it. Each indicator decides which texts it
may show (docs/monitor.md): a share or a median only over a group whose count is shown and not small.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.formats import number_format

from monitor.suppression import Cell, Grid
from monitor.tables import PublishedTable

#: Shown instead of a figure that is hidden because its group is hidden or too small.
HIDDEN = "–"


@dataclass(frozen=True)
class FigureTable(PublishedTable):
    """`texts[i][j]`: row i (the last one is the totals row), column j; the last column is headed `last_header`."""

    texts: Sequence[Sequence[str]] = field(default_factory=tuple)
    last_header: str = ""

    @classmethod
    def of(cls, texts: Sequence[Sequence[str]], **kwargs: object) -> "FigureTable":
        """A table whose `grid` only gives the shape (rows and columns) of the texts."""
        shape = [[0] * (len(texts[0]) - 1) for _row in texts[:-1]] or [[0] * (len(texts[0]) - 1)]
        return cls(grid=Grid.of(shape), hidden=frozenset(), texts=texts, **kwargs)  # type: ignore[arg-type]

    def value(self, cell: Cell) -> int | None:
        return None

    def text(self, cell: Cell) -> str:
        return self.texts[cell[0]][cell[1]]

    @property
    def header(self) -> list[str]:
        return [
            self.row_header,
            *self.column_labels,
            self.last_header,
            *self.figure_columns,
        ]


def percentage(part: int, whole: int) -> str:
    return f"{number_format(round(100 * part / whole), 0)}%"
