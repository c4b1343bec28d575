"""Indicator 7, the ZRM trend: per life domain, how a person's self-reliance changed between the first and the
latest score in a dossier, per wijk and per team (docs/monitor.md).

Never per provider and never as a report card (DOMAIN.md §4): a team that takes on the hardest households will show
fewer improvements, and that is not a worse team. The page says so.
"""

from collections import Counter
from collections.abc import Iterator
from datetime import date

from django.db.models import Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import InstrumentDomain, Score
from monitor.cubes import Cube, cached_suppress_cubes
from monitor.indicators import Indicator, Request
from monitor.models import MonitorFact
from monitor.suppression import Cell, Grid
from monitor.tables import PublishedTable
from organisation.models import Team, Wijk

KEY = "zrm"
#: Column codes: the latest score above, equal to or below the first.
CHANGES = ("beter", "gelijk", "slechter")
TITLE = gettext_lazy("Zelfredzaamheid: verloop van de ZRM-scores")
EXPLANATION = gettext_lazy(
    "Per leefdomein: is de score van een inwoner tussen de eerste en de laatste meting in een dossier beter, gelijk "
    "of slechter geworden? Een reeks telt in de periode van de laatste meting; wie maar één keer gescoord is, telt "
    "niet mee. Per wijk en per team, nooit per aanbieder. Dit is geen rapportcijfer: een team met zwaardere "
    "huishoudens ziet minder vooruitgang, en een gelijke score kan ook betekenen dat erger is voorkomen."
)


def change(first: int, latest: int) -> str:
    return CHANGES[0] if latest > first else CHANGES[1] if latest == first else CHANGES[2]


def _series(today: date) -> Iterator[tuple[int, int, int | None, int, int, date]]:
    """(domain, team, wijk, first level, latest level, date of latest) for each series of two or more scores."""
    rows = Score.objects.order_by("dossier_id", "inwoner_id", "domain_id", "assessed_on", "id").values_list(
        "dossier_id", "inwoner_id", "domain_id", "dossier__team_id", "inwoner__buurt__wijk_id", "level", "assessed_on"
    )
    key = None
    first = latest = 0
    count = 0
    meta: tuple[int, int, int | None] = (0, 0, None)
    on = today
    for dossier, inwoner, domain, team, wijk, level, assessed_on in rows.iterator(chunk_size=5000):
        if (dossier, inwoner, domain) != key:
            if count > 1:
                yield (*meta, first, latest, on)
            key, first, count, meta = (dossier, inwoner, domain), level, 0, (domain, team, wijk)
        latest, on, count = level, assessed_on, count + 1
    if count > 1:
        yield (*meta, first, latest, on)


def build(today: date) -> list[MonitorFact]:
    """Series per month of the latest score × wijk × team × domain × change."""
    counts: Counter[tuple[date, int | None, int, str, str]] = Counter()
    for domain, team, wijk, first, latest, on in _series(today):
        counts[(on.replace(day=1), wijk, team, str(domain), change(first, latest))] += 1
    return [
        MonitorFact(indicator=KEY, month=month, wijk_id=wijk, team_id=team, category=domain, detail=detail, value=n)
        for (month, wijk, team, domain, detail), n in counts.items()
    ]


def _shares(grid: Grid, hidden: set[Cell], rows: int) -> list[list[str]]:
    """Per row the share better · equal · worse in %, "–" for a part whose count is hidden (the share and a shown
    total would give it back) and for all parts when the row's total is hidden."""
    columns = len(CHANGES)
    texts = []
    for i in range(rows + 1):
        total = None if (i, columns) in hidden else grid.values[i][columns]
        parts = []
        for j in range(columns):
            count = None if (i, j) in hidden else grid.values[i][j]
            parts.append(f"{number_format(100 * count / total, 0)}%" if count is not None and total else "–")
        texts.append(parts)
    return texts


