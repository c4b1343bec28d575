"""Which reflection sessions and actions a staff member may see, and which they may change.

One rule for every list (sessions, actions overview): a session is visible to its facilitator and to the
current members of its team. A session without a team, and every session for someone without a team, is
visible to its facilitator only; being in the same municipality is not enough. Changing a session or its
improvement actions is the facilitator's alone (the views use ``_own_session`` and :func:`manageable_actions`).
"""

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from organisation.models import TeamMembership
from reflection.models import Action, Session


def _current_team_ids(user: User) -> QuerySet[TeamMembership, int]:
    today = timezone.localdate()
    return (
        TeamMembership.objects.filter(user=user)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .values_list("team_id", flat=True)
    )


def visible_sessions(user: User) -> QuerySet[Session]:
    """The sessions the user facilitates and those held for one of the user's current teams."""
    return Session.objects.filter(Q(facilitator=user) | Q(team_id__in=_current_team_ids(user)))


def visible_actions(user: User) -> QuerySet[Action]:
    """Improvement actions of the visible sessions: the team follows up what its sessions agreed."""
    return Action.objects.filter(Q(session__facilitator=user) | Q(session__team_id__in=_current_team_ids(user)))


def manageable_actions(user: User) -> QuerySet[Action]:
    """Only the facilitator records progress on a session's actions, as only they add them."""
    return Action.objects.filter(session__facilitator=user)
