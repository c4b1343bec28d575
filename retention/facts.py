"""The anonymous facts kept about a dossier before it is destroyed: codes, months and counts, nothing else.

No names, no BSN, no addresses, no dates of birth, no free text: only what the monitor counts
(inflow by route and area, lead times per stage, outcomes, laws used).
"""

from collections import Counter
from datetime import datetime
from typing import Any

from django.utils import timezone

from catalogue.codes import Law
from decisions.models import Beschikking
from dossiers.models import Dossier, TimelineEvent, Urgency
from dossiers.transitions import Status
from residents.models import HuishoudenLid, LidRol
from retention.selectors import FINAL_STATUSES

_URGENCY_ORDER = [Urgency.NORMAAL, Urgency.HOOG, Urgency.CRISIS]


def _month(moment: datetime | None) -> str:
    return f"{timezone.localtime(moment):%Y-%m}" if moment is not None else ""


def _wijk_code(dossier: Dossier) -> str:
    """The wijk of the household: the head's neighbourhood, else the one most members live in."""
    members = list(
        HuishoudenLid.objects.filter(huishouden=dossier.huishouden_id, inwoner__buurt__isnull=False).values_list(
            "rol", "inwoner__buurt__wijk__cbs_code"
        )
    )
    for rol, code in members:
        if rol == LidRol.HOOFD:
            return str(code)
    if not members:
        return ""
    return str(Counter(code for _rol, code in members).most_common(1)[0][0])


def days_per_stage(dossier: Dossier) -> dict[str, int]:
    """Days spent in each status, from the status changes on the timeline (summed over re-entries)."""
    changes = (
        TimelineEvent.objects.filter(dossier=dossier, kind=TimelineEvent.Kind.STATUS)
        .order_by("at", "id")
        .values_list("at", "data")
    )
    days: Counter[str] = Counter()
    current, since = Status.AANGEMELD.value, dossier.opened_at
    for at, data in changes:
        new = (data or {}).get("new")
        if new not in Status.values:
            continue
        days[current] += max((at - since).days, 0)
        current, since = new, at
    if current != Status.AFGESLOTEN and dossier.closed_at is not None:
        days[current] += max((dossier.closed_at - since).days, 0)
    return {status: days[status] for status in Status.values if status in days and status != Status.AFGESLOTEN}


def collect_facts(dossier: Dossier) -> dict[str, Any]:
    """The facts as a plain dict: stored on the destruction request and as a `DestroyedDossierFact`."""
    team = dossier.team
    meldingen = list(dossier.meldingen.values_list("route", "urgency"))
    urgencies = {urgency for _route, urgency in meldingen}
    decisions = Beschikking.objects.filter(aanvraag__dossier=dossier, status__in=FINAL_STATUSES)
    laws = set(decisions.values_list("aanvraag__law", flat=True).distinct())
    return {
        "gemeente_code": team.gemeente.cbs_code,
        "team_name": team.name,
        "wijk_code": _wijk_code(dossier),
        "opened_month": _month(dossier.opened_at),
        "closed_month": _month(dossier.closed_at),
        "routes": sorted({route for route, _urgency in meldingen}),
        "urgency": next((level.value for level in reversed(_URGENCY_ORDER) if level in urgencies), ""),
        "close_reason": dossier.close_reason,
        "household_type": dossier.huishouden.type,
        "laws_with_decisions": [law for law in Law.values if law in laws],
        "melding_count": len(meldingen),
        "beschikking_count": decisions.count(),
        "days_per_stage": days_per_stage(dossier),
    }
