"""Build the synthetic municipality "Voorbeeldstad" in phases, each in its own transaction."""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction
from django.db.models import Max
from tqdm import tqdm

from audit.models import AccessLogEntry
from catalogue.demo_data import seed_catalogue
from deadlines.calendar_source import current_calendar
from decisions.demo_data import seed_configuration, seed_showcase
from demo import texts
from demo.accesslog import LogSpool, write_log
from demo.bulk import BULK_LOAD_FROM, BackgroundWriter, IdAllocator, bulk_load, reset_sequences
from demo.casework import Context, assign_statuses, load_instrument, write_dossiers
from demo.decisions_today import write_decisions_today
from demo.history import write_history
from demo.partner_keys import seed_demo_api_keys
from demo.population import (
    PERSONS_PER_HOUSEHOLD,
    NamePools,
    Organisation,
    PopulationBuilder,
    ResidentWriter,
    build_organisation,
)
from demo.portal import seed_portal
from demo.roles import seed_roles
from dossiers.models import Dossier
from organisation.models import Gemeente
from outreach.demo_data import seed_history as outreach_history
from partners.demo_data import seed_partners
from regie import demo_data as regie_demo
from regie.demo_history import seed_history as regie_history
from surveys.demo_data import seed_answers
from vroegsignalering.demo_data import seed_vroegsignalen
from vroegsignalering.demo_history import seed_history as vroegsignalering_history

#: Share of households with a dossier over five years (MONITOR.md: ~300k dossiers on ~450k households
#: is the all-time figure; the demo keeps it lower so a million residents stays fast).
DOSSIER_RATE = 0.07
#: Enough dossiers in a tiny demo for every status, every route and the showcase of the first team.
MIN_DOSSIERS = 40
MAX_DOSSIERS = 40_000
DOSSIER_CHUNK = 2000


@dataclass(frozen=True)
class SeedOptions:
    residents: int
    seed: int
    today: date
    progress: bool = True
    #: Years of history on top of today's workload (demo/history.py); 0 = only today's workload.
    years: int = 0
    #: A sent beschikking with its letter and 301, made through the real services and so stamped with the
    #: real clock; off when a reproducible municipality is asked for (an explicit peildatum).
    showcase: bool = False
    #: Processes that draw the history beside the one writing it (demo/workers.py); None: one per spare core.
    workers: int | None = None


@dataclass
class SeedReport:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    #: CPU seconds of this process per phase (on a shared machine the wall time says little on its own).
    cpu: dict[str, float] = field(default_factory=dict)


def demo_exists() -> bool:
    return Gemeente.objects.filter(cbs_code=texts.GEMEENTE_CBS_CODE).exists()


def _bulk(options: SeedOptions) -> bool:
    """Whether the big phases drop and rebuild indexes (demo/bulk.py): the residents alone pass the threshold."""
    return options.residents >= BULK_LOAD_FROM // 10


def dossier_rate(residents: int) -> float:
    households = max(1.0, residents / PERSONS_PER_HOUSEHOLD)
    wanted = min(max(DOSSIER_RATE * households, MIN_DOSSIERS), MAX_DOSSIERS)
    return min(0.5, wanted / households)


