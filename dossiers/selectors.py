"""Read queries for dossiers, always filtered to what the user may see (need-to-know)."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from audit.models import AccessBasis
from audit.services import log_denied
from dossiers.models import Dossier, Involvement, InvolvementRole
from dossiers.transitions import TRIAGE_STATUSES
from organisation.models import TeamMembership


def active_team_ids(user: User) -> QuerySet[TeamMembership, int]:
    today = timezone.localdate()
    return (
        TeamMembership.objects.filter(user=user)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .values_list("team_id", flat=True)
    )


def _active_involvements(user: User) -> QuerySet[Involvement]:
    return Involvement.objects.filter(user=user).filter(Q(end__isnull=True) | Q(end__gt=timezone.now()))


def visible_dossiers(user: User) -> QuerySet[Dossier]:
    """Dossiers `user` may open: while involved; in triage for their team; all of their team as teamleider.

    Policy advisors and functioneel beheerders never see personal data here.
    """
    if not user.is_authenticated or not user.does_casework:
        return Dossier.objects.none()
    involved = Exists(_active_involvements(user).filter(dossier=OuterRef("pk")))
    team_ids = active_team_ids(user)
    condition = Q(involved) | Q(team_id__in=team_ids, status__in=TRIAGE_STATUSES)
    if user.role == Role.TEAMLEIDER:
        condition |= Q(team_id__in=team_ids)
    return Dossier.objects.filter(condition)


def access_basis(user: User, dossier: Dossier) -> AccessBasis | None:
    """On what ground `user` may see `dossier`, or None. The order gives the strongest ground first."""
    if not user.is_authenticated or not user.does_casework:
        return None
    involvement = _active_involvements(user).filter(dossier=dossier).values_list("role", flat=True).first()
    if involvement == InvolvementRole.REGISSEUR:
        return AccessBasis.REGISSEUR
    if involvement is not None:
        return AccessBasis.BETROKKEN
    in_team = active_team_ids(user).filter(team_id=dossier.team_id).exists()
    if in_team and user.role == Role.TEAMLEIDER:
        return AccessBasis.TEAMLEIDER
    if in_team and dossier.status in TRIAGE_STATUSES:
        return AccessBasis.TEAM_TRIAGE
    return None


def get_visible_dossier(request: HttpRequest, pk: int) -> tuple[Dossier, AccessBasis]:
    """The dossier with its access basis, or 404 — without revealing whether it exists — and a log line."""
    user = request.user
    assert isinstance(user, User)
    dossier = Dossier.objects.select_related("huishouden", "team", "regisseur").filter(pk=pk).first()
    basis = access_basis(user, dossier) if dossier is not None else None
    if dossier is None or basis is None:
        log_denied(request, object_type="dossier", object_id=pk, dossier_id=dossier.pk if dossier else None)
        raise Http404(_("Dit dossier bestaat niet of u heeft er geen toegang toe."))
    return dossier, basis
