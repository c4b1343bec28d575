"""Registering residents and households. Callers wrap these in the transaction of the melding."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from residents.models import Huishouden, HuishoudenLid, Inwoner, LidRol


@transaction.atomic
def create_inwoner(inwoner: Inwoner) -> Inwoner:
    """Save a new resident after the model's own checks (BSN elfproef, birth date not in the future).

    `full_clean` checks that the BSN is free, but a colleague can register the same person in
    the moment between that check and the insert. The database's unique constraint then
    refuses the second insert; that becomes the same Dutch error as the check, not a 500.
    """
    inwoner.full_clean()
    try:
        with transaction.atomic():
            inwoner.save()
    except IntegrityError as error:
        if inwoner.bsn and Inwoner.objects.filter(bsn=inwoner.bsn).exists():
            raise ValidationError(
                {"bsn": _("Er is al een inwoner met dit BSN. Kies de bestaande inwoner.")}, code="unique"
            ) from error
        raise
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
