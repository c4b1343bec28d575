"""Budgets for the demo municipality, so monitor indicator 9 has something to set the costs against.

* A **wijkbudget** per wijk for every year of the demo: the city sets its maatwerk budget at what it decided the
  year before plus 3% (the first year: what it decided that year; without any decisions: € 450 per resident), and
  divides it over the wijken by their residents, each wijk a few percent off (as a key per population would), so
  some wijken end above their budget and some below.
* A **vrij besteedbaar budget** per team and year: € 1,250 per team member, at least € 10,000, at most € 500 per
  spend (the amounts the configuration seeds for the current year are left as they are).
* **Spends** from those budgets: per team and year some 55–95% of its budget in small amounts (€ 25–500) for
  dossiers of the team that were open that day, up to the reference date.

Deterministic for a seed; a few queries and one bulk insert per table, also at a million residents.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from decisions.models import BeschikkingRegel, BeschikkingStatus, BudgetSpend, TeamBudget, WijkBudget
from dossiers.models import Dossier
from organisation.models import Team, TeamMembership, Wijk
from residents.models import Inwoner

GROWTH = Decimal("1.03")
PER_RESIDENT = Decimal("450")
TEAM_BUDGET_PER_MEMBER = Decimal("1250")
TEAM_BUDGET_MINIMUM = Decimal("10000")
MAX_PER_SPEND = Decimal("500")
#: What a team spends its free budget on (synthetic texts, no person in them).
_SPENDS = (
    ("Eerste maand huur na dakloosheid", "Zo kan het huishouden de woning houden; een aanvraag duurt te lang."),
    ("Reparatie wasmachine", "Zonder wasmachine loopt de zorg voor de kinderen vast."),
    ("Fiets om naar het werk te gaan", "Het werk begint volgende week; er is geen ander vervoer."),
    ("Boodschappen in afwachting van de uitkering", "De eerste betaling komt pas over drie weken."),
    ("Schoolreis van een kind", "Het kind hoort erbij; de ouders kunnen het nu niet betalen."),
    ("Schoonmaak van de woning", "Een eenmalige schoonmaak voorkomt een ontruiming."),
    ("Reiskosten naar het ziekenhuis", "De afspraken gaan voor; vervoer is er niet."),
    ("Bed en matras", "Het kind sliep op de bank; dit lost het meteen op."),
)


def seed_budgets(today: date, years: int, seed: int) -> dict[str, int]:
    """Wijkbudgets and team budgets for `today.year - years` up to today's year, and spends from the team budgets."""
    rng = random.Random(seed * 7919 + 9)
    first = today.year - years
    with transaction.atomic():
        wijkbudgets = _wijkbudgets(rng, first, today.year)
        teambudgets = _teambudgets(first, today.year)
        spends = _spends(rng, today, first)
    return {"wijkbudgetten": wijkbudgets, "teambudgetten": teambudgets, "uitgaven vrij budget": spends}


