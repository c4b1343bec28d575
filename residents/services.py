"""Registering residents and households. Callers wrap these in the transaction of the melding."""

from django.db import transaction

from residents.models import Huishouden, HuishoudenLid, Inwoner, LidRol


@transaction.atomic
def create_inwoner(inwoner: Inwoner) -> Inwoner:
    """Save a new resident after the model's own checks (BSN elfproef, birth date not in the future)."""
    inwoner.full_clean()
    inwoner.save()
    return inwoner


@transaction.atomic
def create_household(head: Inwoner, type: str) -> Huishouden:
    huishouden = Huishouden.objects.create(type=type)
    HuishoudenLid.objects.create(huishouden=huishouden, inwoner=head, rol=LidRol.HOOFD)
    return huishouden


@transaction.atomic
def add_to_household(huishouden: Huishouden, inwoner: Inwoner, rol: str) -> HuishoudenLid:
    lid, _created = HuishoudenLid.objects.get_or_create(huishouden=huishouden, inwoner=inwoner, defaults={"rol": rol})
    return lid
