"""Indicator 6, stapeling: households with provisions under one, two, or three or more laws in the period, per
1,000 households, per wijk (docs/monitor.md).

A law counts for a household when a granted product of a final beschikking under it ran on some day of the period,
or when an indication under another law (Wlz, Zvw wijkverpleging, justitie) recorded in a dossier was valid then.
Like reach, it is counted once per offered period at rebuild time (monitor.spans): laws cannot be summed from months.
"""

from collections import Counter, defaultdict
from collections.abc import Hashable
from dataclasses import replace
from datetime import date

from django.db.models import IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decisions.models import BeschikkingRegel, BeschikkingStatus, OtherLawIndication
from monitor.indicators import Indicator, Request
from monitor.models import MonitorFact
from monitor.spans import MonthRange, PeriodIndex, merged, month_index
from monitor.suppression import Grid
from monitor.suppression_cache import suppress
from monitor.tables import PublishedTable
from organisation.models import Wijk
from residents.models import Huishouden, HuishoudenLid, LidRol

KEY = "stapeling"
HOUSEHOLDS = "stapeling-huishoudens"
#: Column codes: the number of laws, the last one "or more".
LAW_COUNTS = ("1", "2", "3")
TITLE = gettext_lazy("Stapeling: huishoudens met voorzieningen uit meer wetten")
EXPLANATION = gettext_lazy(
    "Hoeveel huishoudens in deze periode een voorziening hadden uit één, twee, of drie of meer wetten tegelijk: "
    "Wmo, Jeugdwet en Participatiewet uit de beschikkingen, en een Wlz-indicatie, wijkverpleging (Zvw) of een "
    "justitieel kader als het team die in een dossier heeft vastgelegd. Per wijk en per 1.000 huishoudens."
)


def _household_wijken() -> dict[int, int | None]:
    """The wijk of each household with a current member: where its head lives (or, without a head, its oldest current
    member). Read in one pass: as a subquery per row it ran for each of 387,000 provisions and 418,000 households."""
    chosen: dict[int, tuple[bool, int, int | None]] = {}
    members = HuishoudenLid.objects.filter(end__isnull=True).values_list(
        "huishouden_id", "rol", "pk", "inwoner__buurt__wijk_id"
    )
    for household, rol, pk, wijk in members.order_by().iterator(chunk_size=10000):
        rank = (rol != LidRol.HOOFD, pk, wijk)
        best = chosen.get(household)
        if best is None or rank[:2] < best[:2]:
            chosen[household] = rank
    return {household: wijk for household, (_not_head, _pk, wijk) in chosen.items()}


def _current_household(inwoner: OuterRef) -> Subquery:
    return Subquery(
        HuishoudenLid.objects.filter(inwoner=inwoner, end__isnull=True).order_by("pk").values("huishouden_id")[:1]
    )


def build(today: date) -> list[MonitorFact]:
    index = PeriodIndex(today)
    now = month_index(today)
    laws: dict[int, dict[str, list[MonthRange]]] = defaultdict(lambda: defaultdict(list))
    wijken = _household_wijken()
    provisions = (
        BeschikkingRegel.objects.filter(
            granted=True,
            start__isnull=False,
            beschikking__status__in=[BeschikkingStatus.VASTGESTELD, BeschikkingStatus.VERZONDEN],
        )
        .values_list("beschikking__aanvraag__dossier__huishouden_id", "beschikking__aanvraag__law", "start", "end")
        .order_by()
    )
    indications = (
        OtherLawIndication.objects.annotate(
            household=Coalesce(
                "dossier__huishouden_id", _current_household(OuterRef("inwoner_id")), output_field=IntegerField()
            )
        )
        .values_list("household", "kind", "valid_from", "valid_to")
        .order_by()
    )
    for query in (provisions, indications):
        for household, law, start, end in query.iterator(chunk_size=5000):
            if household is None or start is None:
                continue
            laws[household][law].append((month_index(start), now if end is None else month_index(end)))
    households: Counter[tuple[Hashable, tuple[tuple[MonthRange, ...], ...]]] = Counter()
    for household, by_law in laws.items():
        households[(wijken.get(household), tuple(sorted(merged(ranges) for ranges in by_law.values())))] += 1
    counts: Counter[tuple[int | None, str, str]] = Counter()
    for (wijk, signature), n in households.items():
        per_period: Counter[str] = Counter(key for ranges in signature for key in index.touched(ranges))
        for key, number in per_period.items():
            counts[(wijk, key, LAW_COUNTS[min(number, 3) - 1])] += n  # type: ignore[index]
    facts = [
        MonitorFact(indicator=KEY, month=index.starts[key], wijk_id=wijk, category=column, detail=key, value=n)
        for (wijk, key, column), n in counts.items()
    ]
    # Every household counts, also one without a current member (no wijk known).
    population: Counter[int | None] = Counter(wijken.values())
    population[None] += Huishouden.objects.count() - len(wijken)
    facts += [MonitorFact(indicator=HOUSEHOLDS, wijk_id=wijk, value=n) for wijk, n in population.items() if n]
    return facts


def column_labels() -> list[str]:
    return [_("1 wet"), _("2 wetten"), _("3 of meer wetten")]


def tables(request: Request) -> list[PublishedTable]:
    period, threshold, scope = request.period, request.threshold, request.scope
    counts: dict[tuple[int | None, str], int] = defaultdict(int)
    for fact in (
        MonitorFact.objects.filter(indicator=KEY, month=period.start, detail=period.key)
        .values("wijk_id", "category")
        .annotate(n=Sum("value"))
        .order_by()
    ):
        counts[(fact["wijk_id"], fact["category"])] += fact["n"]
    households: dict[int | None, int] = {
        row["wijk_id"]: row["n"]
        for row in MonitorFact.objects.filter(indicator=HOUSEHOLDS)
        .values("wijk_id")
        .annotate(n=Sum("value"))
        .order_by()
    }
    wijk_rows: list[tuple[int | None, str]] = list(Wijk.objects.order_by("name").values_list("pk", "name"))
    if None in households or any(wijk is None for wijk, _c in counts):
        wijk_rows.append((None, _("Adres onbekend")))
    grid = Grid.of([[counts[(pk, column)] for column in LAW_COUNTS] for pk, _name in wijk_rows] or [[0] * 3])
    hidden = suppress(grid, threshold)
    extra: list[list[str]] = []
    for i, (pk, _name) in enumerate([*wijk_rows, (0, "")]):
        denominator = sum(households.values()) if i == len(wijk_rows) else households.get(pk, 0)
        parts = []
        for j in range(len(LAW_COUNTS) + 1):
            shown = None if (i, j) in hidden else grid.values[i][j]
            parts.append(number_format(1000 * shown / denominator, 1) if shown is not None and denominator else "–")
        extra.append(parts)
    labels = column_labels()
    table = PublishedTable(
        key=KEY,
        title=_("Huishoudens per wijk naar het aantal wetten"),
        row_header=_("Wijk"),
        row_labels=[name for _pk, name in wijk_rows],
        column_labels=labels,
        grid=grid,
        hidden=frozenset(hidden),
        threshold=threshold,
        figure_headers=[
            _("Per 1.000 huishoudens: %(group)s") % {"group": name.lower()} for name in [*labels, _("Totaal")]
        ],
        figures=extra,
    )
    if scope.wijk_ids is not None:
        table = replace(table, shown_rows=scope.wijk_rows(wijk_rows))
    return [table]


INDICATOR = Indicator(number=6, key=KEY, title=TITLE, explanation=EXPLANATION, tables=tables)