def _wijkbudgets(rng: random.Random, first: int, last: int) -> int:
    decided: dict[int, Decimal] = {
        year: amount or Decimal(0)
        for year, amount in BeschikkingRegel.objects.filter(
            granted=True, beschikking__status__in=[BeschikkingStatus.VASTGESTELD, BeschikkingStatus.VERZONDEN]
        )
        .annotate(year=ExtractYear(Coalesce("start", "beschikking__sent_on")))
        .values_list("year")
        .annotate(amount=Sum("estimated_amount"))
        .order_by()
        if year is not None
    }
    residents = dict(
        Inwoner.objects.filter(buurt__isnull=False)
        .values_list("buurt__wijk_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("buurt__wijk_id", "n")
    )
    everyone = sum(residents.values())
    wijken = list(Wijk.objects.order_by("pk").values_list("pk", flat=True))
    if not everyone or not wijken:
        return 0
    offsets = {wijk: Decimal(rng.randint(-8, 8)) / 100 for wijk in wijken}
    rows = []
    for year in range(first, last + 1):
        before = decided.get(year - 1)
        city = before * GROWTH if before else decided.get(year) or PER_RESIDENT * everyone
        for wijk in wijken:
            share = city * residents.get(wijk, 0) / everyone * (1 + offsets[wijk] + Decimal(rng.randint(-2, 2)) / 100)
            amount = (share / 1000).quantize(Decimal(1)) * 1000
            rows.append(WijkBudget(wijk_id=wijk, year=year, amount=max(amount, Decimal(0))))
    existing = set(WijkBudget.objects.values_list("wijk_id", "year"))
    fresh = [row for row in rows if (row.wijk_id, row.year) not in existing]
    WijkBudget.objects.bulk_create(fresh, batch_size=1000)
    return len(fresh)


def _teambudgets(first: int, last: int) -> int:
    members = dict(
        TeamMembership.objects.values_list("team_id").annotate(n=Count("id")).order_by().values_list("team_id", "n")
    )
    existing = set(TeamBudget.objects.values_list("team_id", "year"))
    rows = [
        TeamBudget(
            team_id=team,
            year=year,
            amount=max(TEAM_BUDGET_MINIMUM, TEAM_BUDGET_PER_MEMBER * members.get(team, 0)),
            max_per_spend=MAX_PER_SPEND,
        )
        for team in Team.objects.order_by("pk").values_list("pk", flat=True)
        for year in range(first, last + 1)
        if (team, year) not in existing
    ]
    TeamBudget.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _spends(rng: random.Random, today: date, first: int) -> int:
    """Spends per team budget, on days up to today, each for a dossier of the team open that day."""
    if BudgetSpend.objects.exists():
        return 0
    tz = timezone.get_current_timezone()
    # Per team the dossiers by opening moment; a spend picks among those opened before its day.
    dossiers: dict[int, list[tuple[datetime, datetime | None, int]]] = defaultdict(list)
    for pk, team, opened, closed in Dossier.objects.order_by("team_id", "opened_at", "pk").values_list(
        "pk", "team_id", "opened_at", "closed_at"
    ):
        dossiers[team].append((opened, closed, pk))
    workers: dict[int, list[int]] = defaultdict(list)
    for team, user in TeamMembership.objects.order_by("team_id", "pk").values_list("team_id", "user_id"):
        workers[team].append(user)
    rows = []
    budgets = TeamBudget.objects.filter(year__gte=first, year__lte=today.year).order_by("team_id", "year")
    for budget in budgets:
        team_dossiers, team_workers = dossiers.get(budget.team_id), workers.get(budget.team_id)
        if not team_dossiers or not team_workers:
            continue
        openings = [moment.timestamp() for moment, _closed, _pk in team_dossiers]
        start = date(budget.year, 1, 1)
        days = (min(today, date(budget.year, 12, 31)) - start).days + 1
        if days <= 0:
            continue
        target = budget.amount * Decimal(rng.randint(55, 95)) / 100 * days / (366 if budget.year % 4 == 0 else 365)
        spent, attempts = Decimal(0), 0
        while spent < target and attempts < 50_000:  # a team without open dossiers stops trying
            attempts += 1
            day = start + timedelta(days=rng.randrange(days))
            moment = datetime.combine(day, time(12), tzinfo=tz)
            candidates = bisect_right(openings, moment.timestamp())
            if not candidates:
                continue
            _opened, closed_at, dossier = team_dossiers[rng.randrange(max(0, candidates - 400), candidates)]
            if closed_at is not None and closed_at < moment:
                continue
            amount = min(Decimal(rng.randint(5, 100) * 5), budget.max_per_spend)
            spent += amount
            description, reason = rng.choice(_SPENDS)
            rows.append(
                BudgetSpend(
                    budget=budget,
                    dossier_id=dossier,
                    amount=amount,
                    description=description,
                    reason=reason,
                    spent_by_id=rng.choice(team_workers),
                    spent_on=day,
                )
            )
    BudgetSpend.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
