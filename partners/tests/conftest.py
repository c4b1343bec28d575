from typing import Any

import pytest

from dossiers.models import Route
from organisation.models import Buurt, Team
from partners.models import Partner, PartnerKind, Scope
from residents.models import Inwoner
from testsupport.factories import BuurtFactory, InwonerFactory, household_with


@pytest.fixture
def buurt(team: Team) -> Buurt:
    """A buurt in the `team`'s werkgebied."""
    buurt: Buurt = BuurtFactory()  # type: ignore[assignment]
    team.wijken.add(buurt.wijk)
    return buurt


@pytest.fixture
def huisarts(db: None) -> Partner:
    return Partner.objects.create(
        name="Huisartsenpraktijk Centrum",
        code="huisarts-centrum",
        kind=PartnerKind.HUISARTS,
        route=Route.HUISARTS,
        scopes=[Scope.MELDINGEN],
    )


@pytest.fixture
def school(db: None) -> Partner:
    return Partner.objects.create(
        name="Basisschool De Linde",
        code="school-de-linde",
        kind=PartnerKind.SCHOOL,
        route=Route.SCHOOL,
        scopes=[Scope.MELDINGEN],
    )


@pytest.fixture
def resident(buurt: Buurt) -> Inwoner:
    """A resident living in the team's buurt, in one household."""
    inwoner: Inwoner = InwonerFactory(buurt=buurt, postcode="3511AB")  # type: ignore[assignment]
    household_with(inwoner)
    return inwoner


def about(inwoner: Inwoner, **overrides: Any) -> dict[str, Any]:
    """The fields of a NewPartnerMelding describing `inwoner` by BSN."""
    values: dict[str, Any] = {
        "achternaam": inwoner.achternaam,
        "bsn": inwoner.bsn or "",
        "description": "Mevrouw komt steeds vaker niet op afspraken en lijkt vereenzaamd.",
    }
    values.update(overrides)
    return values
