"""Filling the monitor's aggregate tables from the casework tables, from scratch.

One GROUP BY per table in the database; Python only turns birth years into age bands and writes the rows.
Ages are counted in whole calendar years (the year of the melding minus the year of birth): the groups stay few
enough to sum in the database, and a band is off by at most the months around a birthday (docs/monitor.md).
"""

import time
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date

from django.db import transaction
from django.db.models import Count
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils import timezone

from dossiers.models import Melding
from monitor.models import InflowFact, MonitorFact, PopulationFact, Rebuild, age_band
from residents.models import Inwoner


def builders() -> list[Callable[[date], Iterable[MonitorFact]]]:
    """The indicator modules that write MonitorFact rows; a new one adds itself here."""
    from monitor.indicators import ladder, money, objections, reach, stacking, terms, zrm

    return [reach.build, stacking.build, zrm.build, terms.build, objections.build, ladder.build, money.build]


@transaction.atomic
def rebuild() -> Rebuild:
    started = time.monotonic()
    today = timezone.localdate()
    InflowFact.objects.all().delete()
    PopulationFact.objects.all().delete()
    MonitorFact.objects.all().delete()
    inflow = _inflow()
    population = _population(today)
    InflowFact.objects.bulk_create(inflow, batch_size=5000)
    PopulationFact.objects.bulk_create(population, batch_size=5000)
    rows = len(inflow) + len(population)
    for build in builders():
        facts = list(build(today))
        MonitorFact.objects.bulk_create(facts, batch_size=5000)
        rows += len(facts)
    return Rebuild.objects.create(finished_at=timezone.now(), seconds=time.monotonic() - started, rows=rows)


def _inflow() -> list[InflowFact]:
    groups = (
        Melding.objects.annotate(month=TruncMonth("received_at"), born=ExtractYear("inwoner__geboortedatum"))
        .values("month", "born", "route", "regime", "dossier__team_id", "inwoner__buurt__wijk_id")
        .annotate(count=Count("id"))
        .order_by()
    )
    counts: Counter[tuple[date, int | None, int, str, str, str]] = Counter()
    for group in groups.iterator(chunk_size=5000):
        month = group["month"].date() if hasattr(group["month"], "date") else group["month"]
        band = age_band(month.year - group["born"])
        key = (
            month,
            group["inwoner__buurt__wijk_id"],
            group["dossier__team_id"],
            group["route"],
            group["regime"],
            band,
        )
        counts[key] += group["count"]
    return [
        InflowFact(month=month, wijk_id=wijk, team_id=team, route=route, regime=regime, age_band=band, count=count)
        for (month, wijk, team, route, regime, band), count in counts.items()
    ]


def _population(today: date) -> list[PopulationFact]:
    groups = (
        Inwoner.objects.annotate(born=ExtractYear("geboortedatum"))
        .values("born", "buurt__wijk_id")
        .annotate(count=Count("id"))
        .order_by()
    )
    counts: Counter[tuple[int | None, str]] = Counter()
    for group in groups.iterator(chunk_size=5000):
        counts[(group["buurt__wijk_id"], age_band(today.year - group["born"]))] += group["count"]
    return [PopulationFact(wijk_id=wijk, age_band=band, count=count) for (wijk, band), count in counts.items()]
