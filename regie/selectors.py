"""Read queries for escalations, filtered to who may see them.

An escalation is seen by the regieteam it was escalated to (its members and teamleider: they hold the case
conference) and by whoever has full access to the dossier (the regisseur, involved colleagues, the wijkteam's
teamleider). What a regieteam member sees *of the dossier* is a separate question, answered by their consultations.
"""

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from accounts.models import Role, User
from audit.models import AccessBasis
from audit.services import log_denied
from dossiers.models import Dossier
from dossiers.selectors import active_team_ids, dossier_access
from organisation.models import Team, TeamKind
from regie.models import Agreement, CaseConference, Escalation


def regieteams_for(dossier: Dossier) -> QuerySet[Team]:
    """The regieteams a dossier can be escalated to: those of the municipality of the dossier's team."""
    return Team.objects.filter(kind=TeamKind.REGIETEAM, gemeente_id=dossier.team.gemeente_id).order_by("name")


def running_escalation(dossier: Dossier) -> Escalation | None:
    return Escalation.objects.filter(dossier=dossier, ended_at__isnull=True).select_related("regieteam").first()


def worklist(user: User) -> QuerySet[Escalation]:
    """The escalations of the user's regieteams; for a teamleider also those of their own wijkteam's dossiers."""
    team_ids = active_team_ids(user)
    condition = Q(regieteam_id__in=team_ids)
    if user.role == Role.TEAMLEIDER:
        condition |= Q(dossier__team_id__in=team_ids)
    return (
        Escalation.objects.filter(condition)
        .select_related("regieteam", "dossier__team", "dossier__regisseur", "dossier__huishouden")
        .order_by("ended_at", "-started_at", "-pk")
    )


def with_conferences(escalations: QuerySet[Escalation]) -> QuerySet[Escalation]:
    """Conferences, their participants and agreements in a fixed number of queries."""
    return escalations.prefetch_related(
        Prefetch(
            "conferences",
            queryset=CaseConference.objects.select_related("handover_to", "recorded_by", "consent__inwoner")
            .prefetch_related(
                "participants",
                Prefetch("agreements", queryset=Agreement.objects.select_related("user", "done_by")),
            )
            .select_related("handover__agreed_by", "handover__new_regisseur"),
        )
    )


def escalation_basis(user: User, escalation: Escalation) -> AccessBasis | None:
    """Why `user` may see this escalation, or None: full access to the dossier, else the regieteam."""
    access = dossier_access(user, escalation.dossier)
    if access is not None and access.is_full:
        return access.basis
    if user.is_authenticated and escalation.regieteam_id in set(active_team_ids(user)):
        return AccessBasis.CONSULTATIE
    return None


def get_escalation(request: HttpRequest, pk: int) -> tuple[Escalation, AccessBasis]:
    """The escalation with the user's ground, or 404 without saying whether it exists, and a refusal in the log."""
    user = request.user
    assert isinstance(user, User)
    escalation = (
        Escalation.objects.filter(pk=pk)
        .select_related("regieteam", "dossier__team", "dossier__regisseur", "dossier__huishouden")
        .first()
    )
    basis = escalation_basis(user, escalation) if escalation is not None else None
    if escalation is None or basis is None:
        log_denied(
            request,
            object_type="opschaling",
            object_id=pk,
            dossier_id=escalation.dossier_id if escalation is not None else None,
        )
        raise Http404(_("Deze opschaling bestaat niet of u heeft er geen toegang toe."))
    return escalation, basis
