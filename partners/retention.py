"""Removing partner meldingen the team turned down, once their term has passed.

A registered partner melding is part of the dossier it joined and goes with that dossier (retention app). One the
team judged not for the wijkteam ("afgewezen") holds a person's name and a worry that led to nothing here: it is
kept long enough for the partner to read back "afgerond" and for questions about it, then removed (AVG art. 5
lid 1 sub e; the term is a setting, PARTNERMELDINGEN_BEWAARTERMIJN_MAANDEN, default 12, counted from the
rejection). A melding still waiting in the queue is never removed by this job: nothing is lost unseen.
"""

from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from audit.models import AccessAction, AccessBasis
from audit.services import log_access
from partners.models import PartnerMelding

DETAIL = "afgewezen partnermelding verwijderd na de bewaartermijn"


def cutoff(today: date) -> datetime:
    months = int(settings.PARTNERMELDINGEN_BEWAARTERMIJN_MAANDEN)
    return timezone.make_aware(datetime.combine(today - relativedelta(months=months), time.min))


@transaction.atomic
def remove_expired(today: date | None = None) -> int:
    """Remove the rejected partner meldingen past the term; one access-log line each (which record, never whose)."""
    today = today or timezone.localdate()
    expired = list(
        PartnerMelding.objects.filter(melding__isnull=True, rejected_at__lt=cutoff(today))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for pk in expired:
        PartnerMelding.objects.filter(pk=pk).delete()
        log_access(
            None,
            user=None,
            action=AccessAction.UPDATE,
            basis=AccessBasis.PARTNER,
            object_type="partnermelding",
            object_id=pk,
            detail=DETAIL,
        )
    return len(expired)
