"""Indicator 5, solved in the team or referred: the highest step of the outcome ladder that the dossiers closed in
the period reached, per wijk and per team, with the share solved in the team (docs/monitor.md).

The rebuild writes one MonitorFact per month of closing, wijk, team and step (`build`); the step is the one stored
on closing (`Dossier.outcome_step`) or, for dossiers closed before it was stored, what the records show
(dossiers.outcome), else "niet vastgelegd".
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dossiers.models import Dossier, Melding
from dossiers.outcome import SOLVED_IN_TEAM, OutcomeStep, derivation_flags, step_from_flags
from dossiers.transitions import Status
from monitor.figures import HIDDEN, FigureTable, percentage
from monitor.indicators import Indicator, Request
from monitor.models import MonitorFact
from monitor.suppression import Cell, Grid
from monitor.suppression_cache import suppress_linked
from monitor.tables import PublishedTable
from organisation.models import Team, Wijk

KEY = "ladder"
TITLE = gettext_lazy("Zelf opgelost of doorverwezen")
EXPLANATION = gettext_lazy(
    "Van de dossiers die in deze periode zijn afgesloten: wat was de hoogste hulp die het huishouden kreeg? Van "
    "eigen kracht en hulp uit het netwerk, via een algemene voorziening, tot maatwerk met een beschikking of een "
    "overdracht aan specialistische zorg. “In het team opgelost” is het deel dat geen maatwerk en geen overdracht "
    "nodig had. Een gemeente die het wijkteam zoveel mogelijk zelf laat oplossen, mikt vaak op 80%. Per wijk waar "
    "de inwoner woont en per team. Aantallen onder de 5 staan er als “< 5”; een percentage over een verborgen of "
    "klein aantal staat er als “–”."
)
UNKNOWN = "niet_vastgelegd"
#: The grid's columns: the ladder from low to high, then the dossiers whose step is not known.
STEPS: list[str] = [step.value for step in OutcomeStep]
COLUMNS: list[str] = [*STEPS, UNKNOWN]
_SOLVED = [STEPS.index(step) for step in SOLVED_IN_TEAM]
_KNOWN = list(range(len(STEPS)))
_UNKNOWN_COLUMN, _TOTAL_COLUMN = len(STEPS), len(COLUMNS)


def step_labels() -> list[str]:
    short = {
        OutcomeStep.EIGEN_KRACHT: _("Eigen kracht"),
        OutcomeStep.NETWERK: _("Netwerk"),
        OutcomeStep.ALGEMENE_VOORZIENING: _("Algemene voorziening"),
        OutcomeStep.MAATWERK_WMO: _("Maatwerk Wmo"),
        OutcomeStep.MAATWERK_JEUGDWET: _("Maatwerk Jeugdwet"),
        OutcomeStep.MAATWERK_PARTICIPATIEWET: _("Maatwerk Participatiewet"),
        OutcomeStep.MAATWERK_MEER_WETTEN: _("Maatwerk, meer wetten"),
        OutcomeStep.OVERGEDRAGEN: _("Overgedragen"),
    }
    return [short[OutcomeStep(step)] for step in STEPS]


def build(today: date) -> Iterable[MonitorFact]:
    """Closed dossiers per month of closing, wijk (of the first melding's resident, where they live now), team
    and step: one GROUP BY over the closed dossiers with the ladder's evidence as EXISTS columns."""
    first_wijk = (
        Melding.objects.filter(dossier_id=OuterRef("pk"))
        .order_by("received_at", "pk")
        .values("inwoner__buurt__wijk_id")[:1]
    )
    flags = derivation_flags()
    groups = (
        Dossier.objects.filter(status=Status.AFGESLOTEN, closed_at__isnull=False)
        .annotate(month=TruncMonth("closed_at"), wijk=Subquery(first_wijk), **flags)
        .values("month", "wijk", "team_id", "outcome_step", "close_reason", *flags)
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: Counter[tuple[date, int | None, int, str]] = Counter()
    for group in groups.iterator(chunk_size=5000):
        month = group["month"].date() if hasattr(group["month"], "date") else group["month"]
        step = group["outcome_step"] or step_from_flags(group["close_reason"], group) or UNKNOWN
        counts[(month, group["wijk"], group["team_id"], str(step))] += group["n"]
    return [
        MonitorFact(indicator=KEY, month=month, wijk_id=wijk, team_id=team, category=step, value=n)
        for (month, wijk, team, step), n in counts.items()
    ]


def tables(request: Request) -> list[PublishedTable]:
    period, threshold, scope = request.period, request.threshold, request.scope
    rows = (
        MonitorFact.objects.filter(indicator=KEY, month__gte=period.start, month__lt=period.end)
        .values("wijk_id", "team_id", "category")
        .annotate(n=Sum("value"))
        .order_by()
    )
    wijken = list(Wijk.objects.order_by("name").values_list("pk", "name"))
    teams = list(Team.objects.wijkteams().order_by("name").values_list("pk", "name"))
    by_wijk: dict[int | None, Counter[str]] = defaultdict(Counter)
    by_team: dict[int | None, Counter[str]] = defaultdict(Counter)
    for row in rows:
        by_wijk[row["wijk_id"]][row["category"]] += row["n"]
        by_team[row["team_id"]][row["category"]] += row["n"]
    wijk_rows: list[tuple[int | None, str]] = [*wijken]
    if None in by_wijk:
        wijk_rows.append((None, _("Adres onbekend")))
    wijk_grid = Grid.of([[by_wijk[pk][c] for c in COLUMNS] for pk, _n in wijk_rows] or [[0] * len(COLUMNS)])
    team_grid = Grid.of([[by_team[pk][c] for c in COLUMNS] for pk, _n in teams] or [[0] * len(COLUMNS)])
    last_wijk, last_team = wijk_grid.shape[0] - 1, team_grid.shape[0] - 1
    shared = [[(last_wijk, j) for j in range(len(COLUMNS) + 1)], [(last_team, j) for j in range(len(COLUMNS) + 1)]]
    hidden_wijk, hidden_team = suppress_linked([wijk_grid, team_grid], threshold, shared)
    labels = [*step_labels(), _("Niet vastgelegd")]
    published = []
    for key, title, header, names, grid, hidden, ids in (
        ("wijk", _("Afgesloten dossiers per wijk en hoogste trede"), _("Wijk"), wijk_rows, wijk_grid, hidden_wijk,
         scope.wijk_ids),
        ("team", _("Afgesloten dossiers per team en hoogste trede"), _("Team"), teams, team_grid, hidden_team,
         scope.team_ids),
    ):  # fmt: skip
        shown = None if ids is None else [i for i, (pk, _n) in enumerate(names) if pk in ids]
        counts = PublishedTable(
            key=f"{KEY}-{key}",
            title=title,
            row_header=header,
            row_labels=[name for _pk, name in names],
            column_labels=labels,
            grid=grid,
            hidden=frozenset(hidden),
            threshold=threshold,
            shown_rows=shown,
        )
        shares = FigureTable.of(
            share_texts(grid, hidden, threshold),
            key=f"{KEY}-{key}-aandeel",
            title=_("Aandeel per hoogste trede, per %(row)s") % {"row": header.lower()},
            row_header=header,
            row_labels=[name for _pk, name in names],
            column_labels=step_labels(),
            threshold=threshold,
            last_header=_("Afgesloten, trede bekend"),
            extra_header=_("In het team opgelost"),
            extra=[solved_text(grid, hidden, threshold, i) for i in range(grid.shape[0])],
        )
        published += [counts, replace(shares, shown_rows=shown)]
    return published


def _sum(grid: Grid, hidden: set[Cell] | frozenset[Cell], row: int, columns: Sequence[int]) -> int | None:
    """The sum of some count cells of a row when the shown figures give it anyway (all of them shown, or the row
    total and all the other cells shown), else None: a share is only shown when it adds nothing that the count
    table does not already give, so it cannot help to work out a hidden cell."""
    others = [j for j in range(len(COLUMNS)) if j not in columns]
    if all((row, j) not in hidden for j in columns):
        return sum(grid.values[row][j] for j in columns)
    if (row, _TOTAL_COLUMN) not in hidden and all((row, j) not in hidden for j in others):
        return grid.values[row][_TOTAL_COLUMN] - sum(grid.values[row][j] for j in others)
    return None


def share_texts(grid: Grid, hidden: set[Cell] | frozenset[Cell], threshold: int) -> list[list[str]]:
    """Per row: the share of each step among the dossiers with a known step, then that number of dossiers."""
    texts = []
    for i in range(grid.shape[0]):
        known = _sum(grid, hidden, i, _KNOWN)
        enough = known is not None and known >= threshold
        row = [
            percentage(grid.values[i][j], known) if enough and known and (i, j) not in hidden else HIDDEN
            for j in _KNOWN
        ]
        if known is None:
            row.append(HIDDEN)
        elif 0 < known < threshold:
            row.append(_("< %(threshold)s") % {"threshold": threshold})
        else:
            row.append(number_format(known, force_grouping=True))
        texts.append(row)
    return texts


def solved_text(grid: Grid, hidden: set[Cell] | frozenset[Cell], threshold: int, row: int) -> str:
    """The share solved in the team (eigen kracht, netwerk, algemene voorziening) of the dossiers with a known step."""
    known, solved = _sum(grid, hidden, row, _KNOWN), _sum(grid, hidden, row, _SOLVED)
    if known is None or solved is None or known < threshold or not known:
        return HIDDEN
    return percentage(solved, known)


INDICATOR = Indicator(number=5, key=KEY, title=TITLE, explanation=EXPLANATION, tables=tables)
