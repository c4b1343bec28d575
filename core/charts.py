"""Vega-Lite specs to inline SVG on the server, for every app that draws a chart.

Why on the server (docs/adr/0015-charts-with-vega-lite.md): the page then needs no JavaScript, the
strict CSP stays as it is (vega-embed in the browser needs 'unsafe-eval'), and the same SVG can go
into a PDF. Each app builds its own spec (``assessments/charts.py``, ``reflection/charts.py``); this
module only turns a spec into an SVG that a page can label, so the rules for that live in one place.
"""

import json
import re
from functools import lru_cache
from typing import Any

import vl_convert

_SVG_OPEN = re.compile(r"<svg\b([^>]*)>")
_SIZE = re.compile(r'\s(?:width|height)="[^"]*"')
_ID = re.compile(r"^[A-Za-z][\w-]*(?: [A-Za-z][\w-]*)*$")


@lru_cache(maxsize=64)
def _svg_of(spec_json: str) -> str:
    """One render per distinct spec: a results page polled every few seconds redraws nothing new.

    Rendering costs tens of milliseconds of CPU per chart (ADR 0015); the same numbers give the same
    spec, and the spec holds only aggregate numbers and labels, so keeping a few dozen is cheap (a large chart is ~100 kB).
    """
    return vl_convert.vegalite_to_svg(
        json.loads(spec_json), allowed_base_urls=[], format_locale="nl-NL", time_format_locale="nl-NL"
    )


def render_svg(chart_spec: dict[str, Any], *, labelled_by: str) -> str:
    """The spec as an inline SVG: an image labelled by the page's heading, scaling with its container.

    No remote data (an empty allow-list), Dutch number and month names. The fixed width and height
    go, the viewBox stays, so the chart shrinks to a phone screen (CSS `.app-chart svg`).
    `labelled_by`: one id or several separated by spaces (heading, then a short explanation).
    """
    if not _ID.match(labelled_by):
        raise ValueError(f"Not a list of element ids: {labelled_by!r}")
    svg = _svg_of(json.dumps(chart_spec, sort_keys=True, ensure_ascii=False))

    def label(match: re.Match[str]) -> str:
        attributes = _SIZE.sub("", match.group(1))
        return f'<svg{attributes} role="img" aria-labelledby="{labelled_by}" focusable="false">'

    return _SVG_OPEN.sub(label, svg, count=1)
