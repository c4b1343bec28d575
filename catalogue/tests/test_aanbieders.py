from datetime import date

import pytest
from django.core.exceptions import ValidationError

from catalogue.models import Aanbieder
from catalogue.selectors import contracted_providers
from catalogue.tests.factories import aanbieder, begeleiding, contract
from catalogue.validators import validate_agb_code


@pytest.mark.parametrize("code", ["99990001", "01234567"])
def test_agb_code_of_eight_digits_is_valid(code):
    validate_agb_code(code)


@pytest.mark.parametrize("code", ["", "9999000", "999900011", "9999000A", " 9999000", "9999-001"])
def test_agb_code_must_be_exactly_eight_digits(code):
    with pytest.raises(ValidationError, match="8 cijfers"):
        validate_agb_code(code)


@pytest.mark.django_db
def test_aanbieder_with_invalid_agb_code_is_refused():
    with pytest.raises(ValidationError) as raised:
        Aanbieder(name="Zorg BV", agb_code="1234").full_clean()
    assert "agb_code" in raised.value.message_dict


@pytest.mark.django_db
def test_contracted_providers_are_those_with_a_contract_running_that_day():
    voorziening = begeleiding()
    current = aanbieder("Actueel", "99990001")
    expired = aanbieder("Verlopen", "99990002")
    inactive = aanbieder("Inactief", "99990003", active=False)
    contract(current, voorziening, date(2026, 1, 1))
    contract(expired, voorziening, date(2025, 1, 1), date(2025, 12, 31))
    contract(inactive, voorziening, date(2026, 1, 1))
    assert list(contracted_providers(voorziening, date(2026, 3, 1))) == [current]
    assert list(contracted_providers(voorziening, date(2025, 6, 1))) == [expired]


@pytest.mark.django_db
def test_a_provider_with_several_contracts_is_listed_once():
    voorziening = begeleiding()
    provider = aanbieder()
    contract(provider, voorziening, date(2025, 1, 1), date(2025, 12, 31))
    contract(provider, voorziening, date(2026, 1, 1))
    assert list(contracted_providers(voorziening, date(2026, 3, 1))) == [provider]
