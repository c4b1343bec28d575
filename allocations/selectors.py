"""Read queries for allocations: what the dossier page shows about toewijzingen and their messages."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from allocations.models import Bericht, BerichtTaak, Direction, Toewijzing
from allocations.outgoing import is_current
from dossiers.models import Dossier


@dataclass(frozen=True)
class AllocationRow:
    toewijzing: Toewijzing
    current: bool
    last_bericht: Bericht | None


def dossier_allocations(dossier: Dossier) -> dict[str, Any]:
    """Context for `allocations/_dossier_section.html`, in a constant number of queries.

    Keys: ``allocation_section`` (true when there is anything to show), ``allocation_rows``
    (one per toewijzing this dossier owns), ``allocation_berichten`` (messages sent to providers
    from this dossier, newest first, with their open terms) and
    ``allocations_pending`` (some toewijzing waits for its 301).
    """
    today = timezone.localdate()
    toewijzingen = list(
        Toewijzing.objects.filter(dossier=dossier)
        .select_related("aanbieder", "voorziening", "inwoner")
        .order_by("inwoner_id", "ingangsdatum", "pk")
    )
    berichten = list(
        Bericht.objects.filter(direction=Direction.OUT, dossier=dossier)
        .select_related("aanbieder", "inwoner")
        .prefetch_related(
            Prefetch("taken", queryset=BerichtTaak.objects.filter(done_at__isnull=True), to_attr="open_taken")
        )
        .order_by("-created_at", "-pk")
    )
    latest: dict[tuple[int | None, int | None], Bericht] = {}
    for bericht in berichten:
        if bericht.kind.endswith("301"):
            latest.setdefault((bericht.inwoner_id, bericht.aanbieder_id), bericht)
    rows = [
        AllocationRow(
            toewijzing=toewijzing,
            current=is_current(toewijzing, today),
            last_bericht=None
            if toewijzing.pending_send
            else latest.get((toewijzing.inwoner_id, toewijzing.aanbieder_id)),
        )
        for toewijzing in toewijzingen
    ]
    return {
        "allocation_section": bool(rows or berichten),
        "allocation_rows": rows,
        "allocation_berichten": berichten,
        "allocations_pending": any(toewijzing.pending_send for toewijzing in toewijzingen),
    }
