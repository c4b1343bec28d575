"""The demo's partners: three organisations, one melding registered at once, one for the team, one for teamleiders."""

import pytest
from django.utils import timezone

from organisation.models import Buurt, Team
from partners.demo_data import seed_partners
from partners.models import Partner, PartnerMelding, Scope
from testsupport.factories import InwonerFactory, household_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def neighbourhood(buurt: Buurt) -> None:
    for number in (1, 2):
        household_with(InwonerFactory(buurt=buurt, postcode="3511AB", huisnummer=number))


def test_the_demo_has_three_partners_with_stable_codes_and_scopes(neighbourhood: None) -> None:
    seed_partners(timezone.localdate())

    scopes = {partner.code: partner.scopes for partner in Partner.objects.all()}
    assert scopes == {
        "huisarts-centrum": [Scope.MELDINGEN],
        "school-de-linde": [Scope.MELDINGEN],
        "woonstad": [Scope.MELDINGEN, Scope.VROEGSIGNALEN],
    }


def test_the_gp_melding_is_registered_and_the_others_wait(neighbourhood: None, team: Team) -> None:
    counts = seed_partners(timezone.localdate())

    assert counts["partnermeldingen"] == 3
    registered = PartnerMelding.objects.get(partner__code="huisarts-centrum")
    assert registered.melding is not None
    school = PartnerMelding.objects.get(partner__code="school-de-linde")
    assert school.is_waiting and school.team == team
    woonstad = PartnerMelding.objects.get(partner__code="woonstad")
    assert woonstad.is_waiting and woonstad.team is None


def test_seeding_twice_changes_nothing(neighbourhood: None) -> None:
    seed_partners(timezone.localdate())

    seed_partners(timezone.localdate())

    assert Partner.objects.count() == 3 and PartnerMelding.objects.count() == 3
