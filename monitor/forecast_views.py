"""The capacity forecast's own page (/monitor/prognose/): one team's waiting list a year ahead, with what-if inputs.

Who: the monitor's roles, a team leader only for the own teams (a foreign team is refused and logged), a policy
advisor for every team. The page reads the aggregate facts and a few live counts (monitor.indicators.forecast),
never a dossier, and the figures of now follow indicators 4 and 8 (hidden there, hidden here). Each look is logged
like the monitor's, with the assumptions.
"""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from audit.models import AccessAction, AccessBasis
from audit.services import log_access, log_denied
from core.access import staff_view
from core.charts import render_svg
from monitor import forecast, periods
from monitor.forms_forecast import ForecastForm
from monitor.indicators import Request, Scope, caseload, waiting
from monitor.indicators import forecast as indicator
from monitor.views import MONITOR_ROLES, _allowed, _user
from organisation.models import Team


@staff_view(MONITOR_ROLES)
@require_GET
def forecast_page(request: HttpRequest) -> HttpResponse:
    teams, _wijken = _allowed(_user(request))
    norm = indicator.default_norm()
    data = request.GET.copy()
    if not data.get("team"):
        first = teams.first()
        if first is not None:
            data["team"] = str(first.pk)
    form = ForecastForm(data, teams=teams, default_norm=settings.MONITOR_CASELOAD_NORM)
    context: dict[str, Any] = {"form": form, "norm": norm}
    if not form.is_valid():
        asked = str(data.get("team", ""))[:12]
        if (
            "team" in form.errors
            and asked.isascii()
            and asked.isdigit()
            and Team.objects.wijkteams().filter(pk=int(asked)).exists()
        ):
            log_denied(request, object_type="monitor", detail=f"prognose: team {asked} buiten de eigen teams")
            return render(request, "monitor/forecast.html", context, status=403)
        return render(request, "monitor/forecast.html", context)
    team = form.cleaned_data["team"]
    now = timezone.now()
    threshold = settings.MONITOR_SMALL_CELL_THRESHOLD
    (figures,) = indicator.team_figures(now, threshold, [team.pk])
    if not form.check_fte(Decimal(str(figures.figures.fte))):
        return render(request, "monitor/forecast.html", context)
    what_if = forecast.WhatIf(
        norm=float(form.cleaned_data["norm"] or norm),
        inflow_percent=float(form.cleaned_data["instroom"] or 0),
        fte_change=float(form.cleaned_data["fte"] or 0),
    )
    base = forecast.WhatIf(norm=norm)
    log_access(
        request,
        action=AccessAction.VIEW,
        basis=AccessBasis.GEAGGREGEERD,
        object_type="monitor",
        detail=(
            f"prognose team={team.pk} instroom={what_if.inflow_percent:g} fte={what_if.fte_change:g} "
            f"norm={what_if.norm:g}"
        ),
    )
    context.update(team=team, changed=what_if != base, enough=figures.enough)
    if figures.enough:
        context.update(_figures(figures, what_if, base, now, threshold))
    return render(request, "monitor/forecast.html", context)


def _figures(
    team: indicator.TeamForecast, what_if: forecast.WhatIf, base: forecast.WhatIf, now: Any, threshold: int
) -> dict[str, Any]:
    waiting_bands, caseload_bands = indicator.projection(team, what_if)
    base_bands = indicator.projection(team, base)[0] if what_if != base else waiting_bands
    waiting_now, in_work_now = _published_now(team.team_id, now, threshold)
    today = timezone.localdate(now)
    rows: list[dict[str, object]] = [
        {
            "month": _("Nu"),
            "waiting": waiting_now,
            "margin": "–",
            "in_work": in_work_now,
            "base": waiting_now,
        }
    ]
    for t in range(1, forecast.HORIZON + 1):
        month = indicator.month_start(today, -t)
        rows.append(
            {
                "month": date_format(month, "F Y"),
                "ahead": t,
                "waiting": indicator.dossiers_text(waiting_bands[t].median),
                "margin": _margin(waiting_bands[t]),
                "in_work": indicator.dossiers_text(caseload_bands[t].median),
                "base": indicator.dossiers_text(base_bands[t].median),
            }
        )
    figures = team.figures
    factor = 1 + what_if.inflow_percent / 100
    rate = figures.closing_rate
    return {
        "rows": rows,
        "chart": _chart(waiting_bands, base_bands if what_if != base else None, waiting_now != "–"),
        "inputs": {
            "fte": indicator.fte_text(figures.fte),
            "fte_after": indicator.fte_text(max(0.0, figures.fte + what_if.fte_change)),
            "norm": number_format(what_if.norm, 0 if what_if.norm == int(what_if.norm) else 1),
            "capacity": indicator.dossiers_text(what_if.capacity(figures.fte)),
            "inflow": number_format(figures.mean_inflow, 1),
            "inflow_after": number_format(figures.mean_inflow * factor, 1),
            "closing": f"{number_format(100 * rate, 0)}%",
            "months_open": number_format(1 / rate, 1) if rate > 0 else "–",
            "history_months": indicator.HISTORY_MONTHS,
        },
    }


