"""A small, realistic catalogue for the demo municipality. All providers are fictional; their AGB codes
start with 9999 so nobody mistakes them for real registrations. Safe to run twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from catalogue.codes import Frequency, Kind, Law, Uitvoeringsvariant, Unit
from catalogue.models import Aanbieder, Contract, Tarief, Voorziening
from catalogue.selectors import tariff_on


@dataclass(frozen=True)
class _Provision:
    name: str
    law: Law
    kind: Kind
    description: str
    category: str = ""
    code: str = ""
    unit: Unit | str = ""
    frequency: Frequency | str = ""
    variant: Uitvoeringsvariant | str = ""
    amount: Decimal | None = None


_PROVISIONS = [
    _Provision("Maaltijdservice", Law.WMO, Kind.ALGEMEEN, "Warme maaltijden aan huis, bestellen via het buurtteam."),
    _Provision(
        "Buurthuis en ontmoeting", Law.WMO, Kind.ALGEMEEN, "Inloop, koffieochtenden en activiteiten in de wijk."
    ),
    _Provision(
        "Onafhankelijke cliëntondersteuning",
        Law.WMO,
        Kind.ALGEMEEN,
        "Sociaal raadslieden en cliëntondersteuners helpen bij aanvragen, brieven en gesprekken.",
    ),
    _Provision(
        "Vrijwillige thuishulp", Law.WMO, Kind.ALGEMEEN, "Vrijwilligers voor klusjes, boodschappen en gezelschap."
    ),
    _Provision("Mantelzorgondersteuning", Law.WMO, Kind.ALGEMEEN, "Advies, respijt en lotgenotencontact."),
    _Provision(
        "Welzijnswerk",
        Law.WMO,
        Kind.ALGEMEEN,
        "Vrij inlopen bij de welzijnswerker voor een gesprek en advies over geld, opvoeden of meedoen in de buurt.",
    ),
    _Provision(
        "Huishoudelijke ondersteuning",
        Law.WMO,
        Kind.MAATWERK,
        "Hulp bij het schoon en leefbaar houden van de woning.",
        "01",
        "01A01",
        Unit.UUR,
        Frequency.PER_WEEK,
        Uitvoeringsvariant.INSPANNING,
        Decimal("36.50"),
    ),
    _Provision(
        "Begeleiding individueel",
        Law.WMO,
        Kind.MAATWERK,
        "Individuele begeleiding bij zelfredzaamheid en dagstructuur.",
        "02",
        "02A01",
        Unit.UUR,
        Frequency.PER_WEEK,
        Uitvoeringsvariant.INSPANNING,
        Decimal("68.20"),
    ),
    _Provision(
        "Dagbesteding",
        Law.WMO,
        Kind.MAATWERK,
        "Dagbesteding in groepsverband.",
        "07",
        "07A01",
        Unit.DAGDEEL,
        Frequency.PER_WEEK,
        Uitvoeringsvariant.INSPANNING,
        Decimal("52.40"),
    ),
    _Provision(
        "Woningaanpassing",
        Law.WMO,
        Kind.MAATWERK,
        "Aanpassingen aan de woning, zoals een traplift of drempelhulpen.",
        "13",
        "13A01",
        Unit.EURO,
        Frequency.TOTAAL,
        Uitvoeringsvariant.OUTPUT,
        Decimal("1.00"),
    ),
    _Provision(
        "Regiotaxi",
        Law.WMO,
        Kind.MAATWERK,
        "Collectief vervoer in de regio, per rit.",
        "08",
        "08A01",
        Unit.STUKS_OUTPUT,
        Frequency.PER_MAAND,
        Uitvoeringsvariant.OUTPUT,
        Decimal("24.80"),
    ),
    _Provision(
        "Jeugdhulp ambulant",
        Law.JEUGDWET,
        Kind.MAATWERK,
        "Ambulante hulp aan jeugdige en gezin, thuis of op locatie.",
        "45",
        "45A01",
        Unit.UUR,
        Frequency.PER_WEEK,
        Uitvoeringsvariant.INSPANNING,
        Decimal("89.50"),
    ),
    _Provision(
        "Pleegzorg",
        Law.JEUGDWET,
        Kind.MAATWERK,
        "Verblijf in een pleeggezin, inclusief begeleiding van het pleeggezin.",
        "44",
        "44A01",
        Unit.ETMAAL,
        Frequency.PER_MAAND,
        Uitvoeringsvariant.OUTPUT,
        Decimal("32.60"),
    ),
    _Provision(
        "Bijzondere bijstand",
        Law.PARTICIPATIEWET,
        Kind.MAATWERK,
        "Vergoeding van noodzakelijke, bijzondere kosten; de gemeente betaalt rechtstreeks.",
        unit=Unit.EURO,
        frequency=Frequency.TOTAAL,
        amount=Decimal("1.00"),
    ),
]

#: Fictional providers (AGB 9999xxxx) and the voorzieningen they are contracted for.
_PROVIDERS: dict[tuple[str, str], list[str]] = {
    ("Thuiszorg De Lindeboom", "99990011"): ["Huishoudelijke ondersteuning"],
    ("Zorggroep Voorbeeldstad", "99990022"): [
        "Huishoudelijke ondersteuning",
        "Begeleiding individueel",
        "Dagbesteding",
    ],
    ("Stichting Het Kompas Jeugdhulp", "99990033"): ["Jeugdhulp ambulant", "Begeleiding individueel"],
    ("Pleegzorg Regio Voorbeeld", "99990044"): ["Pleegzorg"],
    ("Regiovervoer Voorbeeldland", "99990055"): ["Regiotaxi"],
    ("Bouwhuis Woonaanpassingen", "99990066"): ["Woningaanpassing"],
}


def seed_catalogue(today: date) -> None:
    """Prices and contracts start on 1 January of the demo year; existing rows are left as they are."""
    start = date(today.year, 1, 1)
    by_name: dict[str, Voorziening] = {}
    for provision in _PROVISIONS:
        voorziening, _created = Voorziening.objects.get_or_create(
            law=provision.law,
            name=provision.name,
            defaults={
                "kind": provision.kind,
                "description": provision.description,
                "product_category": provision.category,
                "product_code": provision.code,
                "unit": provision.unit,
                "frequency": provision.frequency,
                "uitvoeringsvariant": provision.variant,
            },
        )
        by_name[provision.name] = voorziening
        if provision.amount is not None and tariff_on(voorziening, today) is None:
            Tarief.objects.get_or_create(
                voorziening=voorziening, valid_from=start, defaults={"amount": provision.amount}
            )
    for (name, agb_code), provisions in _PROVIDERS.items():
        aanbieder, _created = Aanbieder.objects.get_or_create(agb_code=agb_code, defaults={"name": name})
        for provision_name in provisions:
            Contract.objects.get_or_create(
                aanbieder=aanbieder, voorziening=by_name[provision_name], defaults={"valid_from": start}
            )