def tables(request: Request) -> list[PublishedTable]:
    """Per domain, per wijk, per team, and per domain within each wijk.

    Every table is a face of one three-way count, domain × wijk × change (the team table shares its totals per
    change), suppressed as a whole (monitor.cubes): the domain × wijk table, the domain table and the wijk table
    add up to each other, and no hidden cell of one can be worked out from the others."""
    period, threshold, scope = request.period, request.threshold, request.scope
    facts = (
        MonitorFact.objects.filter(indicator=KEY, month__gte=period.start, month__lt=period.end)
        .values("wijk_id", "team_id", "category", "detail")
        .annotate(n=Sum("value"))
        .order_by()
    )
    by_place: Counter[tuple[str, int | None, str]] = Counter()
    by_team: Counter[tuple[int | None, str]] = Counter()
    for fact in facts:
        by_place[(fact["category"], fact["wijk_id"], fact["detail"])] += fact["n"]
        by_team[(fact["team_id"], fact["detail"])] += fact["n"]
    seen = {code for code, _w, _c in by_place}
    domains = [
        (str(domain.pk), domain.shown_name)
        for domain in InstrumentDomain.objects.select_related("instrument").order_by("instrument__code", "order")
        if str(domain.pk) in seen or domain.instrument.is_default
    ]
    wijk_rows: list[tuple[int | None, str]] = list(Wijk.objects.order_by("name").values_list("pk", "name"))
    if any(wijk is None for _d, wijk, _c in by_place):
        wijk_rows.append((None, _("Adres onbekend")))
    teams = list(Team.objects.wijkteams().order_by("name").values_list("pk", "name"))
    places = wijk_rows or [(0, "")]
    cube = Cube.of(
        [[[by_place[(code, pk, change)] for change in CHANGES] for pk, _name in places] for code, _n in domains]
        or [[[0] * len(CHANGES) for _place in places]]
    )
    team_cube = Cube.of([[[by_team[(pk, change)] for change in CHANGES] for pk, _name in teams] or [[0] * 3]])
    planes, rows, columns = cube.shape
    team_planes, team_rows = team_cube.shape[:2]
    # The team table's totals per change are the cube's totals over every domain and wijk.
    shared = [[(0, (planes - 1, rows - 1, c)), (1, (team_planes - 1, team_rows - 1, c))] for c in range(columns)]
    hidden, hidden_team = cached_suppress_cubes([cube, team_cube], threshold, shared)
    labels = [_("Beter"), _("Gelijk"), _("Slechter")]
    share_headers = [_("Aandeel %(change)s") % {"change": label.lower()} for label in labels]
    domain_grid = Grid(tuple(tuple(cube.value((d, rows - 1, c)) for c in range(columns)) for d in range(planes)))
    domain_hidden = {(d, c) for d, b, c in hidden if b == rows - 1}
    wijk_grid, wijk_hidden = cube.plane(planes - 1), {(b, c) for a, b, c in hidden if a == planes - 1}
    team_grid = team_cube.plane(team_planes - 1)
    team_hidden = {(b, c) for a, b, c in hidden_team if a == team_planes - 1}
    # Domain × wijk: one row per pair, the totals row is the cube's total over both (every cell is a cube cell).
    pairs = [(d, b) for d in range(len(domains)) for b in range(len(wijk_rows))]
    pair_grid = Grid(
        tuple(tuple(cube.value((d, b, c)) for c in range(columns)) for d, b in [*pairs, (planes - 1, rows - 1)])
    )
    pair_hidden = {
        (i, c) for i, (d, b) in enumerate([*pairs, (planes - 1, rows - 1)]) for c in range(columns)
        if (d, b, c) in hidden
    }  # fmt: skip
    pair_labels = [f"{domains[d][1]} · {wijk_rows[b][1]}" for d, b in pairs]
    filtered = scope.wijk_ids is not None or scope.team_ids is not None
    pair_shown = None
    if filtered:
        wijk_ids = scope.wijk_ids
        pair_shown = [i for i, (_d, b) in enumerate(pairs) if wijk_ids is not None and wijk_rows[b][0] in wijk_ids]
    specs: list[tuple[str, str, str, list[str], Grid, set[Cell], list[int] | None]] = [
        # The domains of the whole municipality only; a filtered view finds its wijk's domains in the last table.
        ("domein", _("Verloop per leefdomein"), _("Leefdomein"), [name for _c, name in domains], domain_grid,
         domain_hidden, [] if filtered else None),
        ("wijk", _("Verloop per wijk (alle leefdomeinen)"), _("Wijk"), [name for _p, name in wijk_rows], wijk_grid,
         wijk_hidden, scope.wijk_rows(wijk_rows)),
        ("team", _("Verloop per team (alle leefdomeinen)"), _("Team"), [name for _p, name in teams], team_grid,
         team_hidden, scope.team_rows(teams)),
        ("domein-wijk", _("Verloop per leefdomein en wijk"), _("Leefdomein · wijk"), pair_labels, pair_grid,
         pair_hidden, pair_shown),
    ]  # fmt: skip
    return [
        PublishedTable(
            key=f"{KEY}-{key}",
            title=title,
            row_header=header,
            row_labels=row_labels,
            column_labels=labels,
            grid=table_grid,
            hidden=frozenset(table_hidden),
            threshold=threshold,
            shown_rows=shown_rows,
            figure_headers=share_headers,
            figures=_shares(table_grid, table_hidden, len(row_labels)),
        )
        for key, title, header, row_labels, table_grid, table_hidden, shown_rows in specs
    ]


INDICATOR = Indicator(number=7, key=KEY, title=TITLE, explanation=EXPLANATION, tables=tables)
