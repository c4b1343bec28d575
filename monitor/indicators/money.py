"""Indicator 9, geld: what the maatwerk costs per law, wijk and team, against the wijkbudget; the schaduwbudget;
the teams' vrij besteedbaar budget (docs/monitor.md).

Four sources, each read with one GROUP BY at rebuild:

* **beschikt**: the granted products of final beschikkingen that no final beschikking replaced, their
  `estimated_amount` (tariff × omvang × period, stored when the decision was prepared), in the month the product
  starts (without a start: the month the beschikking was sent);
* **toegewezen**: the allocations (toewijzingen, not withdrawn) × the tariff of the voorziening valid on their
  first day × omvang × the periods they run (the same rule as `decisions.services.estimate_amount`), in the month
  they start;
* **schaduwbudget**: of those allocations, the second line: the ones the team did not decide on (allocated on a
  provider's request after a referral by a huisarts, jeugdarts or medisch specialist, no beschikking) and the
  specialist products (`SPECIALIST_CATEGORIES`), per wijk of the resident;
* **vrij besteedbaar**: the spends from the team budgets, in the month spent, against the team's budget of the year.

A sum over a few households gives away what one household's care costs. So next to the amounts the rebuild counts
the households behind every cell and every total (once per offered period, like reach: households cannot be summed
from months), the count grid is suppressed like any count table (the whole municipality first, a wijk and a team
table together), and an amount is shown only where its count is shown. The amounts' totals obey the same sums as
the counts, so a hidden amount cannot be worked out from the totals either.
"""

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from django.db.models import Case, IntegerField, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from allocations.models import DeliveryStatus, Toewijzing
from catalogue.codes import Frequency, Law, Unit
from catalogue.models import Tarief
from decisions.models import Beschikking, BeschikkingRegel, BeschikkingStatus, BudgetSpend, TeamBudget, WijkBudget
from decisions.services import periods_in
from monitor.figures import HIDDEN
from monitor.indicators import Indicator, Request
from monitor.models import MonitorFact
from monitor.spans import PeriodIndex, month_index
from monitor.suppression import Cell, Grid
from monitor.suppression_cache import suppress, suppress_linked
from monitor.tables import PublishedTable
from organisation.models import Team, Wijk

KEY = "geld"
DECIDED, ALLOCATED, SHADOW, FREE = "geld-beschikt", "geld-toegewezen", "geld-schaduw", "geld-vrij"
SOURCES = (DECIDED, ALLOCATED, SHADOW, FREE)
#: The fact with the households behind the amounts of a source is the source's name with this suffix.
HOUSEHOLDS = "-huishoudens"
LAWS: tuple[str, ...] = (Law.WMO.value, Law.JEUGDWET.value, Law.PARTICIPATIEWET.value)
REFERRED, SPECIALIST = "verwijzer", "specialistisch"
SPENT = "besteed"
#: The households of a whole row or a whole column (a margin of the table).
ALL = "*"
WIJK, TEAM, MUNICIPALITY = "wijk", "team", "gemeente"
#: Product categories of second-line care (catalogue/codes.py): youth care with a stay (with or without
#: treatment, pleegzorg), crisis, the justice frame, specialist and youth mental health care, care bought
#: nationally; under the Wmo: beschermd wonen and opvang. Ambulant youth care, basis-ggz and the Wmo's home
#: support are the first line the team arranges itself.
SPECIALIST_CATEGORIES = frozenset({"43", "44", "46", "47", "48", "49", "52", "53", "54", "55", "15", "16", "17", "18"})
FINAL = (BeschikkingStatus.VASTGESTELD, BeschikkingStatus.VERZONDEN)

TITLE = gettext_lazy("Geld: beschikt, toegewezen, wijkbudget en schaduwbudget")
EXPLANATION = gettext_lazy(
    "Wat het maatwerk kost, per wet, per wijk waar de inwoner woont en per team. Beschikt: het bedrag van de "
    "toegekende producten (tarief × omvang × looptijd), geteld in de maand dat het product ingaat. Toegewezen: wat "
    "aan aanbieders is toegewezen, met het tarief van dat moment. Het wijkbudget is het bedrag dat de gemeente voor "
    "de wijk heeft ingesteld. Het schaduwbudget laat het team zien wat zorg in de tweede lijn kost voor inwoners van "
    "de wijk: zorg na een verwijzing door bijvoorbeeld de huisarts, en specialistische zorg. Bedragen in hele euro's. "
    "Een bedrag van minder dan 5 huishoudens staat er als “–”, net als bedragen waarmee je het zou kunnen uitrekenen."
)