def _tune_connection() -> None:
    """A larger page cache for this connection only: a million rows with a unique BSN index
    thrash SQLite's default 2 MB cache. Durability settings are left alone."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")  # KiB, so 256 MB


def seed(options: SeedOptions, log: Callable[[str], None] = lambda _line: None) -> SeedReport:
    _tune_connection()
    rng = random.Random(options.seed)
    report = SeedReport()
    show = options.progress and sys.stderr.isatty()

    started, cpu = time.monotonic(), time.process_time()
    pools = NamePools.build(options.seed)
    with transaction.atomic():
        organisation = build_organisation(rng, pools, options.residents, options.today)
        # With history, contracts and tariffs run from the first year of it (history allocations need them).
        seed_catalogue(date(options.today.year - options.years, 1, 1) if options.years else options.today)
    _finish(report, "organisatie", started, cpu, log)
    log(f"Organisatie: {len(organisation.teams)} teams, {len(organisation.users_by_username)} medewerkers.")

    ids = IdAllocator()
    started, cpu = time.monotonic(), time.process_time()
    with (
        tqdm(total=options.residents, desc="Inwoners", unit=" inw", disable=not show, file=sys.stderr) as bar,
        transaction.atomic(),
        bulk_load(_bulk(options)),
        BackgroundWriter() as background,
    ):
        writer = ResidentWriter(on_written=bar.update, submit=background.submit)
        PopulationBuilder(rng, pools, options.today, dossier_rate(options.residents), ids).build(organisation, writer)
        writer.flush()
    report.counts["inwoners"] = options.residents
    report.counts["huishoudens"] = writer.households
    _finish(report, "inwoners", started, cpu, log)
    log(f"Inwoners: {options.residents} in {writer.households} huishoudens.")

    started, cpu = time.monotonic(), time.process_time()
    candidates = writer.candidates
    scenarios = assign_statuses(rng, candidates)
    ctx = Context(
        rng=rng,
        today=options.today,
        calendar=current_calendar(),
        teams=organisation.teams,
        users_by_username=organisation.users_by_username,
        ids=ids,
    )
    load_instrument(ctx)
    with (
        tqdm(total=len(candidates), desc="Dossiers", unit=" dos", disable=not show, file=sys.stderr) as bar,
        transaction.atomic(),
    ):
        with bulk_load(_bulk(options)):
            report.counts.update(write_dossiers(ctx, candidates, scenarios, DOSSIER_CHUNK, bar.update))
        reset_sequences(ids.models)
    _finish(report, "dossiers", started, cpu, log)
    del candidates, writer
    # History dossiers come after today's, so this is where today's end (the open decision work is theirs).
    last_today = Dossier.objects.aggregate(last=Max("pk"))["last"]

    if options.years:
        _seed_history(options, organisation, ids, report, show, log)

    started, cpu = time.monotonic(), time.process_time()
    with transaction.atomic():
        seed_configuration(options.today)
        if options.showcase:
            seed_showcase(options.today)
    _finish(report, "besluiten", started, cpu, log)

    started, cpu = time.monotonic(), time.process_time()
    with transaction.atomic():
        report.counts.update(
            write_decisions_today(
                seed=options.seed,
                today=options.today,
                calendar=current_calendar(),
                up_to_dossier=last_today,
                gemeentecode=texts.CBS_NUMBER,
            )
        )
    _finish(report, "besluiten van nu", started, cpu, log)

    with transaction.atomic():
        # Anonymous survey answers per wijk (indicator 12), on the peildatum like the history.
        report.counts["ervaringsantwoorden"] = seed_answers(options.today, options.seed)

    if options.showcase:
        started, cpu = time.monotonic(), time.process_time()
        with transaction.atomic():
            report.counts.update(seed_roles(options.today, options.seed))
            report.counts.update(seed_portal(options.today))
        _finish(report, "rollen", started, cpu, log)

        # The other ways in and up (issue 15): partners and what they sent, vroegsignalen, the regieteam.
        started, cpu = time.monotonic(), time.process_time()
        with transaction.atomic():
            report.counts.update(seed_partners(options.today))
            report.counts.update(seed_demo_api_keys())
            signals = seed_vroegsignalen(options.today)
            report.counts["vroegsignalen"] = signals.rows_accepted if signals is not None else 0
            report.counts.update(regie_demo.load())
        _finish(report, "toegang", started, cpu, log)

    # The history of those ways in for indicators 13-15, for every seeding; after the showcase, which makes the
    # partners and the regieteam's showcase escalation first (a second maker of either would stop the showcase's).
    started, cpu = time.monotonic(), time.process_time()
    with transaction.atomic():
        report.counts.update(vroegsignalering_history(options.today, options.seed))
        report.counts.update(outreach_history(options.today, options.seed))
        report.counts.update(regie_history(options.today, options.seed))
    _finish(report, "toegang historie", started, cpu, log)

    started, cpu = time.monotonic(), time.process_time()
    refresh_statistics()
    _finish(report, "statistieken", started, cpu, log)
    return report


def _seed_history(
    options: SeedOptions,
    organisation: Organisation,
    ids: IdAllocator,
    report: SeedReport,
    show: bool,
    log: Callable[[str], None],
) -> None:
    """The past `years`: history dossiers (one transaction), then their access log in time order (another)."""
    spool = LogSpool()
    try:
        started, cpu = time.monotonic(), time.process_time()
        with (
            tqdm(desc="Historie", unit=" dos", disable=not show, file=sys.stderr) as bar,
            transaction.atomic(),
        ):
            with bulk_load(_bulk(options)):
                counts = write_history(
                    seed=options.seed,
                    today=options.today,
                    years=options.years,
                    residents=options.residents,
                    organisation=organisation,
                    calendar=current_calendar(),
                    ids=ids,
                    spool=spool,
                    on_start=lambda total: setattr(bar, "total", total),
                    on_written=bar.update,
                    workers=options.workers,
                )
            reset_sequences(ids.models)
        for key, value in counts.items():
            report.counts[key] = report.counts.get(key, 0) + value
        _finish(report, "historie", started, cpu, log)

        started, cpu = time.monotonic(), time.process_time()
        with (
            tqdm(total=spool.count, desc="Toegangslog", unit=" r", disable=not show, file=sys.stderr) as bar,
            transaction.atomic(),
        ):
            report.counts["toegangslog"] = write_log(spool, on_written=bar.update, workers=options.workers)
            reset_sequences([AccessLogEntry])
        _finish(report, "toegangslog", started, cpu, log)
    finally:
        spool.close()


def _finish(report: SeedReport, phase: str, started: float, cpu: float, log: Callable[[str], None]) -> None:
    report.seconds[phase] = time.monotonic() - started
    report.cpu[phase] = time.process_time() - cpu
    log(f"Fase {phase}: {report.seconds[phase]:.1f}s (cpu {report.cpu[phase]:.1f}s).")


def refresh_statistics() -> None:
    """Give the query planner statistics for the freshly written tables.

    Without them PostgreSQL guesses a few rows per table and picks nested loops over a million
    residents (the worklist took seconds until autovacuum got round to it); SQLite has no
    statistics at all until ANALYZE runs.

    On PostgreSQL the tables are also vacuumed when that is possible (not inside a transaction, as in tests):
    rows written by COPY are not yet marked all-visible, so until a VACUUM every index-only scan (the access
    log's searches, the daily term scan) still visits the table. Autovacuum would get there in production,
    after a while; a machine with autovacuum off (CI) never would.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        elif connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA optimize")
