"""Filling the monitor's aggregate tables from the casework tables, from scratch.

One GROUP BY per table in the database; Python only turns birth years into age bands and writes the rows.
Ages are counted in whole calendar years (the year of the melding minus the year of birth): the groups stay few
enough to sum in the database, and a band is off by at most the months around a birthday (docs/monitor.md).

The rebuild must stay within two minutes at 1,000,000 residents with five years of history (issue 13), so it
reports the time of each part (`on_step`; `manage.py monitor_rebuild` prints them): a slow builder shows itself.
Once the new figures are committed, the suppression of the periods people open first is worked out ahead
(monitor.warm), so nobody waits for it on the first look after the night's rebuild.
"""

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date

from django.db import connection, transaction
from django.db.models import Count, Model
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils import timezone

from dossiers.models import Melding
from monitor.models import InflowFact, MonitorFact, PopulationFact, Rebuild, age_band
from residents.models import Inwoner

logger = logging.getLogger(__name__)

#: Told after each part of the rebuild: its name, seconds (computing and writing) and rows written.
StepReport = Callable[[str, float, int], None]


def builders() -> list[Callable[[date], Iterable[MonitorFact]]]:
    """The indicator modules that write MonitorFact rows; a new one adds itself here."""
    from monitor.indicators import experience, forecast, ladder, money, objections, reach, stacking, terms, zrm
    from monitor.indicators.escalation import build as escalations
    from monitor.indicators.toegang import build as toegang
    from monitor.indicators.vroegsignalering import build as vroegsignalen

    return [
        forecast.build,
        reach.build,
        stacking.build,
        zrm.build,
        terms.build,
        objections.build,
        ladder.build,
        money.build,
        experience.build,
        escalations,
        vroegsignalen,
        toegang,
    ]


def _log_step(name: str, seconds: float, rows: int) -> None:
    logger.info("monitor rebuild: %s %.1f s, %d rows", name, seconds, rows)


@transaction.atomic
def rebuild(on_step: StepReport = _log_step, *, warm: bool = True) -> Rebuild:
    """All aggregate tables from scratch, in one transaction; then (after the commit, unless `warm` is False) the
    suppression of the default periods, reported as the step "warm". A failing warm-up is logged, not raised: the
    figures are in, the first look just computes its own suppression."""
    started = time.monotonic()
    today = timezone.localdate()
    if connection.vendor == "postgresql":
        # For this transaction only: PostgreSQL compiles each of these large GROUP BYs (JIT), 3-4 s a query at
        # 1,000,000 residents, more than some queries take; and it plans the builders' server-side cursors for the
        # first tenth of the rows (index lookups row by row) while the rebuild reads every row (hash joins).
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL cursor_tuple_fraction = 1.0")
    step = time.monotonic()
    InflowFact.objects.all().delete()
    PopulationFact.objects.all().delete()
    MonitorFact.objects.all().delete()
    on_step("delete", time.monotonic() - step, 0)
    rows = 0
    parts: list[tuple[str, Callable[[date], Iterable[Model]], type[Model]]] = [
        ("inflow", lambda _today: _inflow(), InflowFact),
        ("population", _population, PopulationFact),
    ]
    parts += [(build.__module__.rsplit(".", 1)[-1], build, MonitorFact) for build in builders()]
    for name, part, model in parts:
        step = time.monotonic()
        facts = list(part(today))
        model._default_manager.bulk_create(facts, batch_size=5000)
        rows += len(facts)
        on_step(name, time.monotonic() - step, len(facts))
    if warm:
        transaction.on_commit(lambda: _warm(on_step), robust=True)
    return Rebuild.objects.create(finished_at=timezone.now(), seconds=time.monotonic() - started, rows=rows)


def _warm(on_step: StepReport) -> None:
    from monitor import warm

    step = time.monotonic()
    tables = warm.warm()
    on_step("warm", time.monotonic() - step, tables)


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
