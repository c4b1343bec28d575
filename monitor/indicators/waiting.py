"""Indicator 4, the waiting list now: dossiers waiting for triage or a regisseur, by how long, per team."""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dossiers.models import Dossier
from dossiers.transitions import TRIAGE_STATUSES
from monitor.indicators import Indicator, Request
from monitor.suppression import Grid
from monitor.suppression_cache import suppress
from monitor.tables import PublishedTable
from organisation.models import Team

KEY = "wachtlijst"
TITLE = gettext_lazy("Wachtlijst nu")
EXPLANATION = gettext_lazy(
    "Dossiers die nu wachten op de triage of op een regisseur, naar hoe lang ze al wachten (sinds de laatste "
    "statuswijziging), per team. Dit is de stand van vandaag; de gekozen periode telt hier niet."
)
#: Waiting days: from (inclusive) up to (exclusive); the last band is open.
BANDS = ((0, 8), (8, 15), (15, 29), (29, None))


def band_labels() -> list[str]:
    return [_("0 tot 8 dagen"), _("8 tot 15 dagen"), _("15 tot 29 dagen"), _("29 dagen of langer")]


def tables(request: Request) -> list[PublishedTable]:
    now, threshold, scope = request.now, request.threshold, request.scope
    counts = {
        f"band{k}": Count(
            "id",
            filter=Q(status_changed_at__lte=now - timedelta(days=low))
            & (Q(status_changed_at__gt=now - timedelta(days=high)) if high is not None else Q()),
        )
        for k, (low, high) in enumerate(BANDS)
    }
    per_team = {
        row["team_id"]: row
        for row in Dossier.objects.filter(status__in=TRIAGE_STATUSES).values("team_id").annotate(**counts).order_by()
    }
    teams = list(Team.objects.wijkteams().order_by("name").values_list("pk", "name"))
    cells = [[per_team.get(pk, {}).get(f"band{k}", 0) for k in range(len(BANDS))] for pk, _name in teams]
    grid = Grid.of(cells or [[0] * len(BANDS)])
    table = PublishedTable(
        key=KEY,
        title=_("Wachtende dossiers per team"),
        row_header=_("Team"),
        row_labels=[name for _pk, name in teams],
        column_labels=band_labels(),
        grid=grid,
        hidden=frozenset(suppress(grid, threshold)),
        threshold=threshold,
        shown_rows=scope.team_rows(teams),
    )
    return [table]


INDICATOR = Indicator(number=4, key=KEY, title=TITLE, explanation=EXPLANATION, tables=tables)
