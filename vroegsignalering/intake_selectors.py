"""Who sees which signal in the queue of unmatched vroegsignalen.

An unmatched signal holds a person's name and arrears, so it is shown only to those who may act on it: the
generalists and teamleiders of the team of the reported address (``Vroegsignaal.queue_team``). A signal no team
covers is seen by the teamleiders of every wijkteam, who hand it on. Anyone else gets a 404, and the refusal
is logged.
"""

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from accounts.models import Role, User
from audit.services import log_denied
from dossiers.selectors import active_team_ids
from organisation.models import Team, TeamMembership
from vroegsignalering.intake import SIGNAL_OBJECT, open_queue_q
from vroegsignalering.models import Vroegsignaal

QUEUE_ROLES = frozenset({Role.GENERALIST, Role.TEAMLEIDER})


def _is_leader(user: User) -> bool:
    return user.role == Role.TEAMLEIDER


def _visible_signals(user: User) -> QuerySet[Vroegsignaal]:
    """The signals of the user's queues, handled or not: their team's, and as teamleider those of no team."""
    if user.role not in QUEUE_ROLES:
        return Vroegsignaal.objects.none()
    visible = Q(queue_team__in=active_team_ids(user))
    if _is_leader(user):
        visible |= Q(queue_team__isnull=True, inwoner__isnull=True) | Q(queue_team__isnull=True, casus__isnull=True)
    return Vroegsignaal.objects.filter(visible)


def unmatched_queue(user: User) -> QuerySet[Vroegsignaal]:
    """The open unmatched signals ``user`` may work, the longest waiting first."""
    return (
        _visible_signals(user)
        .filter(open_queue_q())
        .select_related("partner", "queue_team")
        .order_by("received_at", "pk")
    )


def get_queue_signal(request: HttpRequest, pk: int, *, handled_ok: bool = False) -> Vroegsignaal:
    """The signal if it is in the user's queue; else 404 without saying whether it exists, and a log line.

    ``handled_ok``: also one of the user's queue that was linked or closed meanwhile (a second click on the same
    button gets a message, not a 404).
    """
    user = request.user
    assert isinstance(user, User)
    signals = _visible_signals(user) if handled_ok else unmatched_queue(user)
    signal = signals.select_related("partner", "queue_team").filter(pk=pk).first()
    if signal is None:
        log_denied(request, object_type=SIGNAL_OBJECT, object_id=pk, detail="niet in de wachtrij van de medewerker")
        raise Http404(_("Dit signaal bestaat niet of staat niet in uw wachtrij."))
    return signal


def own_team(user: User, signal: Vroegsignaal) -> Team | None:
    """The team a casus opens in when nothing else names one: the signal's queue team, else the user's own."""
    if signal.queue_team is not None:
        return signal.queue_team
    membership = (
        TeamMembership.objects.filter(user=user, team_id__in=active_team_ids(user)).select_related("team").first()
    )
    return membership.team if membership is not None else None