def _margin(band: forecast.Band) -> str:
    low, high = indicator.dossiers_text(band.low), indicator.dossiers_text(band.high)
    return low if low == high else _("%(low)s tot %(high)s") % {"low": low, "high": high}


def _published_now(team_id: int, now: Any, threshold: int) -> tuple[str, str]:
    """The waiting list and the dossiers in work now, as indicators 4 and 8 publish them for the whole municipality:
    a count they hide is hidden here too ("< 5" or "–")."""
    period = periods.default(timezone.localdate(now))
    asked = Request(period=period, now=now, threshold=threshold, scope=Scope(wijk_ids=None, team_ids=None))
    waiting_table = waiting.tables(asked)[0]
    open_table = caseload.tables(asked)[0]
    order = list(Team.objects.wijkteams().order_by("name").values_list("pk", flat=True))
    row = order.index(team_id)
    waiting_cell = (row, len(waiting_table.column_labels))
    open_cell = (row, len(open_table.column_labels))
    waiting_count, open_count = waiting_table.value(waiting_cell), open_table.value(open_cell)
    in_work = (
        "–" if waiting_count is None or open_count is None else indicator.dossiers_text(open_count - waiting_count)
    )
    return waiting_table.text(waiting_cell), in_work


def _chart(bands: list[forecast.Band], base: list[forecast.Band] | None, with_now: bool) -> str:
    first = 0 if with_now else 1
    label, base_label = _("Met uw aannames"), _("Zonder veranderingen")
    values: list[dict[str, object]] = [
        {
            "maand": t,
            "laag": indicator.whole(b.low),
            "midden": indicator.whole(b.median),
            "hoog": indicator.whole(b.high),
            "reeks": label,
        }
        for t, b in enumerate(bands)
        if t >= first
    ]
    if base is not None:
        values += [
            {"maand": t, "midden": indicator.whole(b.median), "reeks": base_label}
            for t, b in enumerate(base)
            if t >= first
        ]
    x = {"field": "maand", "type": "quantitative", "title": _("Maanden vanaf nu"), "axis": {"tickMinStep": 1}}
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 560,
        "height": 260,
        "data": {"values": values},
        "layer": [
            {
                "transform": [{"filter": {"field": "reeks", "equal": label}}],
                "mark": {"type": "area", "opacity": 0.25, "color": "#1f5f8b"},
                "encoding": {
                    "x": x,
                    "y": {"field": "laag", "type": "quantitative", "title": _("Wachtende dossiers")},
                    "y2": {"field": "hoog"},
                },
            },
            {
                "mark": {"type": "line", "point": True},
                "encoding": {
                    "x": x,
                    "y": {"field": "midden", "type": "quantitative"},
                    "color": {
                        "field": "reeks",
                        "type": "nominal",
                        "title": None,
                        "scale": {"domain": [label, base_label], "range": ["#1f5f8b", "#6b4c00"]},
                        "legend": {"orient": "top"},
                    },
                    "strokeDash": {
                        "field": "reeks",
                        "type": "nominal",
                        "scale": {"domain": [label, base_label], "range": [[1, 0], [6, 4]]},
                        "legend": None,
                    },
                },
            },
        ],
        "config": {"aria": False},
    }
    return render_svg(spec, labelled_by="titel-prognose uitleg-prognose")
