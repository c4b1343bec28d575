"""Indicator 8, caseload and long-open dossiers now: open dossiers per team by how long they have been open, and
how the team's open dossiers are spread over its regisseurs, never naming one (docs/monitor.md).

Live counts of the present, like the waiting list: a few GROUP BYs whatever the size of the municipality.
"""

from collections import defaultdict
from datetime import datetime
from statistics import median

from django.db.models import Count, Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dossiers.models import Dossier
from dossiers.transitions import OPEN_STATUSES
from monitor.figures import HIDDEN, FigureTable
from monitor.indicators import Indicator, Request
from monitor.suppression import Grid
from monitor.suppression_cache import suppress
from monitor.tables import PublishedTable
from organisation.models import Team

KEY = "caseload"
TITLE = gettext_lazy("Caseload en langlopende dossiers nu")
EXPLANATION = gettext_lazy(
    "Hoeveel dossiers nu openstaan per team, en hoe lang al: korter dan een half jaar, een half jaar tot een jaar, "
    "of een jaar en langer. En hoe die dossiers verdeeld zijn over de regisseurs van het team: hoeveel regisseurs, "
    "en hoeveel dossiers de middelste en de drukste regisseur hebben. Er staan geen namen bij. Dit is de stand van "
    "vandaag; de gekozen periode telt hier niet."
)
#: Months open: from (inclusive) up to (exclusive); the last band is open-ended.
BANDS = ((0, 6), (6, 12), (12, None))


def band_labels() -> list[str]:
    return [_("Korter dan 6 maanden"), _("6 tot 12 maanden"), _("12 maanden of langer")]


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the last day of a shorter month)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    month += 1
    for day in range(moment.day, 27, -1):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return moment.replace(year=year, month=month, day=min(moment.day, 28))


def tables(request: Request) -> list[PublishedTable]:
    now, threshold, scope = request.now, request.threshold, request.scope
    counts = {
        f"band{k}": Count(
            "id",
            filter=Q(opened_at__lte=months_before(now, low))
            & (Q(opened_at__gt=months_before(now, high)) if high is not None else Q()),
        )
        for k, (low, high) in enumerate(BANDS)
    }
    open_dossiers = Dossier.objects.filter(status__in=OPEN_STATUSES)
    per_team = {row["team_id"]: row for row in open_dossiers.values("team_id").annotate(**counts).order_by()}
    teams = list(Team.objects.wijkteams().order_by("name").values_list("pk", "name"))
    cells = [[per_team.get(pk, {}).get(f"band{k}", 0) for k in range(len(BANDS))] for pk, _name in teams]
    grid = Grid.of(cells or [[0] * len(BANDS)])
    hidden = frozenset(suppress(grid, threshold))
    shown = scope.team_rows(teams)
    open_table = PublishedTable(
        key=f"{KEY}-looptijd",
        title=_("Open dossiers per team, naar hoe lang ze al openstaan"),
        row_header=_("Team"),
        row_labels=[name for _pk, name in teams],
        column_labels=band_labels(),
        grid=grid,
        hidden=hidden,
        threshold=threshold,
        shown_rows=shown,
    )
    # Open dossiers per regisseur in each team: one row per (team, regisseur), never a name.
    loads: dict[int, list[int]] = defaultdict(list)
    per_regisseur: dict[int, int] = defaultdict(int)
    for row in (
        open_dossiers.filter(regisseur_id__isnull=False)
        .values("team_id", "regisseur_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        loads[row["team_id"]].append(row["n"])
        per_regisseur[row["regisseur_id"]] += row["n"]
    total_column = len(BANDS)
    texts = [
        spread_texts(loads.get(pk, []), (i, total_column) not in hidden, threshold) for i, (pk, _n) in enumerate(teams)
    ]
    texts.append(spread_texts(list(per_regisseur.values()), (len(teams), total_column) not in hidden, threshold))
    spread = FigureTable.of(
        texts,
        key=f"{KEY}-regisseurs",
        title=_("Open dossiers per regisseur, per team (zonder namen)"),
        row_header=_("Team"),
        row_labels=[name for _pk, name in teams],
        column_labels=[_("Regisseurs met open dossiers"), _("Middelste regisseur (mediaan)")],
        last_header=_("Drukste regisseur (hoogste aantal)"),
        threshold=threshold,
        shown_rows=shown,
    )
    return [open_table, spread]


def spread_texts(loads: list[int], open_shown: bool, threshold: int) -> list[str]:
    """Number of regisseurs, median and maximum of their open dossiers. The median and maximum only over at least
    `threshold` regisseurs (fewer, and a figure is close to one colleague's caseload) and when the team's number of
    open dossiers is shown."""
    people = len(loads)
    if 0 < people < threshold:
        count = _("< %(threshold)s") % {"threshold": threshold}
    else:
        count = number_format(people, force_grouping=True)
    if people < threshold or not open_shown:
        return [count, HIDDEN, HIDDEN]
    middle = median(loads)
    return [
        count,
        number_format(middle, 0 if middle == int(middle) else 1),
        number_format(max(loads), force_grouping=True),
    ]


INDICATOR = Indicator(number=8, key=KEY, title=TITLE, explanation=EXPLANATION, tables=tables)
