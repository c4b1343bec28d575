"""Vega-Lite specs to inline SVG on the server, for every app that draws a chart.

Why on the server (docs/adr/0015-charts-with-vega-lite.md): the page then needs no JavaScript, the
strict CSP stays as it is (vega-embed in the browser needs 'unsafe-eval'), and the same SVG can go
into a PDF. Each app builds its own spec (``assessments/charts.py``, ``reflection/charts.py``); this
module only turns a spec into an SVG that a page can label, so the rules for that live in one place.
"""

import json
import re
from functools import lru_cache
from typing import Any, Literal

import vl_convert
from django.utils.translation import get_language

_SVG_OPEN = re.compile(r"<svg\b([^>]*)>")
_SIZE = re.compile(r'\s(?:width|height)="[^"]*"')
_INNER_ARIA = re.compile(r'\s(?:role|aria-roledescription|aria-label)="[^"]*"')
_ID = re.compile(r"^[A-Za-z][\w-]*(?: [A-Za-z][\w-]*)*$")


#: Number and month names in the language of the screen (d3-format and d3-time-format locale names).
ChartLocale = Literal["nl-NL", "en-GB"]
CHART_LOCALES: dict[str, ChartLocale] = {"nl": "nl-NL", "en": "en-GB"}


@lru_cache(maxsize=64)
def _svg_of(spec_json: str, locale: ChartLocale) -> str:
    """One render per distinct spec: a results page polled every few seconds redraws nothing new.

    Rendering costs tens of milliseconds of CPU per chart (ADR 0015); the same numbers give the same
    spec, and the spec holds only aggregate numbers and labels, so keeping a few dozen is cheap (a large chart is ~100 kB).
    """
    return vl_convert.vegalite_to_svg(
        json.loads(spec_json), allowed_base_urls=[], format_locale=locale, time_format_locale=locale
    )


def render_svg(chart_spec: dict[str, Any], *, labelled_by: str) -> str:
    """The spec as an inline SVG: an image labelled by the page's heading, scaling with its container.

    No remote data (an empty allow-list), number and month names in the screen's language. The fixed width and height
    go, the viewBox stays, so the chart shrinks to a phone screen (CSS `.app-chart svg`).
    `labelled_by`: one id or several separated by spaces (heading, then a short explanation).
    """
    if not _ID.match(labelled_by):
        raise ValueError(f"Not a list of element ids: {labelled_by!r}")
    # No mark, layer or axis may announce itself as well (axe: svg-img-alt); what the config cannot switch off
    # is taken out below.
    config = chart_spec.get("config", {})
    silent = {**chart_spec, "config": {**config, "aria": False, "mark": {**config.get("mark", {}), "aria": False}}}
    locale = CHART_LOCALES.get(get_language() or "", CHART_LOCALES["nl"])
    svg = _svg_of(json.dumps(silent, sort_keys=True, ensure_ascii=False), locale)

    def label(match: re.Match[str]) -> str:
        attributes = _INNER_ARIA.sub("", _SIZE.sub("", match.group(1)))
        return f'<svg{attributes} role="img" aria-labelledby="{labelled_by}" focusable="false">'

    opening = _SVG_OPEN.search(svg)
    if opening is None:
        raise ValueError("The renderer gave no SVG")
    # The whole chart is one image with one name: inner groups and marks that still carry a role or a label of
    # their own (Vega gives layers one) would be announced apart, or flagged as images without a name.
    inside = _INNER_ARIA.sub("", svg[opening.end() :])
    return label(opening) + inside
