"""Screens for discussing a theme, the actions overview, the follow-up comparison and the phone's statement.

Facilitator screens follow the rule of ``views.sessie``: only the session's own facilitator;
anyone else gets 404 and a line in the access log. State changes go through ``discussion``.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.services import log_denied
from core.access import ALL_STAFF, public_view, staff_view
from core.submissions import submit_once
from reflection import discussion, selectors
from reflection.forms_discussion import ActionForm, ActionUpdateForm, NoteForm
from reflection.models import (
    Action,
    Participant,
    Session,
    SessionStatement,
    SessionTheme,
    Stage,
    Statement,
    Theme,
    ThemeNote,
)
from reflection.views import PARTICIPANT_SESSION_KEY, _own_session, _results_context, _user


def _session_theme(request: HttpRequest, session: Session, theme_pk: int) -> Theme:
    row = SessionTheme.objects.select_related("theme").filter(session=session, theme_id=theme_pk).first()
    if row is None:
        log_denied(request, object_type="reflectiethema", object_id=theme_pk)
        raise Http404(_("Dit thema hoort niet bij deze sessie."))
    return row.theme


def _session_statement(request: HttpRequest, session: Session, session_statement_pk: int) -> SessionStatement:
    found = SessionStatement.objects.filter(pk=session_statement_pk, session=session).first()
    if found is None:
        log_denied(request, object_type="reflectiestelling", object_id=session_statement_pk)
        raise Http404(_("Deze stelling hoort niet bij deze sessie."))
    return found


# --- Theme discussion (facilitator) ---------------------------------------------------------------


@dataclass(frozen=True)
class StatementRow:
    statement: Statement
    session_statement: SessionStatement | None
    spread: discussion.PositionSpread | None
    bars: list[tuple[str, int, int]]  # (label, count, width in percent)


def _statement_rows(session: Session, theme: Theme) -> list[StatementRow]:
    put = {ss.statement_id: ss for ss in SessionStatement.objects.filter(session=session, statement__theme=theme)}
    labels = dict(discussion.position_labels())
    rows: list[StatementRow] = []
    for statement in theme.statements.order_by("order", "pk"):
        session_statement = put.get(statement.pk)
        spread = discussion.spread(session_statement) if session_statement else None
        bars: list[tuple[str, int, int]] = []
        if spread and spread.counts:
            top = max(spread.counts.values()) or 1
            bars = [(labels[p], c, round(100 * c / top)) for p, c in spread.counts.items()]
        rows.append(StatementRow(statement, session_statement, spread, bars))
    return rows


def _statements_context(session: Session, theme: Theme) -> dict[str, Any]:
    rows = _statement_rows(session, theme)
    any_open = any(row.session_statement and row.session_statement.is_open for row in rows)
    return {"session": session, "theme": theme, "statement_rows": rows, "any_open": any_open}


@staff_view(ALL_STAFF)
def thema(request: HttpRequest, pk: int, theme_pk: int) -> HttpResponse:
    session = _own_session(request, pk)
    theme = _session_theme(request, session, theme_pk)
    results = _results_context(session)
    result_row = next((row for row in results["rows"] if row.result.theme_code == theme.code), None)
    context = _statements_context(session, theme)
    context.update(
        {
            "result_row": result_row,
            "notes": ThemeNote.objects.filter(session=session, theme=theme).select_related("author"),
            "actions": Action.objects.filter(session=session, theme=theme),
            "note_form": NoteForm(),
            "action_form": ActionForm(),
        }
    )
    return render(request, "reflection/thema.html", context)


@staff_view(ALL_STAFF)
def stellingen(request: HttpRequest, pk: int, theme_pk: int) -> HttpResponse:
    """The statements block alone, polled by htmx while the room answers."""
    session = _own_session(request, pk)
    theme = _session_theme(request, session, theme_pk)
    return render(request, "reflection/_stellingen.html", _statements_context(session, theme))


def _back_to_theme(session: Session, theme_pk: int) -> HttpResponse:
    return redirect(reverse("reflection:thema", kwargs={"pk": session.pk, "theme_pk": theme_pk}) + "#stellingen")


@staff_view(ALL_STAFF)
@require_POST
def stelling_openen(request: HttpRequest, pk: int, statement_pk: int) -> HttpResponse:
    session = _own_session(request, pk)
    statement = Statement.objects.filter(pk=statement_pk, theme__session_themes__session=session).first()
    if statement is None:
        log_denied(request, object_type="reflectiestelling", object_id=statement_pk)
        raise Http404(_("Deze stelling hoort niet bij deze sessie."))
    discussion.open_statement(session, statement)
    messages.success(request, _("De stelling staat open; deelnemers zien hem nu op hun telefoon."))
    return _back_to_theme(session, statement.theme_id)


@staff_view(ALL_STAFF)
@require_POST
def stelling_tonen(request: HttpRequest, pk: int, session_statement_pk: int) -> HttpResponse:
    session = _own_session(request, pk)
    session_statement = _session_statement(request, session, session_statement_pk)
    discussion.reveal(session_statement)
    return _back_to_theme(session, session_statement.statement.theme_id)


@staff_view(ALL_STAFF)
@require_POST
def stelling_sluiten(request: HttpRequest, pk: int, session_statement_pk: int) -> HttpResponse:
    session = _own_session(request, pk)
    session_statement = _session_statement(request, session, session_statement_pk)
    discussion.close_statement(session_statement)
    messages.success(request, _("De stelling is gesloten."))
    return _back_to_theme(session, session_statement.statement.theme_id)


@staff_view(ALL_STAFF)
@require_POST
def notitie(request: HttpRequest, pk: int, theme_pk: int) -> HttpResponse:
    session = _own_session(request, pk)
    theme = _session_theme(request, session, theme_pk)
    form = NoteForm(request.POST)
    back = reverse("reflection:thema", kwargs={"pk": session.pk, "theme_pk": theme.pk}) + "#notities"
    if form.is_valid():
        try:
            outcome = submit_once(
                request,
                lambda: discussion.add_note(
                    session=session, theme=theme, author=_user(request), text=form.cleaned_data["text"]
                ),
                lambda _note: back,
            )
        except discussion.SessionError as refused:
            messages.error(request, str(refused))
        else:
            if isinstance(outcome, HttpResponse):
                return outcome
            messages.success(request, _("De notitie is bewaard."))
    else:
        messages.error(request, _("Schrijf eerst iets op voordat u de notitie bewaart."))
    return redirect(back)


@staff_view(ALL_STAFF)
@require_POST
def actie_nieuw(request: HttpRequest, pk: int, theme_pk: int) -> HttpResponse:
    session = _own_session(request, pk)
    theme = _session_theme(request, session, theme_pk)
    form = ActionForm(request.POST)
    back = reverse("reflection:thema", kwargs={"pk": session.pk, "theme_pk": theme.pk}) + "#acties"
    if form.is_valid():
        data = form.cleaned_data
        try:
            outcome = submit_once(
                request,
                lambda: discussion.add_action(
                    session=session,
                    theme=theme,
                    created_by=_user(request),
                    description=data["description"],
                    owner=data["owner"],
                    due_on=data["due_on"],
                    stage=data["stage"],
                ),
                lambda _action: back,
            )
        except discussion.SessionError as refused:
            messages.error(request, str(refused))
        else:
            if isinstance(outcome, HttpResponse):
                return outcome
            messages.success(request, _("De actie is vastgelegd."))
    else:
        messages.error(request, _("Vul bij de actie in wat er gebeurt en wie het oppakt; een datum is optioneel."))
    return redirect(back)


# --- Actions overview -----------------------------------------------------------------------------


@staff_view(ALL_STAFF)
def acties(request: HttpRequest) -> HttpResponse:
    show_all = request.GET.get("filter") == "alle"
    actions = selectors.visible_actions(_user(request)).select_related(
        "session", "session__gemeente", "session__team", "theme"
    )
    if not show_all:
        actions = actions.filter(done=False)
    return render(
        request,
        "reflection/acties.html",
        {
            "actions": actions.order_by("done", "due_on", "pk"),
            "show_all": show_all,
            "stages": Stage.choices,
        },
    )


@staff_view(ALL_STAFF)
@require_POST
def actie_bijwerken(request: HttpRequest, action_pk: int) -> HttpResponse:
    action = selectors.manageable_actions(_user(request)).filter(pk=action_pk).first()
    if action is None:
        log_denied(request, object_type="verbeteractie", object_id=action_pk)
        raise Http404(_("Deze actie bestaat niet of u bent niet de begeleider van de sessie."))
    form = ActionUpdateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een geldige fase voor de actie."))
    else:
        data = form.cleaned_data
        try:
            discussion.update_action(action, expected_version=data["version"], stage=data["stage"], done=data["done"])
        except discussion.SessionError as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("De actie is bijgewerkt."))
    target = reverse("reflection:acties")
    if request.POST.get("filter") == "alle":
        target += "?filter=alle"
    return redirect(target)


# --- Follow-up comparison -------------------------------------------------------------------------


@staff_view(ALL_STAFF)
def vervolg(request: HttpRequest, pk: int) -> HttpResponse:
    session = _own_session(request, pk)
    rows = discussion.compare(session) if session.previous_session_id else []
    return render(
        request,
        "reflection/vervolg.html",
        {"session": session, "previous": session.previous_session, "rows": rows},
    )


# --- Participant: the open statement on the phone -------------------------------------------------


def _participant(request: HttpRequest) -> Participant | None:
    token = request.session.get(PARTICIPANT_SESSION_KEY)
    return Participant.objects.select_related("session").filter(token=token).first() if token else None


@public_view
def standpunt(request: HttpRequest) -> HttpResponse:
    """GET: the statement block (polled by the phone). POST: take or change a position."""
    participant = _participant(request)
    if participant is None:
        return redirect("reflection:deelnemen")
    error = ""
    if request.method == "POST":
        try:
            value = discussion.parse_position(request.POST.get("position", ""))
            session_statement_pk = int(request.POST.get("session_statement", "0") or 0)
            discussion.submit_position(participant, session_statement_pk, value)
        except ValueError as refused:
            error = (
                str(refused)
                if isinstance(refused, discussion.SessionError)
                else _("Deze stelling staat niet (meer) open. Uw standpunt is niet opgeslagen.")
            )
        else:
            if not request.headers.get("HX-Request"):
                messages.success(request, _("Uw standpunt is opgeslagen. U kunt het nog wijzigen."))
                return redirect("reflection:scoren")
        if error and not request.headers.get("HX-Request"):
            messages.error(request, error)
            return redirect("reflection:scoren")
    context = discussion.statement_context(participant)
    context["statement_error"] = error
    return render(request, "reflection/_stelling_deelnemer.html", context, status=400 if error else 200)
