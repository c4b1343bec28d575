"""The people and places of issue 15's browser walk (e2e/test_ways_in.py): one wijkteam in one wijk, its generalist,
the functioneel beheerder, the two partners of the arrears file with 19 known residents, a regieteam, and two
partners with API keys.

Only what the walk cannot do through the screens is made here; everything the issue's "Done when" names is done
in the browser.
"""

from dataclasses import dataclass

from django.utils import timezone

from accounts.models import Role, User
from consent import services as consent_services
from consent.models import Consent, ConsentCapacity, ConsentHow
from dossiers.models import Dossier, Route
from dossiers.transitions import Status
from organisation.models import Buurt, Team, TeamKind, Wijk
from partnerapi.services import issue_key
from partners.models import Partner, PartnerKind, Scope
from residents.models import Inwoner
from testsupport.factories import (
    BuurtFactory,
    InwonerFactory,
    TeamFactory,
    UserFactory,
    WijkFactory,
    dossier_for,
    household_with,
    member_of,
)
from vroegsignalering.testing import signal_partners

GENERALIST = "sanne"
BEHEERDER = "beheerder"
REGIETEAM = "Regieteam Voorbeeldstad"


@dataclass(frozen=True)
class Wijkteam:
    team: Team
    wijk: Wijk
    buurt: Buurt
    generalist: User


def wijkteam() -> Wijkteam:
    """Wijkteam Centrum, covering one wijk, with its generalist (who logs in as "sanne")."""
    wijk: Wijk = WijkFactory(name="Centrum")  # type: ignore[assignment]
    buurt: Buurt = BuurtFactory(wijk=wijk, name="Binnenstad")  # type: ignore[assignment]
    team: Team = TeamFactory(name="Wijkteam Centrum", gemeente=wijk.gemeente)  # type: ignore[assignment]
    team.wijken.add(wijk)
    generalist: User = UserFactory(username=GENERALIST, first_name="Sanne", last_name="de Vries")  # type: ignore[assignment]
    member_of(team, generalist)
    return Wijkteam(team=team, wijk=wijk, buurt=buurt, generalist=generalist)


def beheerder() -> User:
    user: User = UserFactory(username=BEHEERDER, role=Role.FUNCTIONEEL_BEHEERDER)  # type: ignore[assignment]
    return user


def arrears_residents(buurt: Buurt, count: int = 19) -> list[Inwoner]:
    """The residents of the arrears file (vroegsignalering.testing), each in a household of their own in `buurt`,
    and the file's two partners."""
    signal_partners()
    people: list[Inwoner] = [InwonerFactory(buurt=buurt, postcode="3511AB") for _ in range(count)]  # type: ignore[misc]
    for inwoner in people:
        household_with(inwoner)
    return people


def regieteam(gemeente_team: Team) -> tuple[Team, User]:
    """A regieteam in the wijkteam's municipality, with one member."""
    team: Team = TeamFactory(name=REGIETEAM, kind=TeamKind.REGIETEAM, gemeente=gemeente_team.gemeente)  # type: ignore[assignment]
    member: User = UserFactory(first_name="Ruud", last_name="Regie", organisation=REGIETEAM)  # type: ignore[assignment]
    member_of(team, member)
    return team, member


def running_dossier(team: Team, regisseur: User) -> Dossier:
    return dossier_for(team, status=Status.UITVOERING, regisseur=regisseur)


def regieteam_consent(dossier: Dossier, regisseur: User) -> Consent:
    """The household agreed that the regieteam looks along (recorded earlier, in the consent register)."""
    inwoner = dossier.huishouden.members.order_by("pk").first()
    assert inwoner is not None
    return consent_services.record_consent(
        dossier,
        inwoner,
        purpose="casusoverleg regieteam",
        recipient=REGIETEAM,
        given_on=timezone.localdate(),
        how=ConsentHow.MONDELING,
        given_by_name=inwoner.full_name,
        given_by_capacity=ConsentCapacity.ZELF,
        recorded_by=regisseur,
        basis="regisseur",
    )


def api_partner(code: str, name: str, kind: str, route: str) -> tuple[Partner, str]:
    """A partner allowed to send meldingen, and the full key its system holds (shown once in /beheer/)."""
    partner = Partner.objects.create(
        code=code, name=name, kind=kind, route=route, scopes=[Scope.MELDINGEN], rate_limit_per_minute=600
    )
    return partner, issue_key(partner, actor=None, name="e2e").token


def huisarts_and_school() -> tuple[tuple[Partner, str], tuple[Partner, str]]:
    return (
        api_partner("huisarts-centrum", "Huisartsenpraktijk Centrum", PartnerKind.HUISARTS, Route.HUISARTS),
        api_partner("school-de-linde", "Basisschool De Linde", PartnerKind.SCHOOL, Route.SCHOOL),
    )
