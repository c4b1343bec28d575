"""Helpers for the regie tests: a regieteam with members, an escalation and a case conference."""

from datetime import date, timedelta

from accounts.models import Role, User
from consent.models import Consent
from consent.tests.support import consent_for
from dossiers.models import Dossier
from dossiers.sections import Section
from organisation.models import Team, TeamKind
from regie import services
from regie.models import AgreementParty, CaseConference, Escalation, ReasonCategory
from testsupport.factories import TeamFactory, UserFactory, member_of

REGIETEAM_NAME = "Regieteam Voorbeeldstad"


def make_regieteam(name: str = REGIETEAM_NAME) -> Team:
    return TeamFactory(name=name, kind=TeamKind.REGIETEAM)  # type: ignore[return-value]


def regie_member(regieteam: Team, *, role: str = Role.GENERALIST) -> User:
    user: User = UserFactory(role=role, organisation=regieteam.name)  # type: ignore[assignment]
    return member_of(regieteam, user)


def regieteam_consent(dossier: Dossier, regisseur: User, regieteam: Team) -> Consent:
    """The household agreed to share with the regieteam (by its name, as the members' organisation)."""
    return consent_for(dossier, regisseur, recipient=regieteam.name, purpose="casusoverleg regieteam")


def escalate(dossier: Dossier, regisseur: User, regieteam: Team) -> Escalation:
    return services.escalate(
        dossier,
        regieteam=regieteam,
        reason_category=ReasonCategory.MULTIPROBLEM,
        explanation="Schulden, huisvesting en zorg lopen door elkaar; het plan komt niet van de grond.",
        by=regisseur,
    )


def hold_conference(
    escalation: Escalation,
    regisseur: User,
    participants: list[User],
    *,
    sections: tuple[str, ...] = (Section.PLAN, Section.HUISHOUDEN),
    review_in_days: int = 30,
    consent: Consent | None = None,
    handover_to: User | None = None,
    agreements: list[services.AgreementInput] | None = None,
) -> CaseConference:
    today = date.today()
    return services.record_conference(
        escalation,
        held_on=today,
        participants=participants,
        external_participants="Huisarts Jansen (Gezondheidscentrum Oost)",
        sections=list(sections),
        summary="Eén plan voor schulden en woning; budgetcoach erbij.",
        review_on=today + timedelta(days=review_in_days),
        agreements=agreements
        if agreements is not None
        else [
            services.AgreementInput(
                party=AgreementParty.MEDEWERKER,
                what="Budgetcoach regelen",
                due_on=today + timedelta(days=14),
                user=regisseur,
            ),
            services.AgreementInput(
                party=AgreementParty.HUISHOUDEN,
                what="Post openen en meenemen",
                due_on=today + timedelta(days=7),
                party_name="Fatima",
            ),
        ],
        consent=consent,
        handover_to=handover_to,
        by=regisseur,
    )
