"""A chart is one image with one name (no inner element announces itself), in the screen's language."""

from django.utils import translation

from core.charts import render_svg

LAYERED = {
    "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
    "data": {"values": [{"maand": "2026-01-01", "score": 2}, {"maand": "2026-06-01", "score": 4}]},
    "layer": [
        {
            "mark": "line",
            "encoding": {"x": {"field": "maand", "type": "temporal"}, "y": {"field": "score", "type": "quantitative"}},
        },
        {
            "mark": "point",
            "encoding": {"x": {"field": "maand", "type": "temporal"}, "y": {"field": "score", "type": "quantitative"}},
        },
    ],
}


def test_a_layered_chart_is_one_image_without_roles_inside() -> None:
    svg = render_svg(LAYERED, labelled_by="kop")
    assert svg.count('role="img"') == 1 and 'aria-labelledby="kop"' in svg
    assert "graphics-symbol" not in svg and "aria-roledescription" not in svg


def test_month_names_follow_the_screens_language() -> None:
    dutch = render_svg(LAYERED, labelled_by="kop")
    with translation.override("en"):
        english = render_svg(LAYERED, labelled_by="kop")
    assert dutch != english
