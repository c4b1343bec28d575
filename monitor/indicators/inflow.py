"""Indicator 1, inflow: meldingen received in the period, by route, per wijk and per team (docs/monitor.md)."""

from collections import defaultdict
from dataclasses import replace

from django.db.models import Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dossiers.models import Route
from monitor.indicators import Indicator, Request
from monitor.models import InflowFact, PopulationFact
from monitor.suppression import Grid
from monitor.suppression_cache import suppress_linked
from monitor.tables import PublishedTable
from organisation.models import Team, Wijk

KEY = "instroom"
TITLE = gettext_lazy("Instroom: meldingen per route")
EXPLANATION = gettext_lazy(
    "Hoeveel meldingen de teams in deze periode kregen, en via welke route: van de inwoner zelf, de huisarts, "
    "school, politie, de woningcorporatie, Veilig Thuis, een vroegsignaal of doordat het team er zelf op af ging. "
    "Per wijk waar de inwoner woont en per team. Aantallen onder de 5 staan er als “< 5”."
)


def tables(request: Request) -> list[PublishedTable]:
    """The wijk table and the team table of the whole municipality, suppressed together, showing the scope's rows."""
    period, threshold, scope = request.period, request.threshold, request.scope
    routes = list(Route)
    facts = (
        InflowFact.objects.filter(month__gte=period.start, month__lt=period.end)
        .values("wijk_id", "team_id", "route")
        .annotate(n=Sum("count"))
        .order_by()
    )
    wijken = list(Wijk.objects.order_by("name").values_list("pk", "name"))
    teams = list(Team.objects.order_by("name").values_list("pk", "name"))
    by_wijk: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_team: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for fact in facts:
        by_wijk[fact["wijk_id"]][fact["route"]] += fact["n"]
        by_team[fact["team_id"]][fact["route"]] += fact["n"]
    wijk_rows: list[tuple[int | None, str]] = [*wijken]
    if None in by_wijk:
        wijk_rows.append((None, _("Adres onbekend")))
    wijk_grid = Grid.of([[by_wijk[pk][route] for route in routes] for pk, _name in wijk_rows] or [[0] * len(routes)])
    team_grid = Grid.of([[by_team[pk][route] for route in routes] for pk, _name in teams] or [[0] * len(routes)])
    last_wijk, last_team = wijk_grid.shape[0] - 1, team_grid.shape[0] - 1
    columns = len(routes) + 1
    shared = [[(last_wijk, j) for j in range(columns)], [(last_team, j) for j in range(columns)]]
    hidden_wijk, hidden_team = suppress_linked([wijk_grid, team_grid], threshold, shared)
    labels = [str(route.label) for route in routes]
    residents: dict[int | None, int] = dict(
        PopulationFact.objects.values("wijk_id").annotate(n=Sum("count")).values_list("wijk_id", "n")
    )
    total_column = len(routes)
    rates = []
    for i, (pk, _name) in enumerate([*wijk_rows, (0, "")]):
        count = None if (i, total_column) in hidden_wijk else wijk_grid.values[i][total_column]
        population = sum(residents.values()) if i == len(wijk_rows) else residents.get(pk)
        # No rate where the count is hidden: the rate and the (public) population would give it back.
        rates.append(number_format(1000 * count / population, 1) if count is not None and population else "–")
    wijk_table = PublishedTable(
        key=f"{KEY}-wijk",
        title=_("Meldingen per wijk en route"),
        row_header=_("Wijk"),
        row_labels=[name for _pk, name in wijk_rows],
        column_labels=labels,
        grid=wijk_grid,
        hidden=frozenset(hidden_wijk),
        threshold=threshold,
        extra_header=_("Per 1.000 inwoners"),
        extra=rates,
    )
    team_table = PublishedTable(
        key=f"{KEY}-team",
        title=_("Meldingen per team en route"),
        row_header=_("Team"),
        row_labels=[name for _pk, name in teams],
        column_labels=labels,
        grid=team_grid,
        hidden=frozenset(hidden_team),
        threshold=threshold,
    )
    if scope.wijk_ids is not None:
        wijk_table = replace(wijk_table, shown_rows=scope.wijk_rows(wijk_rows))
    if scope.team_ids is not None:
        team_table = replace(team_table, shown_rows=scope.team_rows(teams))
    return [wijk_table, team_table]


INDICATOR = Indicator(number=1, key=KEY, title=TITLE, explanation=EXPLANATION, tables=tables)
