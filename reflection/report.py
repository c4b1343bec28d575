"""The session report (web page and PDF) and the join screen for the projector.

The report is what a team keeps after the session: the scores, the proposed order of
discussion, the statements the facilitator revealed, the notes and the agreed actions. It
reuses the rules of ``reflection.stats`` so the report never shows more than the room saw:
groups with fewer than ``stats.DEFAULT_MIN_GROUP`` answers show only their count, and a
statement whose spread was never revealed shows no positions at all.

Charts are the Vega-Lite bar charts of the results page (``reflection.charts``), rendered to
inline SVG on the server: the page needs no script, no external resource and no ``style``
attribute (the CSP forbids them), and WeasyPrint draws the same SVG in the PDF.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import segno
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from weasyprint import HTML

from core.translations import in_record_language
from decisions.letter import PDF_OPTIONS, DataOnlyFetcher, long_date
from reflection import charts, stats
from reflection.models import (
    POSITION_MAX,
    POSITION_MIN,
    Action,
    Perspective,
    Score,
    Session,
    SessionStatement,
    SessionTheme,
    StatementPosition,
    Theme,
    ThemeNote,
)

PDF_TEMPLATE = "reflection/rapport_pdf.html"


@dataclass(frozen=True)
class Chart:
    """A distribution as a Vega-Lite bar chart (``reflection.charts``), the same drawing as the results page.

    The SVG is labelled by the figure's caption and a description with the numbers (``_rapport_chart.html``).
    """

    id: str
    caption: str
    counts: list[tuple[int, int]]
    description: str
    svg: SafeString


@dataclass(frozen=True)
class PerspectiveLine:
    label: str
    result: stats.PerspectiveResult


@dataclass(frozen=True)
class StatementResult:
    text: str
    n: int
    suppressed: bool
    chart: Chart | None


@dataclass(frozen=True)
class ThemeReport:
    name: str
    result: stats.ThemeResult
    chart: Chart | None
    perspectives: list[PerspectiveLine]
    statements: list[StatementResult]
    notes: list[str]
    actions: list[Action]


def bar_chart(distribution: dict[int, int], caption: str, chart_id: str) -> Chart:
    """One bar per value, also for values nobody chose, with its count above it."""
    counts = sorted(distribution.items())
    parts = ", ".join(_("%(value)s: %(count)s") % {"value": value, "count": count} for value, count in counts)
    svg = charts.distribution_svg(distribution, labelled_by=f"{chart_id}-caption {chart_id}-desc")
    return Chart(
        id=chart_id,
        caption=caption,
        counts=counts,
        description=_("Aantal per waarde: %(parts)s.") % {"parts": parts},
        # Rendered on the server from numbers only (core.charts): nothing from a user reaches the SVG.
        svg=mark_safe(svg),  # noqa: S308
    )


def _themes(session: Session) -> list[Theme]:
    rows = SessionTheme.objects.filter(session=session).select_related("theme").order_by("order")
    return [row.theme for row in rows]


def _empty_result(code: str) -> stats.ThemeResult:
    return stats.ThemeResult(
        theme_code=code, n=0, distribution=None, median=None, mean=None, spread=None, suppressed=True
    )


def _statement_results(session: Session) -> dict[int, list[StatementResult]]:
    """Revealed statements only, per theme id; an unrevealed statement never shows up here."""
    revealed = list(
        SessionStatement.objects.filter(session=session, revealed_at__isnull=False)
        .select_related("statement")
        .order_by("statement__theme_id", "statement__order", "id")
    )
    positions: dict[int, Counter[int]] = {row.statement_id: Counter() for row in revealed}
    rows = StatementPosition.objects.filter(participant__session=session, statement_id__in=positions)
    for statement_id, value in rows.values_list("statement_id", "value"):
        positions[statement_id][value] += 1
    by_theme: dict[int, list[StatementResult]] = {}
    for row in revealed:
        counts = positions[row.statement_id]
        n = sum(counts.values())
        suppressed = n < stats.DEFAULT_MIN_GROUP
        chart = None
        if not suppressed:
            distribution = {value: counts.get(value, 0) for value in range(POSITION_MIN, POSITION_MAX + 1)}
            chart = bar_chart(
                distribution,
                _("Verdeling van de standpunten, van 1 (helemaal oneens) tot 5 (helemaal eens)."),
                f"stelling-{row.pk}",
            )
        result = StatementResult(text=row.statement.text, n=n, suppressed=suppressed, chart=chart)
        by_theme.setdefault(row.statement.theme_id, []).append(result)
    return by_theme


def report_context(session: Session) -> dict[str, Any]:
    """Everything the report says, for both the web page and the PDF."""
    themes = _themes(session)
    triples = Score.objects.filter(participant__session=session, theme__in=themes).values_list(
        "theme__code", "participant__perspective", "value"
    )
    summary = {result.theme_code: result for result in stats.summarise(triples)}
    labels = dict(Perspective.choices)
    statements = _statement_results(session)
    notes: dict[int, list[str]] = {}
    for theme_id, text in ThemeNote.objects.filter(session=session).values_list("theme_id", "text"):
        notes.setdefault(theme_id, []).append(text)
    actions: dict[int, list[Action]] = {}
    for action in Action.objects.filter(session=session).order_by("due_on", "id"):
        actions.setdefault(action.theme_id, []).append(action)

    reports: list[ThemeReport] = []
    for theme in themes:
        result = summary.get(theme.code) or _empty_result(theme.code)
        chart = None
        if result.distribution:
            chart = bar_chart(
                result.distribution,
                _("Verdeling van de scores voor %(name)s, van 1 (heel weinig) tot 10 (heel vaak).")
                % {"name": theme.name},
                f"thema-{theme.pk}",
            )
        perspectives = [PerspectiveLine(str(labels.get(p, p)), r) for p, r in result.by_perspective.items()]
        reports.append(
            ThemeReport(
                name=theme.name,
                result=result,
                chart=chart,
                perspectives=perspectives,
                statements=statements.get(theme.pk, []),
                notes=notes.get(theme.pk, []),
                actions=actions.get(theme.pk, []),
            )
        )
    names = {theme.code: theme.name for theme in themes}
    ranking = [names[code] for code in stats.rank_for_discussion([report.result for report in reports])]
    counts = Counter(session.participants.values_list("perspective", flat=True))
    participants = [(str(label), counts.get(value, 0)) for value, label in Perspective.choices]
    return {
        "session": session,
        "date": long_date(session.date),
        "mode": session.get_mode_display(),
        "participants": participants,
        "participant_total": sum(counts.values()),
        "themes": reports,
        "ranking": ranking,
        "min_group": stats.DEFAULT_MIN_GROUP,
    }


def render_report_html(session: Session) -> str:
    """The report as the self-contained HTML document WeasyPrint turns into the PDF.

    Always in Dutch, whatever the screen of who downloads it shows: the PDF is the record the team keeps of a
    Dutch session, and its themes, statements, notes and actions are Dutch text; the web page (`rapport`)
    follows the chosen language.
    """
    with in_record_language():
        return render_to_string(PDF_TEMPLATE, report_context(session))


def render_report_pdf(session: Session) -> bytes:
    """The report as a tagged PDF (PDF/UA-1, lang nl) that loads nothing from elsewhere."""
    html = render_report_html(session)
    pdf: bytes = HTML(string=html, url_fetcher=DataOnlyFetcher()).write_pdf(**PDF_OPTIONS)
    return pdf


def join_url(request: HttpRequest, session: Session) -> str:
    """The address a phone opens to join, with the code filled in."""
    base = request.build_absolute_uri(reverse("reflection:deelnemen"))
    return f"{base}?{urlencode({'code': session.join_code})}"


def qr_code_svg(url: str) -> SafeString:
    """The join address as a QR code in inline SVG, drawn here: nothing is loaded from elsewhere."""
    svg = segno.make(url, error="m").svg_inline(
        scale=8,
        dark="#000",
        light="#fff",
        title=_("QR-code om deel te nemen: %(url)s") % {"url": url},
        svgclass="app-qr",
    )
    # segno writes only path data and our (escaped) title: safe to place in the page as it is.
    return mark_safe(svg)  # noqa: S308
