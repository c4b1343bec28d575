"""The only place that changes reflection sessions: create, join, score, close."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from organisation.models import Gemeente, Team
from reflection.models import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    SCORE_MAX,
    SCORE_MIN,
    Mode,
    Participant,
    Perspective,
    Score,
    Session,
    SessionTheme,
    Theme,
)

_JOIN_CODE_ATTEMPTS = 20


class SessionError(ValueError):
    """Base for refusals a participant or facilitator sees; the message is Dutch UI text."""


class UnknownSession(SessionError):
    pass


class SessionNotOpen(SessionError):
    pass


class InvalidScore(SessionError):
    pass


def generate_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _i in range(JOIN_CODE_LENGTH))


def _unique_join_code() -> str:
    for _attempt in range(_JOIN_CODE_ATTEMPTS):
        code = generate_join_code()
        if not Session.objects.filter(join_code=code).exists():
            return code
    raise RuntimeError("No free join code found; the code space is exhausted.")


@transaction.atomic
def create_session(
    *,
    title: str,
    gemeente: Gemeente,
    facilitator: User,
    themes: Sequence[Theme],
    date: datetime.date | None = None,
    mode: str = Mode.KWALITEITSSCAN,
    team: Team | None = None,
    previous_session: Session | None = None,
) -> Session:
    """Create a session with its themes in the given order and a fresh join code."""
    session = Session.objects.create(
        title=title,
        gemeente=gemeente,
        team=team,
        mode=mode,
        date=date or timezone.localdate(),
        facilitator=facilitator,
        join_code=_unique_join_code(),
        previous_session=previous_session,
    )
    SessionTheme.objects.bulk_create(
        SessionTheme(session=session, theme=theme, order=order) for order, theme in enumerate(themes, start=1)
    )
    return session


@transaction.atomic
def join(join_code: str, perspective: str, display_name: str = "") -> Participant:
    """Let a participant join with the code on the screen; case and spaces do not matter."""
    code = join_code.strip().upper().replace(" ", "")
    session = Session.objects.filter(join_code=code).first()
    if session is None:
        raise UnknownSession(_("Deze sessie bestaat niet of is gesloten."))
    if not session.scoring_open or session.closed_at is not None:
        raise SessionNotOpen(_("Deze sessie bestaat niet of is gesloten."))
    if perspective not in Perspective.values:
        raise SessionError(_("Kies een geldig perspectief."))
    return Participant.objects.create(
        session=session,
        perspective=perspective,
        display_name=display_name.strip(),
        token=secrets.token_urlsafe(32),
    )


def submit_score(participant: Participant, theme: Theme, value: int) -> Score:
    """Record or replace the participant's score for a theme; never counts twice.

    Two submits from the same device can race (double tap): the loser of the insert hits
    the unique constraint, and one retry then finds the row and updates it.
    """
    if not isinstance(value, int) or isinstance(value, bool) or not SCORE_MIN <= value <= SCORE_MAX:
        raise InvalidScore(_("Geef een score van 1 tot en met 10."))
    try:
        return _store_score(participant, theme, value)
    except IntegrityError:
        return _store_score(participant, theme, value)


@transaction.atomic
def _store_score(participant: Participant, theme: Theme, value: int) -> Score:
    session = Session.objects.get(pk=participant.session_id)
    if not session.scoring_open or session.closed_at is not None:
        raise SessionNotOpen(_("Het scoren is gesloten voor deze sessie."))
    if not SessionTheme.objects.filter(session=session, theme=theme).exists():
        raise InvalidScore(_("Dit thema hoort niet bij deze sessie."))
    score, _created = Score.objects.update_or_create(participant=participant, theme=theme, defaults={"value": value})
    return score


@transaction.atomic
def close_scoring(session: Session) -> Session:
    """Stop accepting scores and new participants; idempotent, keeps the first closing time."""
    session.scoring_open = False
    if session.closed_at is None:
        session.closed_at = timezone.now()
    session.save(update_fields=["scoring_open", "closed_at"])
    return session
