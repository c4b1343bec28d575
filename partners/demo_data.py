"""Three partner organisations for the demo, and one melding from each through the same service the API uses.

The GP practice reports a resident it knows by BSN: registered at once in the access route (GP route, Wmo terms).
The school reports a pupil's parent under a misspelt surname at a known address: it waits in the queue of the team
of that address. The housing corporation reports a tenant at an address nobody lives at in the register: it waits
for the teamleiders. The housing corporation also sends vroegsignalen (scope), which vroegsignalering seeds itself.

Codes are stable (the API examples in docs/partners.md use them). Safe to run twice: partners are looked up by code
and the meldingen by the partner's own reference.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from accounts.models import User
from dossiers.models import Route, Urgency
from organisation.models import Team, TeamKind
from partners.models import Partner, PartnerKind, PartnerMelding, Scope
from partners.services import NewPartnerMelding, ensure_service_user, receive_melding
from residents.models import Inwoner
from residents.selectors import households_of

#: (code, name, kind, route, scopes)
PARTNERS: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("huisarts-centrum", "Huisartsenpraktijk Centrum", PartnerKind.HUISARTS, Route.HUISARTS, (Scope.MELDINGEN,)),
    ("school-de-linde", "Basisschool De Linde", PartnerKind.SCHOOL, Route.SCHOOL, (Scope.MELDINGEN,)),
    (
        "woonstad",
        "Woonstad",
        PartnerKind.WONINGVERHUURDER,
        Route.WONINGCORPORATIE,
        (Scope.MELDINGEN, Scope.VROEGSIGNALEN),
    ),
)


def _partner(code: str, name: str, kind: str, route: str, scopes: tuple[str, ...]) -> Partner:
    partner, _created = Partner.objects.get_or_create(
        code=code,
        defaults={
            "name": name,
            "kind": kind,
            "route": route,
            "scopes": sorted(str(scope) for scope in scopes),
            "contact_email": f"koppeling@{code}.example.org",
        },
    )
    ensure_service_user(partner, synthetic=True)
    return partner


def _team() -> Team | None:
    """The demo generalist's wijkteam (so the showcase logins see the queue), else the first wijkteam."""
    generalist = User.objects.filter(username="generalist").first()
    teams = Team.objects.filter(kind=TeamKind.WIJKTEAM, wijken__isnull=False).order_by("pk")
    if generalist is not None:
        own = teams.filter(memberships__user=generalist).first()
        if own is not None:
            return own
    return teams.first()


def _residents(team: Team) -> list[Inwoner]:
    """Residents of the team's wijken with a BSN, an address and exactly one household, and no open dossier."""
    found = []
    candidates = (
        Inwoner.objects.filter(buurt__wijk__teams=team, bsn__isnull=False, huisnummer__isnull=False)
        .exclude(postcode="")
        .order_by("pk")[:200]
    )
    for inwoner in candidates:
        households = list(households_of(inwoner))
        if len(households) == 1 and not households[0].dossiers.exclude(status="afgesloten").exists():
            found.append(inwoner)
        if len(found) == 2:
            break
    return found


def seed_partners(today: date) -> dict[str, int]:
    """The demo partners and their meldingen; returns what was made, for the seeding report."""
    partners = {spec[0]: _partner(*spec) for spec in PARTNERS}
    counts = {"partners": len(partners), "partnermeldingen": 0}
    team = _team()
    if team is None or PartnerMelding.objects.filter(partner__in=partners.values()).exists():
        return counts
    residents = _residents(team)
    yesterday = timezone.make_aware(datetime.combine(today - timedelta(days=1), time(9, 30)))
    if residents:
        known = residents[0]
        receive_melding(
            partners["huisarts-centrum"],
            NewPartnerMelding(
                partner_reference="HA-2026-0412",
                bsn=known.bsn or "",
                achternaam=known.achternaam,
                geboortedatum=known.geboortedatum,
                description=(
                    "Patiënt komt de laatste maanden vaak op het spreekuur met klachten die passen bij overbelasting "
                    "als mantelzorger. Zij staat open voor contact met het wijkteam."
                ),
                urgency=Urgency.NORMAAL,
                reporter_name="J. Bakker, praktijkondersteuner",
                received_at=yesterday,
            ),
        )
        counts["partnermeldingen"] += 1
    if len(residents) > 1:
        parent = residents[1]
        receive_melding(
            partners["school-de-linde"],
            NewPartnerMelding(
                partner_reference="DL-17",
                achternaam=parent.achternaam + "e",  # misspelt: not matched, routed by the address
                voorletters="M.",
                postcode=parent.postcode,
                huisnummer=parent.huisnummer,
                huisnummer_toevoeging=parent.huisnummer_toevoeging,
                description=(
                    "De zoon komt sinds de kerstvakantie vaak te laat en zonder lunch. Moeder gaf in een gesprek aan "
                    "dat het thuis financieel zwaar is."
                ),
                urgency=Urgency.HOOG,
                reporter_name="Intern begeleider",
                received_at=yesterday + timedelta(hours=2),
            ),
        )
        counts["partnermeldingen"] += 1
    receive_melding(
        partners["woonstad"],
        NewPartnerMelding(
            partner_reference="WS-2026-88",
            voorletters="P.",
            achternaam="de Groot",
            postcode="9999ZZ",
            huisnummer=1,
            telefoon="06-00000000",
            description="Huurder reageert niet meer op brieven; buren melden dat de woning vervuilt.",
            urgency=Urgency.NORMAAL,
            reporter_name="Wijkconsulent Woonstad",
            received_at=yesterday + timedelta(hours=4),
        ),
    )
    counts["partnermeldingen"] += 1
    return counts
