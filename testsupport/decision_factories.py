"""Factories for provisions, providers, aanvragen and beschikkingen, for tests that need a decision in place."""

from datetime import date, timedelta
from decimal import Decimal
from itertools import count

import factory

from catalogue.codes import Frequency, Kind, Law, Uitvoeringsvariant, Unit
from catalogue.models import Aanbieder, Contract, Tarief, Voorziening
from decisions.models import (
    AangevraagdProduct,
    Aanvraag,
    Beschikking,
    BeschikkingRegel,
    BeschikkingStatus,
    Leveringsvorm,
    Outcome,
)
from dossiers.models import Dossier

_agb = count(99990001)
_product = count(1)


class VoorzieningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Voorziening

    name = factory.Sequence(lambda n: f"Begeleiding individueel {n}")
    law = Law.WMO
    kind = Kind.MAATWERK
    product_category = "02"
    product_code = factory.LazyFunction(lambda: f"02A{next(_product) % 100:02d}")
    unit = Unit.UUR
    frequency = Frequency.PER_WEEK
    uitvoeringsvariant = Uitvoeringsvariant.INSPANNING


class AanbiederFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Aanbieder

    name = factory.Sequence(lambda n: f"Zorgaanbieder {n}")
    agb_code = factory.LazyFunction(lambda: f"{next(_agb):08d}")


def priced(voorziening: Voorziening, amount: str = "60.00", since: date = date(2020, 1, 1)) -> Voorziening:
    Tarief.objects.create(voorziening=voorziening, amount=Decimal(amount), valid_from=since)
    return voorziening


def contracted(aanbieder: Aanbieder, voorziening: Voorziening, since: date = date(2020, 1, 1)) -> Aanbieder:
    Contract.objects.create(aanbieder=aanbieder, voorziening=voorziening, valid_from=since)
    return aanbieder


def aanvraag_for(dossier: Dossier, *voorzieningen: Voorziening, law: str = Law.WMO, **kwargs: object) -> Aanvraag:
    """An aanvraag for the dossier's first household member, without starting a term (use the service for that)."""
    inwoner = dossier.huishouden.members.first()
    assert inwoner is not None
    created_by = kwargs.pop("created_by", None) or dossier.regisseur
    aanvraag = Aanvraag.objects.create(
        dossier=dossier,
        inwoner=inwoner,
        law=law,
        received_on=kwargs.pop("received_on", date.today()),
        description=str(kwargs.pop("description", "Hulp bij het dagelijks leven")),
        created_by=created_by,
        **kwargs,
    )
    for voorziening in voorzieningen:
        AangevraagdProduct.objects.create(aanvraag=aanvraag, voorziening=voorziening)
    return aanvraag


_beschikking_number = count(1)


def sent_beschikking(
    aanvraag: Aanvraag,
    *,
    aanbieder: Aanbieder | None = None,
    sent_on: date | None = None,
    leveringsvorm: str = Leveringsvorm.ZIN,
    volume: int = 3,
    weeks: int = 26,
) -> Beschikking:
    """A granted, signed and sent beschikking with one line per aangevraagd product (no letter, no terms)."""
    sent_on = sent_on or date.today()
    beschikking = Beschikking.objects.create(
        aanvraag=aanvraag,
        number=f"T{next(_beschikking_number):06d}",
        outcome=Outcome.TOEKENNING,
        motivation="Het onderzoek laat zien dat ondersteuning nodig is.",
        legal_basis="Wmo 2015 art. 2.3.5",
        status=BeschikkingStatus.VERZONDEN,
        prepared_by=aanvraag.created_by,
        first_signer=aanvraag.created_by,
        sent_on=sent_on,
        objection_until=sent_on + timedelta(weeks=6),
    )
    for product in aanvraag.producten.select_related("voorziening"):
        voorziening = product.voorziening
        BeschikkingRegel.objects.create(
            beschikking=beschikking,
            voorziening=voorziening,
            volume=volume,
            unit=voorziening.unit,
            frequency=voorziening.frequency,
            start=sent_on,
            end=sent_on + timedelta(weeks=weeks),
            leveringsvorm=leveringsvorm,
            pgb_choice_recorded=leveringsvorm == Leveringsvorm.PGB,
            aanbieder=aanbieder if leveringsvorm == Leveringsvorm.ZIN else None,
            estimated_amount=Decimal("1000.00"),
        )
    return beschikking
