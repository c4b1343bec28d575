"""A person's ZRM scores over time as a Vega-Lite chart, rendered to SVG on the server.

Why on the server (docs/adr/0015-charts-with-vega-lite.md): the page then needs no JavaScript, the
strict CSP stays as it is (vega-embed in the browser needs 'unsafe-eval'), and the same SVG can go
into a PDF. The chart never stands alone: the page shows a table with the same numbers.
"""

from dataclasses import dataclass
from typing import Any

from assessments.models import Instrument, InstrumentLevel, Score
from core import charts as core_charts

#: Point colours per level, 1 (acute) red-ish to 5 (fully self-reliant) green-ish. Each has at least
#: 4.5:1 contrast on white (WCAG 1.4.11 asks 3:1 for graphics); the number beside each point and the
#: table below carry the meaning, so colour is never the only cue. The same hues as `.app-zrm-level--N`.
LEVEL_COLOURS = {1: "#b3261e", 2: "#a14a00", 3: "#7a6200", 4: "#3f6f12", 5: "#1d6b32"}
NEUTRAL_COLOUR = "#16365d"


@dataclass(frozen=True)
class ChartPoint:
    domain: str
    order: int
    assessed_on: str  # ISO date
    level: int


def points_of(scores: list[Score]) -> list[ChartPoint]:
    """The numbers the chart and its table share, oldest first per domain."""
    return [
        ChartPoint(score.domain.shown_name, score.domain.order, score.assessed_on.isoformat(), score.level)
        for score in scores
    ]


def _colour_scale(levels: list[InstrumentLevel]) -> dict[str, Any]:
    values = [level.value for level in levels]
    if set(values) <= set(LEVEL_COLOURS):
        return {"domain": values, "range": [LEVEL_COLOURS[value] for value in values]}
    return {"domain": values, "range": [NEUTRAL_COLOUR] * len(values)}


def spec(points: list[ChartPoint], instrument: Instrument, *, title: str = "") -> dict[str, Any]:
    """The Vega-Lite spec: one small line chart per domain (in the instrument's order), shared time axis.

    The dates stand once, under the last domain: an axis per domain tripled the render time (measured
    140 ms against 440 ms CPU for 13 domains × 12 scores), and the table below names every date.

    `title`: for a chart that stands alone (e.g. in a PDF); on a page the heading names the chart.
    """
    levels: list[InstrumentLevel] = list(instrument.levels.all())  # type: ignore[attr-defined]
    values = [level.value for level in levels] or [1, 5]
    low, high = min(values), max(values)
    date = {
        "field": "assessed_on",
        "type": "temporal",
        "timeUnit": "utcyearmonthdate",
        "title": None,
        "axis": {"format": "%b %Y", "labelOverlap": True, "grid": True, "gridColor": "#eeeeee"},
    }
    level_axis = {
        "field": "level",
        "type": "quantitative",
        "title": None,
        "scale": {"domain": [low, high], "nice": False, "padding": 8},
        "axis": {"values": values, "format": "d", "gridColor": "#dddddd"},
    }
    chart: dict[str, Any] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": [point.__dict__ for point in points]},
        "facet": {
            "field": "domain",
            "type": "nominal",
            "title": None,
            "sort": {"field": "order", "op": "min"},
            "header": {"labelAnchor": "start", "labelFontSize": 15, "labelFontWeight": "bold", "labelColor": "#1a1a1a"},
        },
        "columns": 1,
        "spacing": 16,
        "spec": {
            "width": 300,
            "height": 60,
            "encoding": {"x": date, "y": level_axis},
            "layer": [
                {"mark": {"type": "line", "color": "#555555", "strokeWidth": 1.5}},
                {
                    "mark": {"type": "point", "filled": True, "size": 70, "opacity": 1},
                    "encoding": {
                        "color": {"field": "level", "type": "ordinal", "scale": _colour_scale(levels), "legend": None}
                    },
                },
                {
                    "mark": {"type": "text", "dy": -12, "fontSize": 14, "fontWeight": "bold", "color": "#1a1a1a"},
                    "encoding": {"text": {"field": "level", "type": "quantitative", "format": "d"}},
                },
            ],
        },
        "config": {
            # Vega's own ARIA labels are English and name every tick; the page labels the SVG as a whole.
            "aria": False,
            "font": "sans-serif",
            "axis": {"labelFontSize": 13, "labelColor": "#1a1a1a", "domainColor": "#555555", "tickColor": "#555555"},
            "view": {"stroke": "#bbbbbb"},
        },
    }
    if title:
        chart["title"] = {"text": title, "anchor": "start", "fontSize": 14}
    return chart


def render_svg(chart_spec: dict[str, Any], *, labelled_by: str) -> str:
    """The shared renderer (core/charts.py); kept here so callers of this module need not change."""
    return core_charts.render_svg(chart_spec, labelled_by=labelled_by)
