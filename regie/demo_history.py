"""Two years of escalations to the regieteam for the demo municipality's history, so indicator 15 has figures.

The showcase (regie.demo_data) escalates one dossier through the services on the real clock; the monitor needs
escalations spread over months and wijken. These are written directly on dossiers of the history (open or
closed), each inside its dossier's life: started some weeks after the dossier opened, ended (afgeschaald) after one
to eight months and before the dossier closed, or still running when the dossier is still open. One escalation per
dossier. The regieteam is the showcase's own (regie.demo_data._regieteam), so the city has one.

No case conferences: a conference gives consultations on the real clock, and indicator 15 counts the escalations
only. Volumes follow the number of wijken and months, not of residents. Deterministic from the seed. Safe to run
twice: nothing is made when escalations of the history exist.
"""

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from demo.months import month_spans, pick_weighted
from dossiers.models import Dossier
from organisation.models import Wijk
from regie.demo_data import _regieteam
from regie.models import Escalation, EscalationResult, ReasonCategory
from residents.models import HuishoudenLid, LidRol

MONTHS = 24
ESCALATIONS_PER_WIJK_MONTH = (1, 3)
REASON_WEIGHTS: dict[str, int] = {
    ReasonCategory.MULTIPROBLEM: 45,
    ReasonCategory.VEILIGHEID: 25,
    ReasonCategory.VASTGELOPEN: 22,
    ReasonCategory.ANDERS: 8,
}
RESULT_WEIGHTS: dict[str, int] = {
    EscalationResult.STABIEL: 45,
    EscalationResult.OVERGEDRAGEN: 15,
    EscalationResult.SPECIALISTISCH: 20,
    EscalationResult.VASTGELOPEN: 12,
    EscalationResult.ANDERS: 8,
}
#: The explanations of the history: also how a second run sees that it ran.
EXPLANATIONS: dict[str, tuple[str, ...]] = {
    ReasonCategory.MULTIPROBLEM: (
        "Schulden, huisvesting en zorg lopen door elkaar; de organisaties werken langs elkaar heen.",
        "Meerdere hulpverleners in het gezin zonder gezamenlijk plan; afstemming nodig.",
    ),
    ReasonCategory.VEILIGHEID: (
        "Zorgen om de veiligheid van de kinderen; Veilig Thuis is betrokken.",
        "Dreigende escalatie in de buurt; politie en woningcorporatie melden zorgen.",
    ),
    ReasonCategory.VASTGELOPEN: (
        "Het plan komt al maanden niet verder; doorbraak nodig.",
        "Passende zorg is niet beschikbaar binnen de gewone route.",
    ),
    ReasonCategory.ANDERS: ("Verzoek van de huisarts om gezamenlijk overleg.",),
}
END_NOTES: dict[str, str] = {
    EscalationResult.STABIEL: "Situatie is stabiel; het wijkteam gaat verder met het plan.",
    EscalationResult.OVERGEDRAGEN: "Regie overgedragen met instemming van het huishouden.",
    EscalationResult.SPECIALISTISCH: "Verder in specialistische zorg.",
    EscalationResult.VASTGELOPEN: "Geen doorbraak bereikt; opnieuw bekijken als de situatie verandert.",
    EscalationResult.ANDERS: "Afgeschaald in overleg.",
}


def _explanations() -> list[str]:
    return [text for texts in EXPLANATIONS.values() for text in texts]


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(
        day, time(rng.randint(9, 16), rng.choice((0, 15, 30, 45))), tzinfo=ZoneInfo(settings.TIME_ZONE)
    )


def _dossiers(today: date) -> dict[int, list[tuple[int, date, date | None, int | None, int]]]:
    """Per wijk (of the household's main member, as the indicator places it) the dossiers without an escalation:
    (pk, opened, closed or None, regisseur, team's gemeente)."""
    wijk = HuishoudenLid.objects.filter(huishouden=OuterRef("huishouden"), rol=LidRol.HOOFD).values(
        "inwoner__buurt__wijk_id"
    )[:1]
    since = today - timedelta(days=31 * MONTHS)
    rows = (
        Dossier.objects.filter(escalations__isnull=True, opened_at__date__lte=today)
        .exclude(closed_at__date__lt=since)
        .annotate(wijk_id=Subquery(wijk))
        .order_by("pk")
        .values_list("pk", "opened_at", "closed_at", "regisseur_id", "team__gemeente_id", "wijk_id")
    )
    per_wijk: dict[int, list[tuple[int, date, date | None, int | None, int]]] = defaultdict(list)
    for pk, opened_at, closed_at, regisseur, gemeente, wijk_id in rows.iterator(chunk_size=5000):
        if wijk_id is None:
            continue
        closed = timezone.localtime(closed_at).date() if closed_at is not None else None
        per_wijk[wijk_id].append((pk, timezone.localtime(opened_at).date(), closed, regisseur, gemeente))
    return per_wijk


def seed_history(today: date, seed: int) -> dict[str, int]:
    """Escalations for the last MONTHS months per wijk, most of them ended; returns how many."""
    counts = {"opschalingen historie": 0}
    if Escalation.objects.filter(explanation__in=_explanations()).exists():
        return counts
    rng = random.Random(seed * 104729 + 15)
    per_wijk = _dossiers(today)
    used: set[int] = set()
    escalations: list[Escalation] = []
    regieteams: dict[int, int] = {}
    for wijk_id in Wijk.objects.order_by("pk").values_list("pk", flat=True):
        dossiers = per_wijk.get(wijk_id, [])
        if not dossiers:
            continue
        for first, last in month_spans(today, MONTHS):
            for _ in range(rng.randint(*ESCALATIONS_PER_WIJK_MONTH)):
                started = first + timedelta(days=rng.randint(0, (last - first).days))
                # Alive at least three weeks before and a week after the start, with a regisseur.
                alive = [
                    d
                    for d in dossiers
                    if d[0] not in used
                    and d[3] is not None
                    and d[1] <= started - timedelta(days=21)
                    and (d[2] is None or d[2] >= started + timedelta(days=7))
                ]
                if not alive:
                    continue
                pk, _opened, closed, regisseur, gemeente = rng.choice(alive)
                assert regisseur is not None
                used.add(pk)
                if gemeente not in regieteams:
                    regieteams[gemeente] = _regieteam(gemeente).pk
                reason = pick_weighted(rng, REASON_WEIGHTS)
                escalation = Escalation(
                    dossier_id=pk,
                    regieteam_id=regieteams[gemeente],
                    reason_category=reason,
                    explanation=rng.choice(EXPLANATIONS[reason]),
                    started_at=_at(started, rng),
                    started_by_id=regisseur,
                )
                ended = started + timedelta(days=rng.randint(30, 240))
                if closed is not None:
                    ended = min(ended, closed - timedelta(days=1))
                if ended <= today and (closed is not None or rng.random() < 0.85):
                    result = pick_weighted(rng, RESULT_WEIGHTS)
                    escalation.ended_at = _at(ended, rng)
                    escalation.ended_by_id = regisseur
                    escalation.result = result
                    escalation.end_note = END_NOTES[result]
                escalations.append(escalation)
    Escalation.objects.bulk_create(escalations, batch_size=2000)
    counts["opschalingen historie"] = len(escalations)
    return counts
