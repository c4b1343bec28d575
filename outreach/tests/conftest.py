import pytest

from catalogue.models import Kind, Law, Voorziening
from organisation.models import Team, Wijk
from testsupport.factories import WijkFactory


@pytest.fixture
def wijk(team: Team) -> Wijk:
    wijk: Wijk = WijkFactory(gemeente=team.gemeente, name="Oost")  # type: ignore[assignment]
    team.wijken.add(wijk)
    return wijk


@pytest.fixture
def other_wijk(other_team: Team) -> Wijk:
    wijk: Wijk = WijkFactory(gemeente=other_team.gemeente, name="West")  # type: ignore[assignment]
    other_team.wijken.add(wijk)
    return wijk


@pytest.fixture
def maaltijdservice(db: None) -> Voorziening:
    return Voorziening.objects.create(
        name="Maaltijdservice", law=Law.WMO, kind=Kind.ALGEMEEN, description="Warme maaltijden aan huis."
    )


@pytest.fixture
def huishoudelijke_hulp(db: None) -> Voorziening:
    return Voorziening.objects.create(
        name="Hulp bij het huishouden",
        law=Law.WMO,
        kind=Kind.MAATWERK,
        product_category="02",
        product_code="02A01",
        unit="04",
        frequency="2",
        uitvoeringsvariant="inspanning",
    )
