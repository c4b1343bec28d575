"""The monitor: aggregate figures for policy advisors (the whole municipality) and team leaders (their teams).

Never a person: every figure comes from the aggregate tables or a count, small counts are hidden (monitor.suppression)
and no page links to a dossier. Each page view is logged like any other (object type "monitor", the filters).
"""

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.models import Role, User
from audit.models import AccessAction, AccessBasis
from audit.services import log_access, log_denied
from core.access import staff_view
from core.charts import render_svg
from dossiers.selectors import active_team_ids
from monitor import exports
from monitor.forms import MonitorFilterForm
from monitor.indicators import Request, Scope, registered
from monitor.models import Rebuild
from monitor.tables import PublishedTable
from organisation.models import Team, Wijk

MONITOR_ROLES = frozenset({Role.BELEIDSMEDEWERKER, Role.TEAMLEIDER})


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _allowed(user: User) -> tuple[Any, Any]:
    """The teams and wijken the user may filter on: a team leader only their own teams and those teams' wijken."""
    if user.role == Role.TEAMLEIDER:
        teams = Team.objects.filter(pk__in=active_team_ids(user)).order_by("name")
        return teams, Wijk.objects.filter(teams__in=teams).distinct().order_by("name")
    return Team.objects.wijkteams().order_by("name"), Wijk.objects.order_by("name")


def _sections(request: HttpRequest) -> tuple[MonitorFilterForm, list[dict[str, Any]], str]:
    user = _user(request)
    teams, wijken = _allowed(user)
    form = MonitorFilterForm(request.GET or None, teams=teams, wijken=wijken)
    period = form.period()
    cleaned = form.cleaned_data if form.is_bound and form.is_valid() else {}
    team, wijk, law, group = cleaned.get("team"), cleaned.get("wijk"), cleaned.get("wet", ""), cleaned.get("groep", "")
    limited = user.role == Role.TEAMLEIDER
    scope = Scope(
        wijk_ids=frozenset([wijk.pk]) if wijk else frozenset(wijken.values_list("pk", flat=True)) if limited else None,
        team_ids=frozenset([team.pk]) if team else frozenset(teams.values_list("pk", flat=True)) if limited else None,
    )
    asked = Request(
        period=period,
        now=timezone.now(),
        threshold=settings.MONITOR_SMALL_CELL_THRESHOLD,
        scope=scope,
        law=law,
        group=group,
    )
    sections = [
        {
            "key": item.key,
            "title": item.title,
            "explanation": item.explanation,
            "tables": item.tables(asked),
            "notes": _unsplit(item.splits, law, group),
        }
        for item in registered()
    ]
    filters = (
        f"periode={period.key} wijk={wijk.pk if wijk else '-'} team={team.pk if team else '-'}"
        f" wet={law or '-'} groep={group or '-'}"
    )
    return form, sections, filters


def _unsplit(splits: frozenset[str], law: str, group: str) -> list[str]:
    """One line under an indicator's title for each filter its figures do not follow, instead of ignoring it."""
    notes = []
    if law and "wet" not in splits:
        notes.append(_("Niet uitgesplitst naar wet: deze cijfers gaan over alle wetten."))
    if group and "groep" not in splits:
        notes.append(_("Niet gefilterd op leeftijd: deze cijfers gaan over alle leeftijden."))
    return notes


@staff_view(MONITOR_ROLES)
@require_GET
def monitor(request: HttpRequest) -> HttpResponse:
    form, sections, filters = _sections(request)
    for section in sections:
        section["charts"] = [_chart(table) for table in section["tables"]]
    log_access(request, action=AccessAction.VIEW, basis=AccessBasis.GEAGGREGEERD, object_type="monitor", detail=filters)
    context = {
        "form": form,
        "period": form.period(),
        "sections": sections,
        "rebuild": Rebuild.objects.order_by("-finished_at").first(),
        "threshold": settings.MONITOR_SMALL_CELL_THRESHOLD,
        "query": request.GET.urlencode(),
    }
    return render(request, "monitor/monitor.html", context)


def _exported(request: HttpRequest, table_key: str, kind: str) -> PublishedTable:
    """The table as the page with the same filters shows it; looking it up is logged like the page itself."""
    _form, sections, filters = _sections(request)
    table = next((t for section in sections for t in section["tables"] if t.key == table_key), None)
    if table is None:
        log_denied(request, object_type="monitor", detail=f"export {table_key[:40]}: onbekende tabel")
        raise Http404
    log_access(
        request,
        action=AccessAction.VIEW,
        basis=AccessBasis.GEAGGREGEERD,
        object_type="monitor",
        detail=f"export {kind} {table_key} {filters}",
    )
    return table


@staff_view(MONITOR_ROLES)
@require_GET
def export_csv(request: HttpRequest, table_key: str) -> HttpResponse:
    """One table as CSV, exactly as shown: the same rows, the same hidden cells ("< 5")."""
    return exports.csv_response(_exported(request, table_key, "csv"))


@staff_view(MONITOR_ROLES)
@require_GET
def export_xlsx(request: HttpRequest, table_key: str) -> HttpResponse:
    """One table as XLSX, exactly as shown: counts as numbers, hidden cells as the text "< 5"."""
    return exports.xlsx_response(_exported(request, table_key, "xlsx"))


#: Colours far enough apart to tell the parts of a bar; the table under each chart has the same figures (WCAG 1.1.1).
_PALETTE = [
    "#1f5a96",
    "#e17c05",
    "#3a8a3a",
    "#a3001b",
    "#7a4ea3",
    "#0f8a8a",
    "#b3821d",
    "#c2467a",
    "#5b6770",
    "#4d7c0f",
]


def _chart(table: PublishedTable) -> str:
    """A horizontal bar per row, stacked by column in the table's order (hidden cells as one grey part)."""
    values = table.chart_segments()
    if not values:
        return ""
    order = sorted({(value["volgorde"], value["kolom"]) for value in values})
    names = [str(name) for _position, name in order]
    hidden = _("verborgen (kleine aantallen)")
    colours = ["#b4b4b4" if name == hidden else _PALETTE[k % len(_PALETTE)] for k, name in enumerate(names)]
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 640,
        "height": {"step": 22},
        "data": {"values": values},
        "mark": {"type": "bar", "stroke": "#ffffff", "strokeWidth": 0.5},
        "encoding": {
            "y": {"field": "rij", "type": "nominal", "title": table.row_header, "sort": None},
            "x": {"field": "aantal", "type": "quantitative", "title": _("Aantal"), "stack": "zero"},
            "color": {
                "field": "kolom",
                "type": "nominal",
                "title": None,
                "scale": {"domain": names, "range": colours},
                "legend": {"orient": "bottom", "columns": 3, "labelLimit": 220},
            },
            "order": {"field": "volgorde", "type": "quantitative"},
        },
        "config": {
            "aria": False,
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 220},
            "legend": {"labelFontSize": 12},
        },
    }
    return render_svg(spec, labelled_by=f"titel-{table.key} uitleg-{table.key}")
