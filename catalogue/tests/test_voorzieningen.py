import pytest
from django.core.exceptions import ValidationError

from catalogue.codes import Kind, Law
from catalogue.models import Voorziening
from catalogue.tests.factories import begeleiding

pytestmark = pytest.mark.django_db


def test_wmo_maatwerk_needs_a_wmo_product_category():
    voorziening = Voorziening(
        name="Verkeerd", law=Law.WMO, kind=Kind.MAATWERK, product_category="45", product_code="45A01"
    )
    with pytest.raises(ValidationError) as raised:
        voorziening.full_clean()
    assert "product_category" in raised.value.message_dict


def test_algemene_voorziening_has_no_product_code():
    voorziening = Voorziening(name="Buurthuis", law=Law.WMO, kind=Kind.ALGEMEEN, product_code="09A01")
    with pytest.raises(ValidationError) as raised:
        voorziening.full_clean()
    assert "product_code" in raised.value.message_dict


def test_the_same_maatwerk_product_cannot_exist_twice_under_one_law():
    begeleiding()
    duplicate = Voorziening(
        name="Begeleiding (dubbel)",
        law=Law.WMO,
        kind=Kind.MAATWERK,
        product_category="02",
        product_code="02A01",
        unit="04",
        frequency="2",
        uitvoeringsvariant="inspanning",
    )
    with pytest.raises(ValidationError, match="al een maatwerkvoorziening"):
        duplicate.full_clean()


def test_algemene_voorzieningen_without_codes_may_coexist():
    Voorziening.objects.create(name="Buurthuis", law=Law.WMO, kind=Kind.ALGEMEEN)
    Voorziening(name="Maaltijdservice", law=Law.WMO, kind=Kind.ALGEMEEN).full_clean()
