"""Indicator 7, the ZRM trend: per life domain, how a person's self-reliance changed between the first and the
latest score in a dossier, per wijk and per team (docs/monitor.md).

Never per provider and never as a report card (DOMAIN.md §4): a team that takes on the hardest households will show
fewer improvements, and that is not a worse team. The page says so.
"""

from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from django.db.models import Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import InstrumentDomain, Score
from monitor.indicators import Indicator, Request
from monitor.models import MonitorFact
from monitor.suppression import Cell, Grid
from monitor.suppression_cache import suppress_linked
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
    period, threshold, scope = request.period, request.threshold, request.scope
    facts = (
        MonitorFact.objects.filter(indicator=KEY, month__gte=period.start, month__lt=period.end)
        .values("wijk_id", "team_id", "category", "detail")
        .annotate(n=Sum("value"))
        .order_by()
    )
    by_domain: Counter[tuple[str, str]] = Counter()
    by_wijk: Counter[tuple[int | None, str]] = Counter()
    by_team: Counter[tuple[int | None, str]] = Counter()
    for fact in facts:
        by_domain[(fact["category"], fact["detail"])] += fact["n"]
        by_wijk[(fact["wijk_id"], fact["detail"])] += fact["n"]
        by_team[(fact["team_id"], fact["detail"])] += fact["n"]
    domains = [
        (str(domain.pk), domain.shown_name)
        for domain in InstrumentDomain.objects.select_related("instrument").order_by("instrument__code", "order")
        if str(domain.pk) in {code for code, _c in by_domain} or domain.instrument.is_default
    ]
    wijk_rows: list[tuple[int | None, str]] = list(Wijk.objects.order_by("name").values_list("pk", "name"))
    if any(wijk is None for wijk, _c in by_wijk):
        wijk_rows.append((None, _("Adres onbekend")))
    teams = list(Team.objects.order_by("name").values_list("pk", "name"))

    def grid(rows: Sequence[tuple[Any, str]], counts: Counter[tuple[Any, str]]) -> Grid:
        return Grid.of([[counts[(pk, code)] for code in CHANGES] for pk, _name in rows] or [[0] * len(CHANGES)])

    grids = [grid(domains, by_domain), grid(wijk_rows, by_wijk), grid(teams, by_team)]
    # Three views of the same series: they share the totals per change and the grand total.
    shared = [[(g.shape[0] - 1, j) for j in range(len(CHANGES) + 1)] for g in grids]
    hidden = suppress_linked(grids, threshold, shared)
    labels = [_("Beter"), _("Gelijk"), _("Slechter")]
    share_headers = [_("Aandeel %(change)s") % {"change": label.lower()} for label in labels]
    result = []
    for key, title, header, rows, table_grid, table_hidden in (
        ("domein", _("Verloop per leefdomein"), _("Leefdomein"), domains, grids[0], hidden[0]),
        ("wijk", _("Verloop per wijk (alle leefdomeinen)"), _("Wijk"), wijk_rows, grids[1], hidden[1]),
        ("team", _("Verloop per team (alle leefdomeinen)"), _("Team"), teams, grids[2], hidden[2]),
    ):
        shown_rows: list[int] | None = None
        if key == "domein" and (scope.wijk_ids is not None or scope.team_ids is not None):
            shown_rows = []  # the domains of the whole municipality only; a filtered view has no rows of its own here
        elif key == "wijk" and scope.wijk_ids is not None:
            shown_rows = scope.wijk_rows(rows)
        elif key == "team" and scope.team_ids is not None:
            shown_rows = scope.team_rows(rows)
        result.append(
            PublishedTable(
                key=f"{KEY}-{key}",
                title=title,
                row_header=header,
                row_labels=[name for _pk, name in rows],
                column_labels=labels,
                grid=table_grid,
                hidden=frozenset(table_hidden),
                threshold=threshold,
                shown_rows=shown_rows,
                figure_headers=share_headers,
                figures=_shares(table_grid, table_hidden, len(rows)),
            )
        )
    return result


INDICATOR = Indicator(number=7, key=KEY, title=TITLE, explanation=EXPLANATION, tables=tables)
