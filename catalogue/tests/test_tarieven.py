from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from catalogue.models import Tarief
from catalogue.selectors import tariff_on
from catalogue.tests.factories import begeleiding, tarief
from catalogue.validators import periods_overlap

pytestmark = pytest.mark.django_db


def test_overlapping_tariff_for_the_same_voorziening_is_refused():
    voorziening = begeleiding()
    tarief(voorziening, date(2026, 1, 1), date(2026, 12, 31))
    overlapping = Tarief(voorziening=voorziening, valid_from=date(2026, 7, 1), amount=Decimal("70.00"))
    with pytest.raises(ValidationError, match="overlapt"):
        overlapping.full_clean()


def test_open_ended_tariff_overlaps_every_later_period():
    voorziening = begeleiding()
    tarief(voorziening, date(2025, 1, 1))
    later = Tarief(voorziening=voorziening, valid_from=date(2027, 1, 1), amount=Decimal("70.00"))
    with pytest.raises(ValidationError, match="overlapt"):
        later.full_clean()


def test_adjacent_tariff_periods_are_allowed():
    voorziening = begeleiding()
    tarief(voorziening, date(2025, 1, 1), date(2025, 12, 31))
    Tarief(voorziening=voorziening, valid_from=date(2026, 1, 1), amount=Decimal("70.00")).full_clean()


def test_tariff_of_another_voorziening_does_not_overlap():
    tarief(begeleiding(), date(2026, 1, 1))
    other = begeleiding(name="Dagbesteding", product_category="07", product_code="07A01")
    Tarief(voorziening=other, valid_from=date(2026, 1, 1), amount=Decimal("50.00")).full_clean()


def test_saved_tariff_does_not_overlap_itself():
    existing = tarief(begeleiding(), date(2026, 1, 1))
    existing.amount = Decimal("61.00")
    existing.full_clean()


def test_tariff_ending_before_it_starts_is_refused():
    voorziening = begeleiding()
    backwards = Tarief(voorziening=voorziening, valid_from=date(2026, 6, 1), valid_to=date(2026, 5, 31), amount=1)
    with pytest.raises(ValidationError, match="vóór de begindatum"):
        backwards.full_clean()


def test_tariff_on_picks_the_tariff_valid_on_that_day():
    voorziening = begeleiding()
    tarief(voorziening, date(2025, 1, 1), date(2025, 12, 31), amount="60.00")
    current = tarief(voorziening, date(2026, 1, 1), amount="62.50")
    assert tariff_on(voorziening, date(2025, 12, 31)).amount == Decimal("60.00")
    assert tariff_on(voorziening, date(2026, 1, 1)) == current
    assert tariff_on(voorziening, date(2030, 5, 1)) == current


def test_tariff_on_a_day_without_tariff_is_none():
    voorziening = begeleiding()
    tarief(voorziening, date(2026, 1, 1), date(2026, 6, 30))
    assert tariff_on(voorziening, date(2025, 12, 31)) is None
    assert tariff_on(voorziening, date(2026, 7, 1)) is None


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((date(2026, 1, 1), date(2026, 1, 31)), (date(2026, 1, 31), None), True),
        ((date(2026, 1, 1), date(2026, 1, 31)), (date(2026, 2, 1), None), False),
        ((date(2026, 3, 1), None), (date(2026, 1, 1), date(2026, 2, 28)), False),
        ((date(2026, 3, 1), None), (date(2020, 1, 1), None), True),
    ],
)
def test_periods_include_their_end_day(a, b, expected):
    assert periods_overlap(*a, *b) is expected
