from datetime import date
from decimal import Decimal

from catalogue.codes import Frequency, Kind, Law, Uitvoeringsvariant, Unit
from catalogue.models import Aanbieder, Contract, Tarief, Voorziening


def begeleiding(**overrides) -> Voorziening:
    fields = {
        "name": "Begeleiding individueel",
        "law": Law.WMO,
        "kind": Kind.MAATWERK,
        "product_category": "02",
        "product_code": "02A01",
        "unit": Unit.UUR,
        "frequency": Frequency.PER_WEEK,
        "uitvoeringsvariant": Uitvoeringsvariant.INSPANNING,
    } | overrides
    return Voorziening.objects.create(**fields)


def tarief(voorziening: Voorziening, start: date, end: date | None = None, amount: str = "60.00") -> Tarief:
    return Tarief.objects.create(voorziening=voorziening, valid_from=start, valid_to=end, amount=Decimal(amount))


def aanbieder(name: str = "Zorggroep Test", agb_code: str = "99990001", active: bool = True) -> Aanbieder:
    return Aanbieder.objects.create(name=name, agb_code=agb_code, active=active)


def contract(provider: Aanbieder, voorziening: Voorziening, start: date, end: date | None = None) -> Contract:
    return Contract.objects.create(aanbieder=provider, voorziening=voorziening, valid_from=start, valid_to=end)
