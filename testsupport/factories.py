"""Factories that read like the domain: a team with staff, a household with a dossier."""

from datetime import date, timedelta
from decimal import Decimal
from itertools import count
from typing import Any

import factory
from django.utils import timezone

from accounts.models import Role, User
from dossiers.models import Dossier, Involvement, InvolvementRole
from dossiers.transitions import Status
from organisation.models import Buurt, Gemeente, Team, TeamMembership, Wijk
from residents.bsn import complete_bsn
from residents.models import Huishouden, HuishoudenLid, HuishoudenType, Inwoner, LidRol

_bsn_counter = count(10_000_000)


def next_bsn() -> str:
    while True:
        candidate = complete_bsn(f"{next(_bsn_counter):08d}")
        if candidate:
            return candidate


class GemeenteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gemeente
        django_get_or_create = ("cbs_code",)

    name = "Voorbeeldstad"
    cbs_code = "GM9999"
    postal_address = "Postbus 1000, 9999 ZZ Voorbeeldstad"
    phone = "14 0999"


class WijkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Wijk

    gemeente = factory.SubFactory(GemeenteFactory)
    name = factory.Sequence(lambda n: f"Wijk {n}")
    cbs_code = factory.Sequence(lambda n: f"WK{n:06d}")


class BuurtFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Buurt

    wijk = factory.SubFactory(WijkFactory)
    name = factory.Sequence(lambda n: f"Buurt {n}")
    cbs_code = factory.Sequence(lambda n: f"BU{n:08d}")
    inhabitants = 2500


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    gemeente = factory.SubFactory(GemeenteFactory)
    name = factory.Sequence(lambda n: f"Wijkteam {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"medewerker{n}")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Medewerker{n}")
    role = Role.GENERALIST
    password = factory.django.Password("geheim-wachtwoord-123")


def member_of(team: Team, user: User, *, leader: bool = False) -> User:
    TeamMembership.objects.create(
        team=team,
        user=user,
        fte=Decimal("0.8"),
        home_organisation="Welzijn Voorbeeldstad",
        is_leader=leader,
        start=date.today() - timedelta(days=365),
    )
    return user


class InwonerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inwoner

    bsn = factory.LazyFunction(next_bsn)
    voornamen = "Fatima"
    achternaam = factory.Sequence(lambda n: f"Jansen{n}")
    geboortedatum = date(1980, 5, 17)
    straat = "Kerkstraat"
    huisnummer = factory.Sequence(lambda n: n + 1)
    postcode = "1234AB"
    woonplaats = "Voorbeeldstad"
    is_synthetic = True


def household_with(*members: Inwoner, type: str = HuishoudenType.ALLEENSTAAND) -> Huishouden:
    huishouden = Huishouden.objects.create(type=type)
    for index, inwoner in enumerate(members):
        HuishoudenLid.objects.create(
            huishouden=huishouden, inwoner=inwoner, rol=LidRol.HOOFD if index == 0 else LidRol.KIND
        )
    return huishouden


def dossier_for(team: Team, *, status: str = Status.AANGEMELD, regisseur: User | None = None, **kwargs: Any) -> Dossier:
    """A dossier of one household member in `team`, optionally with a regisseur involved."""
    huishouden = household_with(InwonerFactory())
    dossier = Dossier.objects.create(huishouden=huishouden, team=team, status=status, regisseur=regisseur, **kwargs)
    if regisseur is not None:
        Involvement.objects.create(
            dossier=dossier, user=regisseur, role=InvolvementRole.REGISSEUR, start=timezone.now()
        )
    return dossier
