"""Read queries of the survey for Mijn Wijkteam: a person's own open invitations."""

from django.db.models import QuerySet
from django.utils import timezone

from residents.models import Inwoner
from surveys.models import Invitation


def invitations_of(person: Inwoner) -> QuerySet[Invitation]:
    """Every invitation of `person`, newest first (used and expired ones too: the page says which)."""
    return Invitation.objects.filter(person=person).order_by("-created_at", "-pk")


def open_invitations_of(person: Inwoner) -> QuerySet[Invitation]:
    return invitations_of(person).filter(used_at__isnull=True, expires_at__gt=timezone.now())
