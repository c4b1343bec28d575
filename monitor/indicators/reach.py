"""Indicator 2, reach by group: residents in a household with a dossier in the period, against the population, by
age band and household type, per wijk (docs/monitor.md).

"In the period" is "at any moment": a dossier counts when it was open on some day of the period (opened before its
end, not closed before its start). A resident counts once per period however many dossiers touched him, so the
counts are made per period the filter offers at rebuild time (monitor.spans), not summed from months.
"""

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from django.db.models import Sum
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dossiers.models import Dossier
from monitor.indicators import Indicator, Request
from monitor.models import AgeBand, MonitorFact, age_band
from monitor.spans import MonthRange, PeriodIndex, merged, month_index
from monitor.suppression import Cell, Grid
from monitor.suppression_cache import suppress_linked
from monitor.tables import PublishedTable
from organisation.models import Wijk
from residents.models import HuishoudenLid, HuishoudenType, Inwoner

KEY = "bereik"
POPULATION = "bereik-bevolking"
TITLE = gettext_lazy("Bereik: wie de teams bereiken, naar groep")
EXPLANATION = gettext_lazy(
    "Hoeveel inwoners in deze periode in een huishouden met een dossier zaten, naar leeftijd en soort huishouden, "
    "per wijk, en hoeveel dat is per 1.000 inwoners van die groep. Een dossier telt als het op een dag in de "
    "periode open was. Een hoog cijfer is niet vanzelf goed en een laag niet vanzelf slecht: het laat zien voor "
    "wie de teams er zijn, en voor wie misschien niet."
)
UNKNOWN_TYPE = ""


def _current_household_types() -> dict[int, str]:
    """Per resident the type of the current household (the oldest membership that has not ended), read in one pass:
    as a subquery per row it ran once for each of the 700,000 members of a household with a dossier and each of the
    1,000,000 residents, most of the rebuild's time at city size."""
    types: dict[int, str] = {}
    same = {kind: kind for kind in HuishoudenType.values}  # one string per type, not one per resident
    memberships = (
        HuishoudenLid.objects.filter(end__isnull=True).order_by("-pk").values_list("inwoner_id", "huishouden__type")
    )
    for inwoner, kind in memberships.iterator(chunk_size=10000):
        types[inwoner] = same.get(kind, kind)  # newest first: the oldest membership is written last
    return types


def _month(value: object) -> int:
    day = value.date() if hasattr(value, "date") else value
    assert isinstance(day, date)
    return month_index(day)


def build(today: date) -> list[MonitorFact]:
    """Reached residents per offered period × wijk × age band × household type, and the population per group."""
    index = PeriodIndex(today)
    now = month_index(today)
    types = _current_household_types()
    rows = (
        Dossier.objects.annotate(
            opened=TruncMonth("opened_at"),
            closed=TruncMonth("closed_at"),
            born=ExtractYear("huishouden__leden__inwoner__geboortedatum"),
        )
        .values_list(
            "huishouden__leden__inwoner_id",
            "huishouden__leden__inwoner__buurt__wijk_id",
            "born",
            "opened",
            "closed",
            "huishouden__leden__start",
            "huishouden__leden__end",
        )
        .order_by("huishouden__leden__inwoner_id")
    )
    people: Counter[tuple[tuple[int | None, str, str], tuple[MonthRange, ...]]] = Counter()
    current: int | None = None
    group: tuple[int | None, str, str] = (None, "", "")
    ranges: list[MonthRange] = []
    for inwoner, wijk, born, opened, closed, joined, left in rows.iterator(chunk_size=5000):
        if inwoner is None:  # a household without members
            continue
        if inwoner != current:
            if ranges:
                people[(group, merged(ranges))] += 1
            current, ranges = inwoner, []
            group = (wijk, age_band(today.year - born), types.get(inwoner) or UNKNOWN_TYPE)
        first, last = _month(opened), now if closed is None else _month(closed)
        # A member counts for the months of the dossier in which he belonged to the household.
        if joined is not None:
            first = max(first, month_index(joined))
        if left is not None:
            last = min(last, month_index(left))
        if first <= last:
            ranges.append((first, last))
    if ranges:
        people[(group, merged(ranges))] += 1
    facts = [
        MonitorFact(
            indicator=KEY,
            month=index.starts[key],
            wijk_id=wijk,
            category=f"{band}|{kind}",
            detail=key,
            value=n,
        )
        for ((wijk, band, kind), key), n in index.by_period(people).items()
    ]
    return facts + _population(today, types)


