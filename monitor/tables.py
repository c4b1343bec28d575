"""A table as the monitor publishes it: counts with their totals, the small ones shown as "< 5"."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from monitor.suppression import Cell, Grid


@dataclass(frozen=True)
class PublishedTable:
    """Rows by (for example) wijk, columns by (for example) route; the last row and column are the totals."""

    key: str
    title: str
    row_header: str
    row_labels: Sequence[str]
    column_labels: Sequence[str]
    grid: Grid
    hidden: frozenset[Cell]
    threshold: int
    #: Row indexes to show (a filtered view shows some rows of the table the whole municipality sees).
    shown_rows: Sequence[int] | None = None
    notes: Sequence[str] = field(default_factory=tuple)
    #: Columns beside the totals that are not counts (per 1,000 residents, a share): one header each, and per grid
    #: row (the totals row last) one text per column, "–" where the figure is hidden. Each is a cell of its own on
    #: the page and in the exports (a number in the XLSX where it is one).
    figure_headers: Sequence[str] = field(default_factory=tuple)
    figures: Sequence[Sequence[str]] = field(default_factory=tuple)
    #: One such column in the older form (header, one text per row): still read, shown before `figure_headers`.
    extra_header: str = ""
    extra: Sequence[str] = field(default_factory=tuple)

    def value(self, cell: Cell) -> int | None:
        return None if cell in self.hidden else self.grid.values[cell[0]][cell[1]]

    def text(self, cell: Cell) -> str:
        value = self.value(cell)
        return (
            _("< %(threshold)s") % {"threshold": self.threshold}
            if value is None
            else number_format(value, force_grouping=True)
        )

    @property
    def header(self) -> list[str]:
        return [self.row_header, *self.column_labels, _("Totaal"), *self.figure_columns]

    @property
    def figure_columns(self) -> list[str]:
        """The headers of the columns that are not counts, in the order `figure_texts` gives their cells."""
        return [*([self.extra_header] if self.extra_header else []), *self.figure_headers]

    def figure_texts(self, row: int) -> list[str]:
        """The texts of the figure columns of a grid row ("" where the indicator gave none)."""
        texts = []
        if self.extra_header:
            texts.append(self.extra[row] if row < len(self.extra) else "")
        given = self.figures[row] if row < len(self.figures) else ()
        texts += [given[k] if k < len(given) else "" for k in range(len(self.figure_headers))]
        return texts

    def rows(self) -> list[int]:
        """The grid rows shown: the scope's rows, or every row and then the totals row (the whole table)."""
        rows = list(range(len(self.row_labels)) if self.shown_rows is None else self.shown_rows)
        if self.shown_rows is None:
            rows.append(len(self.row_labels))
        return rows

    def label(self, row: int) -> str:
        return self.row_labels[row] if row < len(self.row_labels) else _("Totaal")

    def body(self) -> list[tuple[str, list[str]]]:
        """(row label, cell texts) for the rows shown, then the totals row (when the whole table is shown)."""
        columns = len(self.column_labels) + 1
        body = []
        for i in self.rows():
            label = self.label(i)
            body.append((label, [*(self.text((i, j)) for j in range(columns)), *self.figure_texts(i)]))
        return body

    def chart_values(self) -> list[dict[str, object]]:
        """The row totals that are shown and above zero (never a hidden one), for a bar chart beside the table:
        the cells themselves are too often hidden in a small area to draw them."""
        rows = range(len(self.row_labels)) if self.shown_rows is None else self.shown_rows
        total = len(self.column_labels)
        return [
            {"rij": self.row_labels[i], "aantal": value}
            for i in rows
            if (value := self.value((i, total))) is not None and value > 0
        ]

    def chart_segments(self) -> list[dict[str, object]]:
        """The shown cells of each charted row (see chart_values) as stacked segments in column order, and what the
        row's hidden cells add up to as one grey segment "verborgen". That sum is no news: the table shows the row
        total and the other cells, so a reader can subtract; no single hidden cell is drawn."""
        rows = range(len(self.row_labels)) if self.shown_rows is None else self.shown_rows
        total, hidden_label = len(self.column_labels), _("verborgen (kleine aantallen)")
        segments: list[dict[str, object]] = []
        for i in rows:
            row_total = self.value((i, total))
            if row_total is None or row_total <= 0:
                continue
            shown = 0
            for j, column in enumerate(self.column_labels):
                value = self.value((i, j))
                if value:
                    segments.append({"rij": self.row_labels[i], "kolom": column, "aantal": value, "volgorde": j})
                    shown += value
            if row_total > shown:
                segments.append(
                    {"rij": self.row_labels[i], "kolom": hidden_label, "aantal": row_total - shown, "volgorde": total}
                )
        return segments
