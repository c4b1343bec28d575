"""Indicator 11, the capacity forecast: each team's waiting list 3, 6 and 12 months ahead, from the last year's
new dossiers and closures, the generalists' FTE and a caseload norm (monitor/forecast.py, docs/adr/0018).

The rebuild writes MonitorFact rows per team: dossiers opened and closed per month since thirteen months before
the rebuild (categories "geopend", "gesloten") and the dossiers open at the rebuild ("open", no month). From these
the page works back how many were open at the start of each month, for the closing rate. The present (waiting,
in work, FTE) is counted live, like indicators 4 and 8. A projection is a model's output, not a count of people:
it is shown rounded to whole dossiers; a team with fewer dossiers than the small-cell threshold (open now, or new
in the last year) gets no forecast (docs/monitor.md).
"""

import hashlib
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from accounts.models import Role
from dossiers.models import Dossier
from dossiers.transitions import OPEN_STATUSES, TRIAGE_STATUSES
from monitor import forecast
from monitor.figures import HIDDEN, FigureTable
from monitor.indicators import Indicator, Request
from monitor.models import MonitorFact
from monitor.tables import PublishedTable
from organisation.models import Team, TeamMembership

KEY = "prognose"
FACT = "prognose"
OPENED, CLOSED, OPEN = "geopend", "gesloten", "open"
#: Full months of history the inflow and the closing rate are taken from.
HISTORY_MONTHS = 12
TITLE = gettext_lazy("Capaciteitsprognose")
EXPLANATION = gettext_lazy(
    "Hoe lang de wachtlijst van elk team over 3, 6 en 12 maanden naar verwachting is, als de instroom van het "
    "afgelopen jaar doorgaat, het team evenveel fte houdt en elke generalist het aantal dossiers van de "
    "caseloadnorm kan dragen. Het eerste getal is de verwachting; tussen haakjes staat de marge waarbinnen 8 van "
    "de 10 uitkomsten van het model vallen. Dit is een rekenmodel, geen telling. Op de pagina met de prognose kunt "
    "u de instroom, het aantal fte en de norm veranderen."
)


def month_start(day: date, back: int = 0) -> date:
    """The first day of the month `back` months before the month of `day`."""
    year, month = divmod(day.year * 12 + day.month - 1 - back, 12)
    return date(year, month + 1, 1)


