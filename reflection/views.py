"""Screens of the reflection tool.

Facilitators are staff and see only their own sessions (others get 404 and a log line).
Participants have no account: after joining, their token lives in their Django session and
is the only thing that identifies them.
"""

from dataclasses import dataclass, replace
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from audit.services import log_denied
from core.access import ALL_STAFF, public_view, staff_view
from core.submissions import submit_once
from reflection import charts, discussion, selectors, services, stats, throttle
from reflection.forms import JoinForm, SessionForm
from reflection.models import SCORE_MAX, SCORE_MIN, Participant, Perspective, Score, Session, SessionTheme, Theme

PARTICIPANT_SESSION_KEY = "reflection_participant_token"


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _own_session(request: HttpRequest, pk: int) -> Session:
    session = Session.objects.select_related("gemeente", "team").filter(pk=pk).first()
    if session is None or session.facilitator_id != _user(request).pk:
        log_denied(request, object_type="reflectiesessie", object_id=pk)
        raise Http404(_("Deze sessie bestaat niet of u bent er niet de begeleider van."))
    return session


def _themes(session: Session) -> list[Theme]:
    rows = SessionTheme.objects.filter(session=session).select_related("theme").order_by("order")
    return [row.theme for row in rows]


@staff_view(ALL_STAFF)
def sessies(request: HttpRequest) -> HttpResponse:
    sessions = selectors.visible_sessions(_user(request)).select_related("gemeente", "team", "facilitator")
    return render(request, "reflection/sessies.html", {"sessions": sessions})


@staff_view(ALL_STAFF)
def sessie_nieuw(request: HttpRequest) -> HttpResponse:
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = submit_once(
            request,
            lambda: services.create_session(
                title=data["title"],
                gemeente=data["gemeente"],
                team=data["team"],
                facilitator=_user(request),
                themes=list(data["themes"]),
                date=data["date"],
                mode=data["mode"],
            ),
            lambda made: reverse("reflection:sessie", kwargs={"pk": made.pk}),
        )
        if isinstance(outcome, HttpResponse):
            return outcome
        session = outcome
        messages.success(request, _("De sessie is aangemaakt."))
        return redirect("reflection:sessie", pk=session.pk)
    return render(request, "reflection/sessie_nieuw.html", {"form": form})


@dataclass(frozen=True)
class PerspectiveRow:
    label: str
    result: stats.PerspectiveResult


@dataclass(frozen=True)
class ThemeRow:
    theme_pk: int
    name: str
    result: stats.ThemeResult
    counts: list[tuple[int, int]]  # (score, how many gave it); empty when suppressed
    perspectives: list[PerspectiveRow]
    chart_svg: str = ""  # the same counts as a bar chart, when the page asked for one

    @property
    def heading_id(self) -> str:
        return f"thema-{self.theme_pk}-kop"

    @property
    def explanation_id(self) -> str:
        return f"thema-{self.theme_pk}-uitleg"


def _results_context(session: Session, *, with_charts: bool = False, large: bool = False) -> dict[str, Any]:
    """Results per theme in the session's order, and the proposed order of discussion.

    Two queries whatever the number of answers. `with_charts` renders a bar chart per shown theme
    (tens of milliseconds the first time, then from the cache in ``core.charts``); pages that show
    only the numbers leave it off. `large`: the chart for the beamer.
    """
    themes = _themes(session)
    triples = Score.objects.filter(participant__session=session, theme__in=themes).values_list(
        "theme__code", "participant__perspective", "value"
    )
    summary = {result.theme_code: result for result in stats.summarise(triples)}
    labels = dict(Perspective.choices)
    rows: list[ThemeRow] = []
    for theme in themes:
        result = summary.get(theme.code) or stats.ThemeResult(
            theme_code=theme.code, n=0, distribution=None, median=None, mean=None, spread=None, suppressed=True
        )
        counts = sorted(result.distribution.items()) if result.distribution else []
        perspectives = [PerspectiveRow(str(labels.get(p, p)), r) for p, r in result.by_perspective.items()]
        row = ThemeRow(theme.pk, theme.name, result, counts, perspectives)
        if with_charts and result.distribution and not result.suppressed:
            svg = charts.distribution_svg(
                result.distribution, labelled_by=f"{row.heading_id} {row.explanation_id}", large=large
            )
            row = replace(row, chart_svg=svg)
        rows.append(row)
    by_code = {row.result.theme_code: row for row in rows}
    ordered_rows = [by_code[code] for code in stats.rank_for_discussion([row.result for row in rows])]
    return {
        "session": session,
        "rows": rows,
        "order": [row.name for row in ordered_rows],
        "ordered_rows": ordered_rows,
    }


