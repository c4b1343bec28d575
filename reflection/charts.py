"""The answer distribution of one theme as a Vega-Lite bar chart, rendered to SVG on the server.

The chart shows what the table beside it shows: how many people gave each score on the 1–10 scale.
It is drawn only for a theme with enough answers (``stats.DEFAULT_MIN_GROUP``): a suppressed theme has
no distribution, so no chart can give away a lone score. Rendering is shared (``core.charts``).
"""

from typing import Any

from core import charts as core_charts

#: The bar colour of the report's charts; 9:1 contrast on white, 3:1 is asked for graphics (WCAG 1.4.11).
BAR_COLOUR = "#1f4e79"


def distribution_spec(distribution: dict[int, int], *, large: bool = False) -> dict[str, Any]:
    """One bar per score, every score on the axis (also those nobody gave), the count above each bar.

    `large`: bigger labels for the beamer view, read from the back of the room.
    """
    label_size = 22 if large else 13
    rows = [{"score": score, "count": count} for score, count in sorted(distribution.items())]
    top = max((row["count"] for row in rows), default=0)
    x = {
        "field": "score",
        "type": "ordinal",
        "sort": [row["score"] for row in rows],
        "title": None,
        "axis": {"labelAngle": 0, "labelFontSize": label_size, "labelPadding": 6},
    }
    y = {
        "field": "count",
        "type": "quantitative",
        "title": None,
        # Room above the tallest bar for its count; whole people only on the axis.
        "scale": {"domain": [0, max(top, 1) * 1.15], "nice": False},
        "axis": None,
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": rows},
        "width": 560 if large else 320,
        "height": 260 if large else 140,
        "encoding": {"x": x, "y": y},
        "layer": [
            {"mark": {"type": "bar", "color": BAR_COLOUR}},
            {
                "mark": {
                    "type": "text",
                    "baseline": "bottom",
                    "dy": -4,
                    "fontSize": label_size,
                    "fontWeight": "bold",
                    "color": "#1a1a1a",
                },
                "encoding": {"text": {"field": "count", "type": "quantitative", "format": "d"}},
            },
        ],
        "config": {
            # Vega's own ARIA labels are English and name every bar; the page labels the SVG as a whole.
            "aria": False,
            "font": "sans-serif",
            "axis": {"labelColor": "#1a1a1a", "domainColor": "#1a1a1a", "tickColor": "#1a1a1a"},
            "view": {"stroke": None},
        },
    }


def distribution_svg(distribution: dict[int, int], *, labelled_by: str, large: bool = False) -> str:
    return core_charts.render_svg(distribution_spec(distribution, large=large), labelled_by=labelled_by)