def _population(today: date, types: dict[int, str]) -> list[MonitorFact]:
    residents = Inwoner.objects.annotate(born=ExtractYear("geboortedatum")).values_list("pk", "buurt__wijk_id", "born")
    counts: Counter[tuple[int | None, str, str]] = Counter()
    for inwoner, wijk, born in residents.order_by().iterator(chunk_size=10000):
        counts[(wijk, age_band(today.year - born), types.get(inwoner) or UNKNOWN_TYPE)] += 1
    return [
        MonitorFact(indicator=POPULATION, month=None, wijk_id=wijk, category=band, detail=kind, value=n)
        for (wijk, band, kind), n in counts.items()
    ]


def _rates(
    grid: Grid, hidden: set[Cell], population: Sequence[Sequence[int]], rows: int, columns: int
) -> list[list[str]]:
    """Per row: per 1,000 residents of each column's group and of the row, "–" where the count is hidden (the rate
    and the population would give it back) or nobody lives in the group."""
    texts = []
    for i in range(rows + 1):
        parts = []
        for j in range(columns + 1):
            people = population[i][j]
            count = None if (i, j) in hidden else grid.values[i][j]
            parts.append(number_format(1000 * count / people, 1) if count is not None and people else "–")
        texts.append(parts)
    return texts


def tables(request: Request) -> list[PublishedTable]:
    period, threshold, scope = request.period, request.threshold, request.scope
    reached: dict[tuple[int | None, str, str], int] = defaultdict(int)
    for fact in (
        MonitorFact.objects.filter(indicator=KEY, month=period.start, detail=period.key)
        .values("wijk_id", "category")
        .annotate(n=Sum("value"))
        .order_by()
    ):
        band, _sep, kind = fact["category"].partition("|")
        reached[(fact["wijk_id"], band, kind)] += fact["n"]
    population: dict[tuple[int | None, str, str], int] = defaultdict(int)
    for fact in (
        MonitorFact.objects.filter(indicator=POPULATION)
        .values("wijk_id", "category", "detail")
        .annotate(n=Sum("value"))
        .order_by()
    ):
        population[(fact["wijk_id"], fact["category"], fact["detail"])] += fact["n"]
    wijk_rows: list[tuple[int | None, str]] = list(Wijk.objects.order_by("name").values_list("pk", "name"))
    if any(wijk is None for wijk, _b, _k in [*reached, *population]):
        wijk_rows.append((None, _("Adres onbekend")))
    bands = [(band.value, str(band.label)) for band in AgeBand]
    kinds = [(kind.value, str(kind.label)) for kind in HuishoudenType]
    if any(kind == UNKNOWN_TYPE for _w, _b, kind in [*reached, *population]):
        kinds.append((UNKNOWN_TYPE, _("Geen huishouden bekend")))

    def cells(source: dict[tuple[int | None, str, str], int], by_band: bool) -> list[list[int]]:
        columns = bands if by_band else kinds
        table = [[0] * len(columns) for _row in wijk_rows]
        position = {wijk: i for i, (wijk, _name) in enumerate(wijk_rows)}
        column = {code: j for j, (code, _label) in enumerate(columns)}
        for (wijk, band, kind), n in source.items():
            table[position[wijk]][column[band if by_band else kind]] += n
        return table or [[0] * len(columns)]

    band_grid, kind_grid = Grid.of(cells(reached, True)), Grid.of(cells(reached, False))
    band_people, kind_people = Grid.of(cells(population, True)), Grid.of(cells(population, False))
    # The two tables share each wijk's total and the grand total: suppressed together.
    shared = [
        [(i, len(bands)) for i in range(len(wijk_rows) + 1)],
        [(i, len(kinds)) for i in range(len(wijk_rows) + 1)],
    ]
    hidden_band, hidden_kind = suppress_linked([band_grid, kind_grid], threshold, shared)
    shown = scope.wijk_rows(wijk_rows)
    result = []
    for key, title, labels, grid, people, hidden in (
        ("leeftijd", _("Bereikte inwoners per wijk en leeftijd"), bands, band_grid, band_people, hidden_band),
        ("huishouden", _("Bereikte inwoners per wijk en soort huishouden"), kinds, kind_grid, kind_people, hidden_kind),
    ):
        names = [label for _code, label in labels]
        table = PublishedTable(
            key=f"{KEY}-{key}",
            title=title,
            row_header=_("Wijk"),
            row_labels=[name for _pk, name in wijk_rows],
            column_labels=names,
            grid=grid,
            hidden=frozenset(hidden),
            threshold=threshold,
            figure_headers=[
                _("Per 1.000 inwoners: %(group)s") % {"group": name.lower()} for name in [*names, _("Totaal")]
            ],
            figures=_rates(grid, hidden, people.values, len(wijk_rows), len(labels)),
        )
        result.append(table if shown is None else replace(table, shown_rows=shown))
    return result


INDICATOR = Indicator(number=2, key=KEY, title=TITLE, explanation=EXPLANATION, tables=tables)