def build(today: date) -> Iterable[MonitorFact]:
    since = month_start(today, HISTORY_MONTHS + 1)
    facts = []
    open_now: dict[int, int] = defaultdict(int)
    opened = (
        Dossier.objects.annotate(month=TruncMonth("opened_at"))
        .values("month", "team_id")
        .annotate(n=Count("id"), still_open=Count("id", filter=Q(status__in=OPEN_STATUSES)))
        .order_by()
    )
    for row in opened:
        open_now[row["team_id"]] += row["still_open"]
        month = _day(row["month"])
        if month >= since:
            facts.append(
                MonitorFact(indicator=FACT, month=month, team_id=row["team_id"], category=OPENED, value=row["n"])
            )
    for row in (
        Dossier.objects.filter(closed_at__isnull=False, closed_at__date__gte=since)
        .annotate(month=TruncMonth("closed_at"))
        .values("month", "team_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        facts.append(
            MonitorFact(
                indicator=FACT, month=_day(row["month"]), team_id=row["team_id"], category=CLOSED, value=row["n"]
            )
        )
    facts += [
        MonitorFact(indicator=FACT, month=None, team_id=team_id, category=OPEN, value=n)
        for team_id, n in open_now.items()
    ]
    return facts


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


@dataclass(frozen=True)
class TeamForecast:
    team_id: int
    name: str
    figures: forecast.TeamFigures
    #: False: too few dossiers to say anything without pointing at a handful of households.
    enough: bool


def team_figures(now: datetime, threshold: int, team_ids: Sequence[int] | None = None) -> list[TeamForecast]:
    """Every team's figures (or those of `team_ids`), in name order: four queries, whatever the number of dossiers."""
    teams = Team.objects.wijkteams().order_by("name")
    if team_ids is not None:
        teams = teams.filter(pk__in=team_ids)
    team_list = list(teams.values_list("pk", "name"))
    today = timezone.localdate(now) if timezone.is_aware(now) else now.date()
    window = [month_start(today, back) for back in range(HISTORY_MONTHS, 0, -1)]
    flows: dict[tuple[int, str], dict[date, int]] = defaultdict(dict)
    open_at_rebuild: dict[int, int] = defaultdict(int)
    facts = MonitorFact.objects.filter(indicator=FACT).filter(Q(month__isnull=True) | Q(month__gte=window[0]))
    if team_ids is not None:
        facts = facts.filter(team_id__in=team_ids)
    for team_id, category, month, value in facts.values_list("team_id", "category", "month", "value"):
        if category == OPEN or month is None:
            open_at_rebuild[team_id] += value
        else:
            flows[(team_id, category)][month] = flows[(team_id, category)].get(month, 0) + value
    live = Dossier.objects.filter(status__in=OPEN_STATUSES)
    if team_ids is not None:
        live = live.filter(team_id__in=team_ids)
    present = {
        row["team_id"]: row
        for row in live.values("team_id")
        .annotate(open=Count("id"), waiting=Count("id", filter=Q(status__in=TRIAGE_STATUSES)))
        .order_by()
    }
    fte = generalist_fte(today, team_ids)
    result = []
    for team_id, name in team_list:
        opened, closed = flows[(team_id, OPENED)], flows[(team_id, CLOSED)]
        inflow = tuple(opened.get(month, 0) for month in window)
        # Open at the start of each month of the window: open at the rebuild, minus what opened since, plus what
        # closed since.
        open_at_start = []
        for month in window:
            later_opened = sum(n for m, n in opened.items() if m >= month)
            later_closed = sum(n for m, n in closed.items() if m >= month)
            open_at_start.append(max(0, open_at_rebuild[team_id] - later_opened + later_closed))
        rate = forecast.closing_rate(open_at_start, [closed.get(month, 0) for month in window])
        now_row = present.get(team_id, {"open": 0, "waiting": 0})
        figures = forecast.TeamFigures(
            waiting=now_row["waiting"],
            caseload=now_row["open"] - now_row["waiting"],
            fte=float(fte.get(team_id, Decimal(0))),
            inflow=inflow,
            closing_rate=rate,
        )
        enough = now_row["open"] >= threshold and sum(inflow) >= threshold
        result.append(TeamForecast(team_id=team_id, name=name, figures=figures, enough=enough))
    return result


def generalist_fte(today: date, team_ids: Sequence[int] | None = None) -> dict[int, Decimal]:
    """The FTE of the generalists with a membership running today, per team (one query)."""
    memberships = TeamMembership.objects.filter(user__role=Role.GENERALIST, user__is_active=True, start__lte=today)
    memberships = memberships.filter(Q(end__isnull=True) | Q(end__gte=today))
    if team_ids is not None:
        memberships = memberships.filter(team_id__in=team_ids)
    return {row["team_id"]: row["fte"] for row in memberships.values("team_id").annotate(fte=Sum("fte")).order_by()}


def default_norm() -> float:
    return float(settings.MONITOR_CASELOAD_NORM)


#: Projections are cached under a digest of everything they depend on: new figures give a new key.
_CACHE_PREFIX = "monitor:forecast:v2:"
CACHE_SECONDS = 24 * 3600
T = TypeVar("T")


def _cached(material: object, compute: Callable[[], T]) -> T:
    key = _CACHE_PREFIX + hashlib.sha256(repr((material, forecast.RUNS, forecast.HORIZON)).encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return cast(T, value)


def projection(team: TeamForecast, what_if: forecast.WhatIf) -> tuple[list[forecast.Band], list[forecast.Band]]:
    """The team's bands of the waiting list and the caseload, month by month, worked out once per distinct input
    (about 10 ms of simulation; a page would pay it on every view)."""

    def compute() -> tuple[list[forecast.Band], list[forecast.Band]]:
        runs = forecast.simulate(team.figures, what_if, seed=team.team_id)
        return runs.waiting_bands(), runs.caseload_bands()

    return _cached(("projection", team.team_id, team.figures, what_if), compute)


def whole(value: float) -> int:
    """Rounded to a whole dossier, half up (Python's round() would make 2.5 into 2 and 3.5 into 4)."""
    return math.floor(value + 0.5)


def dossiers_text(value: float) -> str:
    return number_format(whole(value), force_grouping=True)


def band_text(band: forecast.Band) -> str:
    """ "25 (18–33)": the median, and the 10th to 90th percentile; one number when the band is a line."""
    median, low, high = whole(band.median), whole(band.low), whole(band.high)
    if low == high == median:
        return dossiers_text(median)
    return _("%(median)s (%(low)s–%(high)s)") % {
        "median": dossiers_text(median),
        "low": dossiers_text(low),
        "high": dossiers_text(high),
    }


def fte_text(value: float) -> str:
    return number_format(value, 1)


def tables(request: Request) -> list[PublishedTable]:
    teams = team_figures(request.now, request.threshold)
    what_if = forecast.WhatIf(norm=default_norm())
    material = ("table", get_language(), what_if, [(team.team_id, team.figures, team.enough) for team in teams])
    texts = _cached(material, lambda: _table_texts(teams, what_if))
    return [
        FigureTable.of(
            texts,
            key=KEY,
            title=_("Wachtlijst per team over 3, 6 en 12 maanden (verwachting en marge)"),
            row_header=_("Team"),
            row_labels=[team.name for team in teams],
            column_labels=[
                _("Fte generalisten"),
                _("Capaciteit (dossiers)"),
                _("Nieuwe dossiers per maand"),
                _("Over 3 maanden"),
                _("Over 6 maanden"),
            ],
            last_header=_("Over 12 maanden"),
            threshold=request.threshold,
            shown_rows=request.scope.team_rows(teams_rows(teams)),
        )
    ]


def _table_texts(teams: Sequence[TeamForecast], what_if: forecast.WhatIf) -> list[list[str]]:
    """Per team (then the total): FTE, capacity, mean inflow, and the waiting list in 3, 6 and 12 months. The
    total adds the teams' runs run by run, so its band is that of the sum, not a sum of bands."""
    texts: list[list[str]] = []
    combined: forecast.Runs | None = None
    for team in teams:
        row = [fte_text(team.figures.fte), dossiers_text(what_if.capacity(team.figures.fte))]
        if not team.enough:
            texts.append([*row, HIDDEN, HIDDEN, HIDDEN, HIDDEN])
            continue
        runs = forecast.simulate(team.figures, what_if, seed=team.team_id)
        combined = runs if combined is None else combined + runs
        bands = runs.waiting_bands()
        inflow = number_format(team.figures.mean_inflow * (1 + what_if.inflow_percent / 100), 1)
        texts.append([*row, inflow, *(band_text(bands[month]) for month in forecast.SHOWN_MONTHS)])
    total_fte = sum(team.figures.fte for team in teams)
    total = [fte_text(total_fte), dossiers_text(what_if.capacity(total_fte))]
    if combined is None:
        total += [HIDDEN] * 4
    else:
        counted = [team for team in teams if team.enough]
        bands = combined.waiting_bands()
        total += [
            number_format(sum(team.figures.mean_inflow for team in counted), 1),
            *(band_text(bands[month]) for month in forecast.SHOWN_MONTHS),
        ]
    texts.append(total)
    return texts


def teams_rows(teams: Sequence[TeamForecast]) -> list[tuple[object, str]]:
    return [(team.team_id, team.name) for team in teams]


INDICATOR = Indicator(number=11, key=KEY, title=TITLE, explanation=EXPLANATION, tables=tables)
