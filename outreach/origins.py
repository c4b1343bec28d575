"""An erop-af contact as the origin of a melding (dossiers.origins): "maak er een melding van"."""

from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from dossiers.models import Melding
from dossiers.origins import Origin
from outreach import selectors, services


def describe(user: User, pk: int) -> str | None:
    """A contact of the user's own team that is no melding yet; None otherwise (the form answers 404)."""
    contact = selectors.contact_for(user, pk)
    if contact is None or contact.melding_made_on is not None:
        return None
    return _("erop-af-contact van %(day)s (%(setting)s, wijk %(wijk)s)") % {
        "day": date_format(contact.contact_on),
        "setting": contact.get_setting_display(),
        "wijk": contact.wijk.name,
    }


def link(user: User, pk: int, melding: Melding, request: HttpRequest | None) -> None:
    contact = selectors.contact_for(user, pk)
    if contact is not None:
        services.link_melding(contact, melding, actor=user, request=request)


ORIGIN = Origin(describe=describe, link=link, object_type=services.OBJECT_TYPE)
