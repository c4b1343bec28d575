"""A regieteam for the demo municipality, with one running escalation on a dossier of the demo generalist.

"Regieteam Voorbeeldstad" gets two members of its own: synthetic staff without a demo login (the fixed logins each
tell a need-to-know story that a regieteam membership would change, see demo/logins.py). The escalation is made by
the generalist ("Sanne de Vries", the regisseur) through regie.services, like a user would: the household's consent
for the regieteam, the escalation, and a case conference with three agreements and a review date in six weeks. The
teamleider of the first team sees it on /regie/, the generalist in the Plan tab of the dossier.

Runs on the real clock (a consultation is active relative to now), so only with the showcase, like demo/roles.py.
Safe to run twice: nothing is made when the regieteam already has an escalation.
"""

from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import Role, User
from audit.models import AccessBasis
from consent import services as consent_services
from consent.models import ConsentCapacity, ConsentHow
from dossiers.models import Dossier
from dossiers.sections import Section
from dossiers.transitions import Status
from organisation.models import Team, TeamKind, TeamMembership
from regie import services
from regie.models import AgreementParty, Escalation, ReasonCategory
from residents.models import Inwoner

REGIETEAM = "Regieteam Voorbeeldstad"
#: (username, first name, last name): synthetic, without a usable password.
MEMBERS = (("regie_kramer", "Yvonne", "Kramer"), ("regie_smit", "Daan", "Smit"))


def _regieteam(gemeente_id: int) -> Team:
    team, _created = Team.objects.get_or_create(
        name=REGIETEAM, gemeente_id=gemeente_id, defaults={"kind": TeamKind.REGIETEAM}
    )
    if team.kind != TeamKind.REGIETEAM:
        team.kind = TeamKind.REGIETEAM
        team.save(update_fields=["kind"])
    return team


def _members(team: Team, today: date) -> list[User]:
    members = []
    for username, first_name, last_name in MEMBERS:
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "role": Role.GENERALIST,
                "organisation": REGIETEAM,
                "is_synthetic": True,
                "password": make_password(None),
            },
        )
        TeamMembership.objects.get_or_create(
            team=team,
            user=user,
            defaults={"start": today - timedelta(days=365), "home_organisation": "Gemeente Voorbeeldstad"},
        )
        members.append(user)
    return members


def _showcase_dossier(regisseur: User, today: date) -> tuple[Dossier, Inwoner] | None:
    """A dossier of the regisseur in uitvoering (else plan) with an adult who can consent."""
    # Not the household of the Mijn Wijkteam demo: its consents and who looked are that walk's own story.
    from demo.portal import showcase_resident

    portal = showcase_resident()
    portal_households = portal.lidmaatschappen.values("huishouden_id") if portal is not None else []
    for status in (Status.UITVOERING, Status.PLAN):
        candidates = Dossier.objects.filter(regisseur=regisseur, status=status).exclude(
            huishouden_id__in=portal_households
        )
        for dossier in candidates.select_related("team").order_by("pk"):
            adult = (
                Inwoner.objects.filter(lidmaatschappen__huishouden_id=dossier.huishouden_id)
                .order_by("geboortedatum", "pk")
                .first()
            )
            if adult is not None and adult.age_on(today) >= 18:
                return dossier, adult
    return None


def load(regisseur_username: str = "generalist") -> dict[str, int]:
    """The regieteam, its two members and one escalation with a case conference; returns what was made."""
    counts = {"regieteams": 0, "opschalingen": 0}
    regisseur = User.objects.filter(username=regisseur_username).first()
    if regisseur is None:
        return counts
    today = timezone.localdate()
    found = _showcase_dossier(regisseur, today)
    if found is None:
        return counts
    dossier, adult = found
    team = _regieteam(dossier.team.gemeente_id)
    counts["regieteams"] = 1
    if Escalation.objects.filter(regieteam=team).exists():
        return counts
    members = _members(team, today)
    consent = consent_services.record_consent(
        dossier,
        adult,
        purpose="Casusoverleg in het regieteam",
        recipient=REGIETEAM,
        given_on=today,
        how=ConsentHow.SCHRIFTELIJK,
        given_by_name=adult.full_name,
        given_by_capacity=ConsentCapacity.ZELF,
        recorded_by=regisseur,
        basis=AccessBasis.REGISSEUR,
    )
    escalation = services.escalate(
        dossier,
        regieteam=team,
        reason_category=ReasonCategory.MULTIPROBLEM,
        explanation=(
            "Huurachterstand, oplopende schulden en zorgen om de gezondheid: de hulp van drie organisaties loopt "
            "langs elkaar heen en het plan komt niet verder."
        ),
        by=regisseur,
    )
    services.record_conference(
        escalation,
        held_on=today,
        participants=[regisseur, *members],
        external_participants="Woonconsulent (Woonstichting Voorbeeldstad)\nPraktijkondersteuner (Huisartsenpraktijk De Linde)",
        sections=[Section.HUISHOUDEN, Section.PLAN, Section.ONDERZOEK],
        summary=(
            "Eén plan met één regisseur, die het aanspreekpunt blijft. De woonstichting zet de ontruimingsprocedure "
            "stil zolang de betalingsregeling loopt; de praktijkondersteuner stemt de zorg af met het plan."
        ),
        review_on=today + timedelta(days=42),
        agreements=[
            services.AgreementInput(
                party=AgreementParty.EXTERN,
                party_name="Woonstichting Voorbeeldstad",
                what="Ontruimingsprocedure aanhouden; betalingsregeling voorstellen.",
                due_on=today + timedelta(days=14),
            ),
            services.AgreementInput(
                party=AgreementParty.MEDEWERKER,
                user=members[0],
                what="Budgetbeheer aanvragen en het eerste gesprek met de schuldhulp plannen.",
                due_on=today + timedelta(days=21),
            ),
            services.AgreementInput(
                party=AgreementParty.HUISHOUDEN,
                party_name=adult.voornamen,
                what="Post van de afgelopen maanden verzamelen en meenemen naar het gesprek.",
                due_on=today + timedelta(days=7),
            ),
        ],
        consent=consent,
        by=regisseur,
    )
    counts["opschalingen"] = 1
    return counts