@staff_view(ALL_STAFF)
def sessie(request: HttpRequest, pk: int) -> HttpResponse:
    session = _own_session(request, pk)
    join_url = request.build_absolute_uri(reverse("reflection:deelnemen"))
    context = _results_context(session, with_charts=True)
    context.update(
        {"join_url": join_url, "participant_count": session.participants.count(), "themes": _themes(session)}
    )
    return render(request, "reflection/sessie.html", context)


@staff_view(ALL_STAFF)
def resultaten(request: HttpRequest, pk: int) -> HttpResponse:
    session = Session.objects.filter(pk=pk).first()
    if session is None or session.facilitator_id != _user(request).pk:
        log_denied(request, object_type="reflectiesessie", object_id=pk)
        raise Http404(_("Deze sessie bestaat niet of u bent er niet de begeleider van."))
    return render(request, "reflection/_resultaten.html", _results_context(session, with_charts=True))


@staff_view(ALL_STAFF)
@require_POST
def sluiten(request: HttpRequest, pk: int) -> HttpResponse:
    session = _own_session(request, pk)
    services.close_scoring(session)
    messages.success(request, _("Het scoren is gesloten."))
    return redirect("reflection:sessie", pk=session.pk)


@public_view
def deelnemen(request: HttpRequest) -> HttpResponse:
    """The public join page; wrong codes are rate-limited (reflection.throttle) so codes cannot be guessed."""
    if request.method == "POST" and throttle.is_blocked(request):
        return render(
            request, "reflection/te_veel_pogingen.html", {"minutes": throttle.WINDOW_SECONDS // 60}, status=429
        )
    form = JoinForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            participant = services.join(data["code"], data["perspective"], data["display_name"])
        except (services.UnknownSession, services.SessionNotOpen) as error:
            throttle.record_failure(request)
            form.add_error(None, str(error))
        except services.SessionError as error:
            form.add_error(None, str(error))
        else:
            request.session.cycle_key()
            request.session[PARTICIPANT_SESSION_KEY] = participant.token
            return redirect("reflection:scoren")
    return render(request, "reflection/deelnemen.html", {"form": form})


def _parse_scores(post: Any, themes: list[Theme]) -> dict[Theme, int]:
    """The answered themes with their value; raises InvalidScore on any bad value or unknown theme."""
    by_code = {theme.code: theme for theme in themes}
    chosen: dict[Theme, int] = {}
    for key, raw in post.items():
        if not key.startswith("score-") or raw == "":
            continue
        theme = by_code.get(key.removeprefix("score-"))
        if theme is None:
            raise services.InvalidScore(_("Dit thema hoort niet bij deze sessie."))
        try:
            value = int(raw)
        except ValueError:
            raise services.InvalidScore(_("Geef een score van 1 tot en met 10.")) from None
        if not SCORE_MIN <= value <= SCORE_MAX:
            raise services.InvalidScore(_("Geef een score van 1 tot en met 10."))
        chosen[theme] = value
    return chosen


@public_view
def scoren(request: HttpRequest) -> HttpResponse:
    token = request.session.get(PARTICIPANT_SESSION_KEY)
    participant = Participant.objects.select_related("session").filter(token=token).first() if token else None
    if participant is None:
        return redirect("reflection:deelnemen")
    session = participant.session
    themes = _themes(session)
    error = ""
    if request.method == "POST":
        try:
            chosen = _parse_scores(request.POST, themes)
            if not chosen:
                raise services.InvalidScore(_("Kies bij ten minste één thema een score."))
            if not session.scoring_open or session.closed_at is not None:
                raise services.SessionNotOpen(_("Het scoren is gesloten voor deze sessie."))
            with transaction.atomic():
                for theme, value in chosen.items():
                    services.submit_score(participant, theme, value)
        except services.SessionError as refused:
            error = str(refused)
        else:
            messages.success(request, _("Uw scores zijn opgeslagen. U kunt ze nog wijzigen."))
            return redirect("reflection:scoren")
    current = dict(participant.scores.values_list("theme_id", "value"))
    items = [{"theme": theme, "value": current.get(theme.pk)} for theme in themes]
    scale = [(value, _scale_label(value)) for value in range(SCORE_MIN, SCORE_MAX + 1)]
    context = {"session": session, "items": items, "scale": scale, "error": error}
    context.update(discussion.statement_context(participant))
    return render(request, "reflection/scoren.html", context, status=400 if error else 200)


def _scale_label(value: int) -> str:
    if value == SCORE_MIN:
        return _("%(value)s heel weinig") % {"value": value}
    if value == SCORE_MAX:
        return _("%(value)s heel vaak") % {"value": value}
    return str(value)
