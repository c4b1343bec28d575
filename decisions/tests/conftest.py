from datetime import date, timedelta
from decimal import Decimal

import pytest

from accounts.models import Role, User
from assessments.models import Onderzoek
from catalogue.codes import Law
from catalogue.models import Aanbieder, Voorziening
from decisions.models import Mandate
from dossiers.models import Dossier
from dossiers.transitions import Status
from organisation.models import Team
from testsupport.decision_factories import AanbiederFactory, VoorzieningFactory, contracted, priced
from testsupport.factories import dossier_for


@pytest.fixture
def mandates(db: None) -> None:
    """Consulent: Wmo up to € 10.000, Jeugdwet only category 45 up to € 5.000; teamleider: Wmo up to € 100.000."""
    Mandate.objects.create(role=Role.CONSULENT, law=Law.WMO, max_amount=Decimal("10000"))
    Mandate.objects.create(role=Role.CONSULENT, law=Law.JEUGDWET, product_category="45", max_amount=Decimal("5000"))
    Mandate.objects.create(role=Role.TEAMLEIDER, law=Law.WMO, max_amount=Decimal("100000"))


@pytest.fixture
def begeleiding(db: None) -> Voorziening:
    """Wmo begeleiding, € 60 per hour, hours per week."""
    return priced(VoorzieningFactory(name="Begeleiding individueel"), "60.00")


@pytest.fixture
def aanbieder(begeleiding: Voorziening) -> Aanbieder:
    return contracted(AanbiederFactory(name="Zorg Dichtbij"), begeleiding)


@pytest.fixture
def dossier(team: Team, generalist: User) -> Dossier:
    """A dossier in plan with a completed onderzoek, so a Wmo aanvraag may follow (art. 2.3.2 lid 9)."""
    dossier = dossier_for(team, status=Status.PLAN, regisseur=generalist)
    Onderzoek.objects.create(dossier=dossier, completed_on=date.today() - timedelta(days=1))
    return dossier
