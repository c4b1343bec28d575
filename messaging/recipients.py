"""Who gets the e-mail notice of a new message: the household's members who use Mijn Wijkteam themselves."""

from django.utils import timezone

from dossiers.models import Dossier
from portal.minors import may_log_in_themself
from portal.models import PortalContact
from residents.models import HuishoudenLid


def notice_addresses(dossier: Dossier) -> list[str]:
    """The e-mail addresses the household's current members gave for notices, each once."""
    today = timezone.localdate()
    members = (
        HuishoudenLid.objects.filter(huishouden_id=dossier.huishouden_id)
        .exclude(end__lt=today)
        .select_related("inwoner")
    )
    people = [member.inwoner for member in members if may_log_in_themself(member.inwoner.age_on(today))]
    found = PortalContact.objects.filter(inwoner__in=people).exclude(email="").order_by("pk")
    addresses: list[str] = []
    for contact in found:
        if contact.email.lower() not in {address.lower() for address in addresses}:
            addresses.append(contact.email)
    return addresses
