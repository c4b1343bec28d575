from decimal import Decimal

from core.formatting import euro, euro_from_cents


def test_amounts_read_in_dutch() -> None:
    assert euro(Decimal("12345.6")) == "€ 12.345,60"
    assert euro(0) == "€ 0,00"
    assert euro_from_cents(-1200) == "-€ 12,00"
    assert euro_from_cents(123456789) == "€ 1.234.567,89"
