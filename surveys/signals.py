"""Invite to the survey when the dossier's timeline records a completed onderzoek or a sent beschikking.

The timeline is the append-only record of what happened in a dossier; its entries are written by the services
that complete an onderzoek (payload ``onderzoek``) and send a beschikking (payload ``beschikking``), inside their
transactions. The receiver looks the record up and invites only when it is really completed or sent
(surveys.services), so any other entry about the same record is harmless.
"""

from typing import Any

from dossiers.models import TimelineEvent


def invite_on_timeline_event(
    sender: type[TimelineEvent], instance: TimelineEvent, created: bool, **kwargs: Any
) -> None:
    if not created or kwargs.get("raw"):
        return
    data = instance.data if isinstance(instance.data, dict) else {}
    if instance.kind == TimelineEvent.Kind.ONDERZOEK and isinstance(data.get("onderzoek"), int):
        from assessments.models import Onderzoek
        from surveys.services import invite_after_onderzoek

        onderzoek = Onderzoek.objects.filter(pk=data["onderzoek"], completed_on__isnull=False).first()
        if onderzoek is not None:
            invite_after_onderzoek(onderzoek)
    elif instance.kind == TimelineEvent.Kind.BESLUIT and isinstance(data.get("beschikking"), int):
        from decisions.models import Beschikking
        from surveys.services import invite_after_beschikking

        beschikking = (
            Beschikking.objects.filter(pk=data["beschikking"], sent_on__isnull=False)
            .select_related("aanvraag__dossier", "aanvraag__inwoner__buurt")
            .first()
        )
        if beschikking is not None:
            invite_after_beschikking(beschikking)
