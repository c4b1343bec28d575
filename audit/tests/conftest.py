from datetime import datetime

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Role, User
from dossiers.models import Dossier, Melding
from residents.models import HuishoudenLid, Inwoner, LidRol
from testsupport.factories import InwonerFactory, UserFactory, dossier_for


@pytest.fixture
def privacy_officer(db: None) -> User:
    return UserFactory(role=Role.PRIVACY_OFFICER, first_name="Pim", last_name="Privacy")


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def melding_about(dossier: Dossier, inwoner: Inwoner, description: str, by: User) -> Melding:
    return Melding.objects.create(
        dossier=dossier,
        inwoner=inwoner,
        route="huisarts",
        description=description,
        received_at=timezone.make_aware(datetime(2026, 2, 2, 10, 0)),
        registered_by=by,
    )


@pytest.fixture
def family(team, generalist) -> tuple[Dossier, Inwoner, Inwoner]:
    """A household of a parent and a child with one dossier, the generalist as regisseur."""
    dossier = dossier_for(team, regisseur=generalist)
    parent = dossier.huishouden.members.get()
    child = InwonerFactory(voornamen="Noor")
    HuishoudenLid.objects.create(huishouden=dossier.huishouden, inwoner=child, rol=LidRol.KIND)
    return dossier, parent, child
