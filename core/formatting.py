"""How amounts read in Dutch, the same on screens, in messages and in letters."""

from decimal import Decimal


def euro(amount: Decimal | int) -> str:
    """`€ 12.345,60`; a negative amount reads `-€ 12,00`. Independent of the active language."""
    value = Decimal(amount)
    sign = "-" if value < 0 else ""
    whole, cents = f"{abs(value):.2f}".split(".")
    return f"{sign}€ {int(whole):,}".replace(",", ".") + f",{cents}"


def euro_from_cents(cents: int) -> str:
    """iWmo/iJw amounts are in eurocents."""
    return euro(Decimal(cents) / 100)
