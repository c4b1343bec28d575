"""The counts on a team leader's start page: where the team's work is piling up.

The page combines the work of several apps (dossiers, triage, decisions), so it sits with the start pages
rather than in one of them. Every count asks the same question as the list it links to, through that list's
own selector, so the number on the start page is the number of rows the leader finds after clicking.

A team has tens of thousands of dossiers in a city: every figure is one aggregate query, and the page runs the
same number of queries for a team of ten dossiers as for one of forty thousand (core/tests/test_start_pages.py).
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import CASEWORK_ROLES, User
from deadlines.atw import AtwCalendar
from deadlines.terms import DeadlineState
from decisions.models import Beschikking, BeschikkingStatus
from decisions.selectors import decisions_workable
from dossiers.selectors import active_team_ids, filter_by_deadline_state, triage_queue, worklist
from organisation.models import TeamMembership


@dataclass(frozen=True)
class Caseload:
    """One worker's open dossiers as regisseur in the leader's teams."""

    user_id: int
    name: str
    open_dossiers: int


@dataclass(frozen=True)
class TeamOverview:
    caseloads: list[Caseload]
    #: Open dossiers of the teams that have no regisseur yet.
    without_regisseur: int
    open_dossiers: int
    overdue: int
    about_to_expire: int
    triage_waiting: int
    second_signature: int


def _name(first: str, last: str, username: str) -> str:
    return f"{first} {last}".strip() or username


def _caseloads(leader: User) -> tuple[list[Caseload], int]:
    """Open dossiers per regisseur (one GROUP BY) and the team's casework members who have none (one query).

    A member with no dossiers is shown too: that is who can take the next one.
    """
    counts = (
        worklist(leader, whole_team=True)
        .order_by()
        .values("regisseur_id", "regisseur__first_name", "regisseur__last_name", "regisseur__username")
        .annotate(n=Count("pk"))
    )
    loads: dict[int, Caseload] = {}
    without_regisseur = 0
    for row in counts:
        if row["regisseur_id"] is None:
            without_regisseur = row["n"]
            continue
        name = _name(row["regisseur__first_name"], row["regisseur__last_name"], row["regisseur__username"])
        loads[row["regisseur_id"]] = Caseload(row["regisseur_id"], name, row["n"])
    today = timezone.localdate()
    members = (
        TeamMembership.objects.filter(
            team_id__in=active_team_ids(leader), user__is_active=True, user__role__in=CASEWORK_ROLES
        )
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .values_list("user_id", "user__first_name", "user__last_name", "user__username")
        .distinct()
    )
    for user_id, first, last, username in members:
        if user_id not in loads:
            loads[user_id] = Caseload(user_id, _name(first, last, username), 0)
    # Busiest first: the leader looks for who carries too much and who has room.
    return sorted(loads.values(), key=lambda load: (-load.open_dossiers, load.name.casefold())), without_regisseur


def team_overview(leader: User, today: date, calendar: AtwCalendar) -> TeamOverview:
    """The figures of the start page, each counted as its list (the team werkvoorraad, triage, besluiten) counts."""
    team_open = worklist(leader, whole_team=True).order_by()
    caseloads, without_regisseur = _caseloads(leader)
    workable = decisions_workable(leader)
    return TeamOverview(
        caseloads=caseloads,
        without_regisseur=without_regisseur,
        open_dossiers=sum(load.open_dossiers for load in caseloads) + without_regisseur,
        overdue=filter_by_deadline_state(team_open, DeadlineState.VERLOPEN, today, calendar).count(),
        about_to_expire=filter_by_deadline_state(team_open, DeadlineState.DREIGT_TE_VERLOPEN, today, calendar).count(),
        triage_waiting=triage_queue(leader).order_by().count(),
        second_signature=Beschikking.objects.filter(status=BeschikkingStatus.TWEEDE_HANDTEKENING)
        .filter(workable("aanvraag__dossier"))
        .count(),
    )
