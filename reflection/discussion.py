"""The discussion part of a session: statements put to the room, notes, actions and the follow-up.

The only place that changes statements, positions, notes and actions; views call these functions.
Rules that matter:

* one statement is open per session at a time: opening another closes the open one, so a
  participant's phone never has to choose between two questions;
* a participant takes one position per statement; a second answer replaces the first;
* the spread of positions shows only once the facilitator reveals it, and like the scores
  (see ``stats``) a group with fewer than three answers shows no values;
* actions carry a version number: a change made on a stale page is refused, not merged.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from reflection import stats
from reflection.models import (
    POSITION_MAX,
    POSITION_MIN,
    Action,
    Participant,
    Score,
    Session,
    SessionStatement,
    SessionTheme,
    Stage,
    Statement,
    StatementPosition,
    Theme,
    ThemeNote,
)
from reflection.services import SessionError

POSITIONS = range(POSITION_MIN, POSITION_MAX + 1)
_POSITION_LABELS = {
    1: gettext_lazy("helemaal oneens"),
    2: gettext_lazy("oneens"),
    3: gettext_lazy("neutraal"),
    4: gettext_lazy("eens"),
    5: gettext_lazy("helemaal eens"),
}


def position_labels() -> list[tuple[int, str]]:
    return [(value, str(label)) for value, label in _POSITION_LABELS.items()]


class StatementNotOpen(SessionError):
    pass


class InvalidPosition(SessionError):
    pass


class InvalidInput(SessionError):
    pass


class StaleAction(SessionError):
    pass


def _theme_in_session(session: Session, theme: Theme) -> None:
    if not SessionTheme.objects.filter(session=session, theme=theme).exists():
        raise InvalidInput(_("Dit thema hoort niet bij deze sessie."))


# --- Statements -----------------------------------------------------------------------------------


@transaction.atomic
def open_statement(session: Session, statement: Statement) -> SessionStatement:
    """Put a statement to the room; closes whatever statement was open in this session.

    The session row is locked so two clicks (or two facilitator tabs) cannot leave two
    statements open. Re-opening a closed statement keeps the positions given earlier.
    """
    Session.objects.select_for_update().get(pk=session.pk)
    _theme_in_session(session, statement.theme)
    now = timezone.now()
    SessionStatement.objects.filter(session=session, closed_at__isnull=True).exclude(statement=statement).update(
        closed_at=now
    )
    session_statement, created = SessionStatement.objects.get_or_create(
        session=session, statement=statement, defaults={"opened_at": now}
    )
    if not created and session_statement.closed_at is not None:
        session_statement.closed_at = None
        session_statement.opened_at = now
        session_statement.save(update_fields=["closed_at", "opened_at"])
    return session_statement


@transaction.atomic
def reveal(session_statement: SessionStatement) -> SessionStatement:
    """Show the spread to the room; idempotent, keeps the first moment."""
    if session_statement.revealed_at is None:
        session_statement.revealed_at = timezone.now()
        session_statement.save(update_fields=["revealed_at"])
    return session_statement


@transaction.atomic
def close_statement(session_statement: SessionStatement) -> SessionStatement:
    """Stop accepting positions; idempotent, keeps the first closing time."""
    if session_statement.closed_at is None:
        session_statement.closed_at = timezone.now()
        session_statement.save(update_fields=["closed_at"])
    return session_statement


def open_statement_for(session: Session) -> SessionStatement | None:
    return (
        SessionStatement.objects.select_related("statement", "statement__theme")
        .filter(session=session, closed_at__isnull=True)
        .first()
    )


def parse_position(raw: object) -> int:
    """The value of a submitted position; raises InvalidPosition for anything but 1–5."""
    try:
        value = int(str(raw))
    except ValueError:
        raise InvalidPosition(_("Kies een standpunt van 1 (helemaal oneens) tot en met 5 (helemaal eens).")) from None
    if value not in POSITIONS:
        raise InvalidPosition(_("Kies een standpunt van 1 (helemaal oneens) tot en met 5 (helemaal eens)."))
    return value


def submit_position(participant: Participant, session_statement_id: int, value: int) -> StatementPosition:
    """Record or replace the participant's position; never counts twice.

    Like ``services.submit_score``: a double tap can race on the insert, the loser hits the
    unique constraint and one retry finds the row and updates it.
    """
    if isinstance(value, bool) or not isinstance(value, int) or value not in POSITIONS:
        raise InvalidPosition(_("Kies een standpunt van 1 (helemaal oneens) tot en met 5 (helemaal eens)."))
    try:
        return _store_position(participant, session_statement_id, value)
    except IntegrityError:
        return _store_position(participant, session_statement_id, value)


@transaction.atomic
def _store_position(participant: Participant, session_statement_id: int, value: int) -> StatementPosition:
    session_statement = SessionStatement.objects.filter(
        pk=session_statement_id, session_id=participant.session_id
    ).first()
    if session_statement is None or not session_statement.is_open:
        raise StatementNotOpen(_("Deze stelling staat niet (meer) open. Uw standpunt is niet opgeslagen."))
    position, _created = StatementPosition.objects.update_or_create(
        participant=participant, statement_id=session_statement.statement_id, defaults={"value": value}
    )
    return position


def statement_context(participant: Participant) -> dict[str, object]:
    """What the phone shows: the open statement of the session and the participant's own answer."""
    open_statement = open_statement_for(participant.session)
    current = None
    if open_statement is not None:
        current = (
            StatementPosition.objects.filter(participant=participant, statement_id=open_statement.statement_id)
            .values_list("value", flat=True)
            .first()
        )
    return {"open_statement": open_statement, "current_position": current, "positions": position_labels()}


