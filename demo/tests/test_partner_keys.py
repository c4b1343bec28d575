"""The demo partners' public API keys open the partner API, and only for their own partner."""

import pytest
from django.test import Client

from demo.partner_keys import demo_token, seed_demo_api_keys
from dossiers.models import Route
from partners.models import Partner, PartnerKind, Scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_partners() -> None:
    Partner.objects.create(
        code="huisarts-centrum",
        name="Huisartsenpraktijk Centrum",
        kind=PartnerKind.HUISARTS,
        route=Route.HUISARTS,
        scopes=[Scope.MELDINGEN],
    )
    Partner.objects.create(
        code="school-de-linde",
        name="Basisschool De Linde",
        kind=PartnerKind.SCHOOL,
        route=Route.SCHOOL,
        scopes=[Scope.MELDINGEN],
    )


def test_the_printed_demo_key_authenticates_its_partner(demo_partners: None, client: Client) -> None:
    assert seed_demo_api_keys() == {"api-sleutels": 2}

    known = client.get("/api/v1/meldingen/999999/", HTTP_AUTHORIZATION=f"Bearer {demo_token('huisarts-centrum')}")
    forged = client.get("/api/v1/meldingen/999999/", HTTP_AUTHORIZATION="Bearer demohuisarts.geraden")

    assert known.status_code == 404  # authenticated: the melding does not exist
    assert forged.status_code == 401


def test_seeding_the_keys_twice_makes_them_once(demo_partners: None) -> None:
    seed_demo_api_keys()

    assert seed_demo_api_keys() == {"api-sleutels": 0}
