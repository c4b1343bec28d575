"""Mandates, team budgets and a showcase decision for the demo municipality. Safe to run twice."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from accounts.models import Role, User
from catalogue.codes import Law
from catalogue.models import Aanbieder, Voorziening
from decisions import services
from decisions.models import Aanvraag, Mandate, OtherLawIndication, OtherLawKind, Outcome, TeamBudget
from dossiers.models import Dossier, InvolvementRole
from dossiers.transitions import Status
from organisation.models import Team

#: (role, law, product category or "" for all, maximum per beschikking over its whole period)
MANDATES: tuple[tuple[str, str, str, Decimal], ...] = (
    (Role.CONSULENT, Law.WMO, "", Decimal("25000")),
    (Role.CONSULENT, Law.JEUGDWET, "", Decimal("15000")),
    (Role.CONSULENT, Law.PARTICIPATIEWET, "", Decimal("2500")),
    (Role.TEAMLEIDER, Law.WMO, "", Decimal("150000")),
    (Role.TEAMLEIDER, Law.JEUGDWET, "", Decimal("150000")),
    (Role.TEAMLEIDER, Law.PARTICIPATIEWET, "", Decimal("10000")),
)

TEAM_BUDGET = Decimal("15000")
TEAM_BUDGET_MAX_PER_SPEND = Decimal("500")


def seed_configuration(today: date) -> None:
    for role, law, category, amount in MANDATES:
        Mandate.objects.get_or_create(role=role, law=law, product_category=category, defaults={"max_amount": amount})
    for team in Team.objects.all():
        TeamBudget.objects.get_or_create(
            team=team,
            year=today.year,
            defaults={"amount": TEAM_BUDGET, "max_per_spend": TEAM_BUDGET_MAX_PER_SPEND},
        )


def seed_showcase(today: date) -> None:
    """One sent Wmo decision with its allocation for the consulent's running dossier, next to a Wlz indication."""
    consulent = User.objects.filter(username="consulent").first()
    if consulent is None:
        return
    dossier = (
        Dossier.objects.filter(
            status=Status.UITVOERING,
            involvements__user=consulent,
            involvements__role=InvolvementRole.CONSULENT,
            involvements__end__isnull=True,
        )
        .order_by("pk")
        .first()
    )
    if dossier is None or Aanvraag.objects.filter(dossier=dossier).exists():
        return
    inwoner = dossier.huishouden.members.order_by("geboortedatum").first()
    huishoudelijk = Voorziening.objects.filter(law=Law.WMO, name="Huishoudelijke ondersteuning").first()
    aanbieder = Aanbieder.objects.filter(agb_code="99990011").first()
    if inwoner is None or huishoudelijk is None or aanbieder is None:
        return
    aanvraag = services.submit_aanvraag(
        dossier,
        consulent,
        inwoner=inwoner,
        law=Law.WMO,
        received_on=today,
        description="Kan het huishouden na een heupoperatie tijdelijk niet zelf schoonhouden; de kinderen wonen ver weg.",
        voorzieningen=[huishoudelijk],
        consulent=consulent,
        spoed=True,
        spoed_reason="Komt volgende week thuis uit het ziekenhuis.",
    )
    beschikking = services.prepare_beschikking(
        aanvraag,
        consulent,
        outcome=Outcome.TOEKENNING,
        motivation=(
            "Na de operatie kan de inwoner een half jaar niet bukken of tillen. Het netwerk helpt met boodschappen, "
            "maar kan het schoonmaken niet overnemen. Drie uur per week is nodig om de woning leefbaar te houden."
        ),
        legal_basis=services.DEFAULT_LEGAL_BASIS[Law.WMO],
        eigen_bijdrage=True,
        regels=[
            services.RegelInput(
                voorziening=huishoudelijk,
                volume=3,
                start=today,
                end=today + timedelta(weeks=26) - timedelta(days=1),
                aanbieder=aanbieder,
            )
        ],
    )
    signed = services.sign(beschikking, consulent, version=beschikking.version)
    services.send(signed, consulent, sent_on=today, version=signed.version)
    OtherLawIndication.objects.create(
        dossier=dossier,
        inwoner=inwoner,
        kind=OtherLawKind.WLZ,
        valid_from=today - timedelta(days=2),
        note="CIZ-besluit ontvangen; overgang naar het zorgkantoor regelen.",
        recorded_by=consulent,
    )