# --- Rebuild ---------------------------------------------------------------------------------------------------


class _Tally:
    """The amounts of one source per month and cell, and the households behind each cell and total per period.

    Rows are added per household and month; the households are gathered per month and cell first and only then
    merged into the periods and totals (set unions in C rather than a Python step per household and period)."""

    def __init__(self, name: str, index: PeriodIndex, dimensions: tuple[str, ...] = (WIJK, TEAM)) -> None:
        self.name = name
        self.index = index
        #: The tables the source has (per wijk, per team); the whole municipality's totals always.
        self.dimensions = dimensions
        self.cents: Counter[tuple[date, int | None, int | None, str]] = Counter()
        self.groups: defaultdict[tuple[date, int | None, int | None, str], set[object]] = defaultdict(set)

    def _keys(self, month: date) -> tuple[str, ...]:
        return self.index.touched(((month_index(month), month_index(month)),))

    def add(self, household: object, month: date, wijk: int | None, team: int | None, column: str, cents: int) -> None:
        """One household's amount in a month; a month outside the offered periods is left out altogether, so
        every amount the page can sum has its households counted."""
        if not self._keys(month):
            return
        self.cents[(month, wijk, team, column)] += cents
        self.groups[(month, wijk, team, column)].add(household)

    def facts(self) -> list[MonitorFact]:
        households: defaultdict[tuple[str, str, int | None, str], set[object]] = defaultdict(set)
        for (month, wijk, team, column), members in self.groups.items():
            for key in self._keys(month):
                rows = {WIJK: wijk, TEAM: team}
                for dimension, row in [*((d, rows[d]) for d in self.dimensions), (MUNICIPALITY, None)]:
                    households[(key, dimension, row, column)].update(members)
                    households[(key, dimension, row, ALL)].update(members)
        facts = [
            MonitorFact(indicator=self.name, month=month, wijk_id=wijk, team_id=team, category=column, value=cents)
            for (month, wijk, team, column), cents in self.cents.items()
        ]
        facts += [
            MonitorFact(
                indicator=self.name + HOUSEHOLDS,
                month=self.index.starts[key],
                detail=key,
                category=f"{dimension}:{column}",
                wijk_id=row if dimension == WIJK else None,
                team_id=row if dimension == TEAM else None,
                value=len(members),
            )
            for (key, dimension, row, column), members in households.items()
        ]
        return facts


def _cents(amount: Decimal | int | None) -> int:
    return int((Decimal(amount or 0) * 100).to_integral_value())


def _decided(index: PeriodIndex) -> _Tally:
    tally = _Tally(DECIDED, index)
    # One list of the replaced ones (not a subquery per product: SQLite would scan the final beschikkingen for each).
    replaced = Beschikking.objects.filter(replaces__isnull=False, status__in=FINAL).values("replaces_id")
    rows = (
        BeschikkingRegel.objects.filter(granted=True, beschikking__status__in=FINAL)
        .exclude(beschikking_id__in=replaced)
        # The day, not TruncMonth: SQLite truncates through a Python function per row (a second at city size).
        .annotate(day=Coalesce("start", "beschikking__sent_on"))
        .filter(day__isnull=False)
        .values_list(
            "beschikking__aanvraag__dossier__huishouden_id",
            "day",
            "beschikking__aanvraag__inwoner__buurt__wijk_id",
            "beschikking__aanvraag__dossier__team_id",
            "voorziening__law",
        )
        .annotate(amount=Sum("estimated_amount"))
        .order_by()
    )
    for household, day, wijk, team, law, amount in rows.iterator(chunk_size=5000):
        tally.add(household, day.replace(day=1), wijk, team, law, _cents(amount))
    return tally


class _Tariffs:
    """The catalogue's prices (a few hundred rows at most), looked up per voorziening and day without a query."""

    def __init__(self) -> None:
        self._by_voorziening: dict[int, tuple[list[date], list[tuple[date | None, Decimal]]]] = {}
        rows = Tarief.objects.order_by("voorziening_id", "valid_from").values_list(
            "voorziening_id", "valid_from", "valid_to", "amount"
        )
        for voorziening, start, end, amount in rows:
            starts, prices = self._by_voorziening.setdefault(voorziening, ([], []))
            starts.append(start)
            prices.append((end, amount))

    def on(self, voorziening: int, day: date) -> Decimal | None:
        starts, prices = self._by_voorziening.get(voorziening, ([], []))
        position = bisect_right(starts, day) - 1
        if position < 0:
            return None
        end, amount = prices[position]
        return amount if end is None or day <= end else None


