"""Who sees which partner meldingen in the queue.

A waiting partner melding holds a name and a worry, so it is shown only to those who would take it in: the
generalists and teamleiders of the wijkteam its address routes it to (``PartnerMelding.team``). One that no
address routes (no resident known at the postcode) goes to the teamleiders of every wijkteam, who pass it on;
a generalist of another team does not see it. Beleidsmedewerkers, consulenten, specialists and beheerders never
do: they take no meldingen in.
"""

from django.db.models import Case, PositiveSmallIntegerField, Q, QuerySet, Value, When
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from accounts.models import Role, User
from audit.services import log_denied
from dossiers.models import URGENCY_RANKS, Urgency
from dossiers.selectors import active_team_ids
from organisation.models import Team, TeamKind
from partners.models import PartnerMelding
from residents.models import Inwoner

#: The roles that work the queue (core.access.staff_view on the views says the same).
QUEUE_ROLES = frozenset({Role.GENERALIST, Role.TEAMLEIDER})


def own_wijkteam_ids(user: User) -> list[int]:
    return list(Team.objects.filter(pk__in=active_team_ids(user), kind=TeamKind.WIJKTEAM).values_list("pk", flat=True))


def visible_to(user: User) -> QuerySet[PartnerMelding]:
    """Every partner melding `user` may open, waiting or handled."""
    if user.role not in QUEUE_ROLES:
        return PartnerMelding.objects.none()
    teams = own_wijkteam_ids(user)
    if not teams:
        return PartnerMelding.objects.none()
    rule = Q(team_id__in=teams)
    if user.role == Role.TEAMLEIDER:
        rule |= Q(team__isnull=True)
    return PartnerMelding.objects.filter(rule)


def queue_for(user: User) -> QuerySet[PartnerMelding]:
    """The waiting ones `user` sees: crisis and hoog first (as on the triage board), then the oldest first."""
    rank = Case(
        *(When(urgency=urgency, then=Value(value)) for urgency, value in URGENCY_RANKS.items()),
        default=Value(URGENCY_RANKS[Urgency.NORMAAL]),
        output_field=PositiveSmallIntegerField(),
    )
    return (
        visible_to(user)
        .filter(melding__isnull=True, rejected_at__isnull=True)
        .select_related("partner", "team")
        .order_by(rank, "received_at", "pk")
    )


def partner_melding_for(request: HttpRequest, user: User, pk: int) -> PartnerMelding:
    """One partner melding `user` may open; anything else is a logged refusal and a 404."""
    found = visible_to(user).select_related("partner", "team", "inwoner", "melding").filter(pk=pk).first()
    if found is None:
        log_denied(request, object_type="partnermelding", object_id=pk, detail="niet in de eigen wachtrij")
        raise Http404(_("Dit bestaat niet of u heeft er geen toegang toe."))
    return found


def residents_at_reported_address(pm: PartnerMelding) -> QuerySet[Inwoner]:
    """Residents registered at the address the partner gave (with the addition, when given); none without one."""
    if not (pm.postcode and pm.huisnummer):
        return Inwoner.objects.none()
    found = Inwoner.objects.filter(postcode=pm.postcode, huisnummer=pm.huisnummer)
    if pm.huisnummer_toevoeging:
        found = found.filter(huisnummer_toevoeging__iexact=pm.huisnummer_toevoeging)
    return found.order_by("achternaam", "pk")
