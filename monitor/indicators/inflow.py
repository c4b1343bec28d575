"""Indicator 1, inflow: meldingen received in the period, by route, per wijk and per team (docs/monitor.md)."""

from django.db.models import Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dossiers.models import Regime, Route
from monitor.cubes import Cell3, Cube, cached_suppress_cubes
from monitor.indicators import Indicator, Request
from monitor.models import AgeBand, InflowFact, PopulationFact
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
    """The wijk table and the team table for the law or age band asked (or all), showing the scope's rows.

    Four three-way tables hold every table any view of the period can show: law × wijk × route, law × team ×
    route, age band × wijk × route and age band × team × route. They share their faces (the unfiltered wijk table
    is the all-laws plane of the first and the all-ages plane of the third; the route totals per law are in the
    wijk and the team cube) and are suppressed as one system (monitor.cubes), so a law's table, an age band's
    table and the unfiltered table cannot be set off against each other."""
    period, threshold, scope = request.period, request.threshold, request.scope
    facts = list(
        InflowFact.objects.filter(month__gte=period.start, month__lt=period.end)
        .values("wijk_id", "team_id", "route", "regime", "age_band")
        .annotate(n=Sum("count"))
        .order_by()
    )
    routes = _codes([route.value for route in Route], {fact["route"] for fact in facts})
    laws = _codes([law.value for law in Regime], {fact["regime"] for fact in facts})
    bands = _codes([band.value for band in AgeBand], {fact["age_band"] for fact in facts})
    wijk_rows: list[tuple[int | None, str]] = list(Wijk.objects.order_by("name").values_list("pk", "name"))
    if any(fact["wijk_id"] is None for fact in facts):
        wijk_rows.append((None, _("Adres onbekend")))
    teams = list(Team.objects.wijkteams().order_by("name").values_list("pk", "name"))
    wijk_at = {pk: i for i, (pk, _name) in enumerate(wijk_rows)}
    team_at = {pk: i for i, (pk, _name) in enumerate(teams)}
    route_at, law_at, band_at = ({code: k for k, code in enumerate(codes)} for codes in (routes, laws, bands))

    def zeros(planes: int, rows: int) -> list[list[list[int]]]:
        return [[[0] * len(routes) for _row in range(max(rows, 1))] for _plane in range(planes)]

    law_wijk, law_team = zeros(len(laws), len(wijk_rows)), zeros(len(laws), len(teams))
    band_wijk, band_team = zeros(len(bands), len(wijk_rows)), zeros(len(bands), len(teams))
    for fact in facts:
        law, band, route, n = law_at[fact["regime"]], band_at[fact["age_band"]], route_at[fact["route"]], fact["n"]
        wijk, team = wijk_at[fact["wijk_id"]], team_at.get(fact["team_id"])
        law_wijk[law][wijk][route] += n
        band_wijk[band][wijk][route] += n
        if team is not None:
            law_team[law][team][route] += n
            band_team[band][team][route] += n
    cubes = [Cube.of(law_wijk), Cube.of(law_team), Cube.of(band_wijk), Cube.of(band_team)]
    hidden = cached_suppress_cubes(cubes, threshold, _faces(cubes))
    # The plane the filter asks for: one law, one age band, or the total plane (the unfiltered table).
    if request.law in law_at:
        law_wijk_cube, plane, wijk_hidden, team_hidden = 0, law_at[request.law], hidden[0], hidden[1]
        shown_filter = str(Regime(request.law).label) if request.law in Regime.values else request.law
    elif request.group in band_at:
        law_wijk_cube, plane, wijk_hidden, team_hidden = 2, band_at[request.group], hidden[2], hidden[3]
        shown_filter = str(AgeBand(request.group).label) if request.group in AgeBand.values else request.group
    else:
        law_wijk_cube, plane, wijk_hidden, team_hidden = 0, len(laws), hidden[0], hidden[1]
        shown_filter = ""
    wijk_grid = cubes[law_wijk_cube].plane(plane)
    team_grid = cubes[law_wijk_cube + 1].plane(plane)
    hidden_wijk = {(b, c) for a, b, c in wijk_hidden if a == plane}
    hidden_team = {(b, c) for a, b, c in team_hidden if a == plane}
    labels = [str(Route(route).label) if route in Route.values else route for route in routes]
    population = PopulationFact.objects.all()
    if request.group in band_at and not request.law:
        population = population.filter(age_band=request.group)
    residents: dict[int | None, int] = dict(
        population.values("wijk_id").annotate(n=Sum("count")).values_list("wijk_id", "n")
    )
    total_column = len(routes)
    rates = []
    for i, (pk, _name) in enumerate([*wijk_rows, (0, "")]):
        count = None if (i, total_column) in hidden_wijk else wijk_grid.values[i][total_column]
        people = sum(residents.values()) if i == len(wijk_rows) else residents.get(pk)
        # No rate where the count is hidden: the rate and the (public) population would give it back.
        rates.append([number_format(1000 * count / people, 1) if count is not None and people else "–"])

    def titled(title: str) -> str:
        return f"{title}: {shown_filter}" if shown_filter else title

    wijk_table = PublishedTable(
        key=f"{KEY}-wijk",
        title=titled(_("Meldingen per wijk en route")),
        row_header=_("Wijk"),
        row_labels=[name for _pk, name in wijk_rows],
        column_labels=labels,
        grid=wijk_grid,
        hidden=frozenset(hidden_wijk),
        threshold=threshold,
        shown_rows=scope.wijk_rows(wijk_rows),
        figure_headers=[_("Per 1.000 inwoners") if not request.group else _("Per 1.000 inwoners van die leeftijd")],
        figures=rates,
    )
    team_table = PublishedTable(
        key=f"{KEY}-team",
        title=titled(_("Meldingen per team en route")),
        row_header=_("Team"),
        row_labels=[name for _pk, name in teams],
        column_labels=labels,
        grid=team_grid,
        hidden=frozenset(hidden_team),
        threshold=threshold,
        shown_rows=scope.team_rows(teams),
    )
    return [wijk_table, team_table]


def _codes(known: list[str], seen: set[str]) -> list[str]:
    """The known codes in their order, then any other code the facts hold (so every melding is counted)."""
    return [*known, *sorted(seen - set(known))]


def _faces(cubes: list[Cube]) -> list[list[tuple[int, Cell3]]]:
    """The figures two of the four cubes both hold: the totals over wijken and over teams (per law or age band
    and route), and the planes of all laws and of all ages (the unfiltered wijk and team tables)."""
    law_wijk, law_team, band_wijk, band_team = (cube.shape for cube in cubes)
    routes = law_wijk[2]
    groups: list[list[tuple[int, Cell3]]] = []
    for wijk_cube, team_cube, (planes, wijken, _r), teams in (
        (0, 1, law_wijk, law_team[1]),
        (2, 3, band_wijk, band_team[1]),
    ):
        groups += [
            [(wijk_cube, (a, wijken - 1, c)), (team_cube, (a, teams - 1, c))]
            for a in range(planes)
            for c in range(routes)
        ]
    for law_cube, band_cube, rows in ((0, 2, law_wijk[1]), (1, 3, law_team[1])):
        groups += [
            [(law_cube, (law_wijk[0] - 1, b, c)), (band_cube, (band_wijk[0] - 1, b, c))]
            for b in range(rows)
            for c in range(routes)
        ]
    return groups


INDICATOR = Indicator(
    number=1, key=KEY, title=TITLE, explanation=EXPLANATION, tables=tables, splits=frozenset({"wet", "groep"})
)