def allocated_cents(
    tariffs: _Tariffs, voorziening: int, law: str, unit: str, frequency: str, volume: int, start: date, end: date | None
) -> int:
    """Tariff (valid on the first day) × omvang × periods, as `decisions.services.estimate_amount` prices a
    beschikte product; without a tariff the allocation adds nothing (its households still count)."""
    periods = periods_in(frequency or Frequency.TOTAAL, start, end)
    if unit == Unit.EURO or law == Law.PARTICIPATIEWET:
        return _cents(Decimal(volume) * periods)
    price = tariffs.on(voorziening, start)
    return 0 if price is None else _cents(price * volume * periods)


def _allocations(index: PeriodIndex) -> tuple[_Tally, _Tally]:
    allocated, shadow = _Tally(ALLOCATED, index), _Tally(SHADOW, index, dimensions=(WIJK,))
    tariffs = _Tariffs()
    rows = (
        Toewijzing.objects.exclude(status=DeliveryStatus.INGETROKKEN)
        .annotate(decided=Case(When(regel__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .values_list(
            "dossier__huishouden_id",
            "inwoner_id",
            "inwoner__buurt__wijk_id",
            "dossier__team_id",
            "law",
            "voorziening_id",
            "voorziening__product_category",
            "unit",
            "frequency",
            "ingangsdatum",
            "einddatum",
            "stopped_on",
            "decided",
        )
        .annotate(volume=Sum("volume"))
        .order_by()
    )
    for household, inwoner, wijk, team, law, voorziening, category, unit, frequency, start, end, stopped, decided, volume in (
        rows.iterator(chunk_size=5000)
    ):  # fmt: skip
        if stopped is not None and (end is None or stopped < end):
            end = max(stopped, start)
        cents = allocated_cents(tariffs, voorziening, law, unit, frequency, volume or 0, start, end)
        # Without a dossier the resident stands for the household (another key space than the households').
        who = household if household is not None else ("inwoner", inwoner)
        month = start.replace(day=1)
        allocated.add(who, month, wijk, team, law, cents)
        if not decided:
            shadow.add(who, month, wijk, team, REFERRED, cents)
        elif category in SPECIALIST_CATEGORIES:
            shadow.add(who, month, wijk, team, SPECIALIST, cents)
    return allocated, shadow


def _spends(index: PeriodIndex) -> _Tally:
    tally = _Tally(FREE, index, dimensions=(TEAM,))
    rows = (
        BudgetSpend.objects.values_list("dossier__huishouden_id", "spent_on", "budget__team_id")
        .annotate(amount=Sum("amount"))
        .order_by()
    )
    for household, day, team, amount in rows.iterator(chunk_size=5000):
        tally.add(household, day.replace(day=1), None, team, SPENT, _cents(amount))
    return tally


def build(today: date) -> list[MonitorFact]:
    """Amounts per month × wijk × team × column, and households per offered period × row × column (and totals)."""
    index = PeriodIndex(today)
    facts = []
    for tally in (_decided(index), *_allocations(index), _spends(index)):
        facts += tally.facts()
    return facts


# --- Tables ----------------------------------------------------------------------------------------------------


def euros(value: int) -> str:
    return f"€ {number_format(value, force_grouping=True)}"


@dataclass(frozen=True)
class MoneyTable(PublishedTable):
    """Amounts in whole euros with their totals. A hidden amount reads "–": too few households behind it, or it
    would let someone work out one that is (the grid is the amounts', `hidden` comes from the households')."""

    def text(self, cell: Cell) -> str:
        value = self.value(cell)
        return HIDDEN if value is None else euros(value)


@dataclass
class _Source:
    """One source's figures for the period: euro cents per (row id, column), households per cell and total, and
    the rows of its tables per dimension."""

    cents: dict[str, defaultdict[tuple[int | None, str], int]] = field(
        default_factory=lambda: {WIJK: defaultdict(int), TEAM: defaultdict(int)}
    )
    households: dict[tuple[str, int | None, str], int] = field(default_factory=dict)
    rows: dict[str, list[tuple[int | None, str]]] = field(default_factory=dict)

    def has_unknown(self, dimension: str) -> bool:
        return any(row is None for row, _column in self.cents[dimension]) or any(
            d == dimension and row is None for d, row, _c in self.households
        )

    def grids(
        self, dimension: str, rows: Sequence[tuple[int | None, str]], columns: Sequence[str]
    ) -> tuple[Grid, Grid]:
        """(households, euros) for a table of `rows` × `columns`. The households' totals are the households behind
        the total, not the sum of the cells (one household can be in two cells); an amount without its households
        counted (which the rebuild never writes) counts as one household, so it is hidden."""
        amounts = [[round(self.cents[dimension][(pk, column)] / 100) for column in columns] for pk, _name in rows]
        money = Grid.of(amounts or [[0] * len(columns)])
        ids: list[int | None] = [pk for pk, _name in rows] or [None]
        keys = [(dimension, pk) for pk in ids] + [(MUNICIPALITY, None)]
        values = tuple(
            tuple(self._count(where, row, column, money.values[i][j]) for j, column in enumerate([*columns, ALL]))
            for i, (where, row) in enumerate(keys)
        )
        return Grid(values), money

    def _count(self, dimension: str, row: int | None, column: str, amount: int) -> int:
        found = self.households.get((dimension, row, column), 0)
        return max(found, 1) if amount else found


def _read(request: Request) -> dict[str, _Source]:
    """The four sources of the period: two queries for the figures, one each for the wijken and the teams."""
    period = request.period
    sources = {name: _Source() for name in SOURCES}
    amounts = (
        MonitorFact.objects.filter(indicator__in=SOURCES, month__gte=period.start, month__lt=period.end)
        .values_list("indicator", "wijk_id", "team_id", "category")
        .annotate(total=Sum("value"))
        .order_by()
    )
    for name, wijk, team, column, total in amounts:
        sources[name].cents[WIJK][(wijk, column)] += total
        sources[name].cents[TEAM][(team, column)] += total
    counted = MonitorFact.objects.filter(
        indicator__in=[name + HOUSEHOLDS for name in SOURCES], month=period.start, detail=period.key
    ).values_list("indicator", "category", "wijk_id", "team_id", "value")
    for name, category, wijk, team, value in counted:
        dimension, column = category.split(":", 1)
        sources[name.removesuffix(HOUSEHOLDS)].households[(dimension, wijk if dimension == WIJK else team, column)] = (
            value
        )
    wijken: list[tuple[int | None, str]] = list(Wijk.objects.order_by("name").values_list("pk", "name"))
    teams: list[tuple[int | None, str]] = list(Team.objects.wijkteams().order_by("name").values_list("pk", "name"))
    for source in sources.values():
        # "Adres onbekend" when an amount has no wijk, "zonder dossier" when an allocation has no dossier (team).
        source.rows[WIJK] = [*wijken, *([(None, _("Adres onbekend"))] if source.has_unknown(WIJK) else [])]
        source.rows[TEAM] = [*teams, *([(None, _("Zonder dossier"))] if source.has_unknown(TEAM) else [])]
    return sources


def _rows(source: _Source, dimension: str) -> list[tuple[int | None, str]]:
    return source.rows[dimension]


def _linked_tables(
    source: _Source, request: Request, key: str, titles: tuple[str, str], budgets: bool = False
) -> list[PublishedTable]:
    """A wijk table and a team table of one source by law: they share the totals per law, so they are suppressed
    together; a filtered view shows the scope's rows of both. With `budgets`, the wijk table has the wijkbudget."""
    wijk_rows, team_rows = _rows(source, WIJK), _rows(source, TEAM)
    wijk_counts, wijk_money = source.grids(WIJK, wijk_rows, LAWS)
    team_counts, team_money = source.grids(TEAM, team_rows, LAWS)
    shared = [
        [(wijk_counts.shape[0] - 1, j) for j in range(len(LAWS) + 1)],
        [(team_counts.shape[0] - 1, j) for j in range(len(LAWS) + 1)],
    ]
    hidden_wijk, hidden_team = suppress_linked([wijk_counts, team_counts], request.threshold, shared)
    labels = [str(Law(law).label) for law in LAWS]
    wijk_table = MoneyTable(
        key=f"{key}-wijk",
        title=titles[0],
        row_header=_("Wijk"),
        row_labels=[name for _pk, name in wijk_rows],
        column_labels=labels,
        grid=wijk_money,
        hidden=frozenset(hidden_wijk),
        threshold=request.threshold,
        shown_rows=request.scope.wijk_rows(wijk_rows),
    )
    if budgets:
        year = request.period.start.year
        wijk_table = replace(
            wijk_table,
            figure_headers=[_("Wijkbudget %(year)s") % {"year": year}, _("Deel beschikt in deze periode")],
            figures=_budget_texts(
                wijk_table, wijk_rows, dict(WijkBudget.objects.filter(year=year).values_list("wijk_id", "amount"))
            ),
        )
    team_table = MoneyTable(
        key=f"{key}-team",
        title=titles[1],
        row_header=_("Team"),
        row_labels=[name for _pk, name in team_rows],
        column_labels=labels,
        grid=team_money,
        hidden=frozenset(hidden_team),
        threshold=request.threshold,
        shown_rows=request.scope.team_rows(team_rows),
    )
    return [wijk_table, team_table]


def _share(spent: int | None, budget: Decimal | None) -> list[str]:
    """[€ budget, share of it spent], the share only when the amount spent is shown."""
    if budget is None:
        return [_("geen budget ingesteld"), HIDDEN]
    if spent is None or not budget:
        return [euros(round(budget)), HIDDEN]
    return [euros(round(budget)), f"{number_format(round(100 * spent / budget), 0)}%"]


def _budget_texts(
    table: PublishedTable, rows: Sequence[tuple[int | None, str]], budgets: dict[int, Decimal]
) -> list[list[str]]:
    """Per row (then the total): the budget of the period's year and the share of it in the row's shown total;
    "geen budget ingesteld" without one, nothing for the row without a wijk or team (no budget belongs to it)."""
    total = len(table.column_labels)
    texts = [
        ["", ""] if pk is None else _share(table.value((i, total)), budgets.get(pk))
        for i, (pk, _name) in enumerate(rows)
    ]
    texts.append(_share(table.value((len(rows), total)), sum(budgets.values(), Decimal(0)) if budgets else None))
    return texts


def _shadow_table(source: _Source, request: Request) -> MoneyTable:
    rows = _rows(source, WIJK)
    columns = (REFERRED, SPECIALIST)
    counts, money = source.grids(WIJK, rows, columns)
    hidden = suppress(counts, request.threshold)
    return MoneyTable(
        key=f"{KEY}-schaduw",
        title=_("Schaduwbudget: toegewezen zorg in de tweede lijn, per wijk van de inwoner"),
        row_header=_("Wijk"),
        row_labels=[name for _pk, name in rows],
        column_labels=[_("Na verwijzing door huisarts of specialist"), _("Specialistische zorg via het team")],
        grid=money,
        hidden=frozenset(hidden),
        threshold=request.threshold,
        shown_rows=request.scope.wijk_rows(rows),
    )


def _free_table(source: _Source, request: Request) -> MoneyTable:
    rows = _rows(source, TEAM)
    counts, money = source.grids(TEAM, rows, (SPENT,))
    hidden = suppress(counts, request.threshold)
    year = request.period.start.year
    table = MoneyTable(
        key=f"{KEY}-vrij",
        title=_("Vrij besteedbaar budget: besteed per team"),
        row_header=_("Team"),
        row_labels=[name for _pk, name in rows],
        column_labels=[_("Besteed")],
        grid=money,
        hidden=frozenset(hidden),
        threshold=request.threshold,
        shown_rows=request.scope.team_rows(rows),
        figure_headers=[_("Budget %(year)s") % {"year": year}, _("Deel besteed in deze periode")],
    )
    budgets = dict(TeamBudget.objects.filter(year=year).values_list("team_id", "amount"))
    return replace(table, figures=_budget_texts(table, rows, budgets))


def tables(request: Request) -> list[PublishedTable]:
    sources = _read(request)
    return [
        *_linked_tables(
            sources[DECIDED],
            request,
            f"{KEY}-beschikt",
            (_("Beschikte kosten per wijk en wet"), _("Beschikte kosten per team en wet")),
            budgets=True,
        ),
        *_linked_tables(
            sources[ALLOCATED],
            request,
            f"{KEY}-toegewezen",
            (_("Toegewezen kosten per wijk en wet"), _("Toegewezen kosten per team en wet")),
        ),
        _shadow_table(sources[SHADOW], request),
        _free_table(sources[FREE], request),
    ]


INDICATOR = Indicator(number=9, key=KEY, title=TITLE, explanation=EXPLANATION, tables=tables)
