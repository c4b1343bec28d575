"""Plain checks on codes, usable from models, forms and imports alike."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_AGB = re.compile(r"[0-9]{8}")  # `\d` would also take other scripts' digits
_PRODUCT_CODE = re.compile(r"[0-9A-Z]{5}")


def validate_agb_code(value: str) -> None:
    """The AGB register (Vektis) identifies providers in every iWmo/iJw message by exactly eight digits."""
    if not _AGB.fullmatch(value or ""):
        raise ValidationError(_("Een AGB-code bestaat uit precies 8 cijfers."), code="invalid_agb")


def validate_product_code(value: str) -> None:
    if not _PRODUCT_CODE.fullmatch(value or ""):
        raise ValidationError(
            _("Een productcode bestaat uit precies 5 tekens (cijfers of hoofdletters)."), code="invalid_product_code"
        )


def periods_overlap(a_from: date, a_to: date | None, b_from: date, b_to: date | None) -> bool:
    """Both periods include their end day; an open end (None) runs on indefinitely."""
    return (a_to is None or b_from <= a_to) and (b_to is None or a_from <= b_to)