@dataclass(frozen=True)
class PositionSpread:
    n: int
    counts: dict[int, int] | None  # None while hidden or with too few answers
    suppressed: bool


def spread(session_statement: SessionStatement, min_group: int = stats.DEFAULT_MIN_GROUP) -> PositionSpread:
    """Number of answers, and the count per position once revealed and with enough answers."""
    values = list(
        StatementPosition.objects.filter(
            statement_id=session_statement.statement_id, participant__session_id=session_statement.session_id
        ).values_list("value", flat=True)
    )
    if session_statement.revealed_at is None or len(values) < min_group:
        return PositionSpread(n=len(values), counts=None, suppressed=len(values) < min_group)
    counted = Counter(values)
    return PositionSpread(n=len(values), counts={p: counted.get(p, 0) for p in POSITIONS}, suppressed=False)


# --- Notes and actions ----------------------------------------------------------------------------


@transaction.atomic
def add_note(*, session: Session, theme: Theme, author: User, text: str) -> ThemeNote:
    _theme_in_session(session, theme)
    if not text.strip():
        raise InvalidInput(_("Schrijf eerst iets op voordat u de notitie bewaart."))
    return ThemeNote.objects.create(session=session, theme=theme, author=author, text=text.strip())


@transaction.atomic
def add_action(
    *,
    session: Session,
    theme: Theme,
    created_by: User,
    description: str,
    owner: str,
    due_on: datetime.date | None = None,
    stage: str = Stage.PLAN,
) -> Action:
    _theme_in_session(session, theme)
    if not description.strip() or not owner.strip():
        raise InvalidInput(_("Een actie heeft een omschrijving en iemand die hem oppakt."))
    if stage not in Stage.values:
        raise InvalidInput(_("Kies een geldige fase: plan, do, check of act."))
    return Action.objects.create(
        session=session,
        theme=theme,
        created_by=created_by,
        description=description.strip(),
        owner=owner.strip(),
        due_on=due_on,
        stage=stage,
    )


@transaction.atomic
def update_action(action: Action, *, expected_version: int, stage: str, done: bool) -> Action:
    """Change stage and done-flag, only if nobody changed the action since the page was loaded."""
    if stage not in Stage.values:
        raise InvalidInput(_("Kies een geldige fase: plan, do, check of act."))
    updated = Action.objects.filter(pk=action.pk, version=expected_version).update(
        stage=stage, done=done, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleAction(
            _("Iemand anders heeft deze actie intussen gewijzigd. Bekijk de nieuwe stand en probeer het opnieuw.")
        )
    action.refresh_from_db()
    return action


# --- Follow-up comparison -------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    theme: Theme
    before: stats.ThemeResult | None
    after: stats.ThemeResult | None
    median_change: float | None
    mean_change: float | None


def _results(session: Session, themes: Sequence[Theme]) -> dict[str, stats.ThemeResult]:
    triples = Score.objects.filter(participant__session=session, theme__in=themes).values_list(
        "theme__code", "participant__perspective", "value"
    )
    return {result.theme_code: result for result in stats.summarise(triples)}


def _difference(old: float | None, new: float | None) -> float | None:
    return None if old is None or new is None else new - old


def compare(session: Session) -> list[Comparison]:
    """Per theme of this session (then any theme only the earlier one had): earlier vs. now.

    A change is given only when both sessions show values; a hidden (small) group is never
    compared, so its individual answers cannot be worked out from the difference.
    """
    previous = session.previous_session
    themes = [
        row.theme for row in SessionTheme.objects.filter(session=session).select_related("theme").order_by("order")
    ]
    if previous is not None:
        seen = {theme.pk for theme in themes}
        earlier = SessionTheme.objects.filter(session=previous).select_related("theme").order_by("order")
        themes += [row.theme for row in earlier if row.theme.pk not in seen]
    after = _results(session, themes)
    before = _results(previous, themes) if previous is not None else {}
    rows: list[Comparison] = []
    for theme in themes:
        old, new = before.get(theme.code), after.get(theme.code)
        if old is None or new is None or old.suppressed or new.suppressed:
            rows.append(Comparison(theme, old, new, None, None))
        else:
            rows.append(
                Comparison(theme, old, new, _difference(old.median, new.median), _difference(old.mean, new.mean))
            )
    return rows
