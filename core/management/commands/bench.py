"""``manage.py bench``: how fast the daily pages are on the current database (``make bench``).

Logs in as the demo generalist with Django's test client, requests each page a number of
times and prints the median (p50), p95 and worst time and the number of database queries. It exits
non-zero when a page is over budget (the median and the query count), so it can guard against slow
pages in CI.

Every run writes a JSON report (``var/bench/bench-<UTC time>.json`` or ``--report PATH``): per page
p50, p95, max, queries and url, the row counts of the main tables, the database and its version,
the git commit, the number of requests per page and the date. ``--compare OLD.json`` prints the
change per page against an earlier report, so two runs (two commits, two databases) can be compared.

Needs the demo municipality (``make demo`` or ``manage.py seed_demo``): the timings only mean
something with realistic volumes. Everything the requests write (the access log) is rolled
back, so benchmarking leaves no trace in the audit trail.
"""

import json
import math
import shutil
import statistics
import subprocess
import time
import warnings
from argparse import ArgumentParser
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from accounts.models import User

DEMO_USERNAME = "generalist"
#: Where the reports go by default, relative to the project directory (git-ignored).
REPORT_DIR = Path("var") / "bench"
UNKNOWN = "onbekend"


@dataclass(frozen=True)
class Result:
    name: str
    url: str
    median_ms: float
    p95_ms: float
    max_ms: float
    queries: int

    def as_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "p50_ms": round(self.median_ms, 2),
            "p95_ms": round(self.p95_ms, 2),
            "max_ms": round(self.max_ms, 2),
            "queries": self.queries,
        }


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Meet de werkvoorraad- en dossierpagina's op de huidige database (vereist de demogemeente)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--requests", type=int, default=20, help="Aantal verzoeken per pagina (standaard 20).")
        parser.add_argument("--budget-ms", type=float, default=300.0, help="Maximale mediaan in ms (standaard 300).")
        parser.add_argument("--max-queries", type=int, default=40, help="Maximaal aantal queries (standaard 40).")
        parser.add_argument("--user", default=DEMO_USERNAME, help="Gebruikersnaam (standaard de demo-generalist).")
        parser.add_argument(
            "--report", type=Path, help="Pad van het JSON-rapport (standaard var/bench/bench-<UTC-tijd>.json)."
        )
        parser.add_argument(
            "--compare", type=Path, metavar="OLD.json", help="Vergelijk p50, p95 en queries met een eerder rapport."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["requests"] < 1:
            raise CommandError("--requests moet minstens 1 zijn.")
        old_report = _load_report(options["compare"]) if options["compare"] else None
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(
                f"Gebruiker '{options['user']}' bestaat niet: de benchmark heeft de demogemeente nodig. "
                "Laad die met `make demo` (of `python manage.py seed_demo`)."
            )
        pages = self._pages(user)
        # Without DEBUG, WhiteNoise warns that collectstatic has not run; static files are not measured here.
        warnings.filterwarnings("ignore", message="No directory at")
        rows = _row_counts()  # before the run, which adds access-log lines (rolled back, like everything else)
        client = Client(HTTP_HOST="127.0.0.1")
        results: list[Result] = []
        try:
            # The login is rolled back too: the used TOTP code, the session and the access log leave no trace,
            # so a second run within the same 30 seconds (e.g. with --compare) logs in again.
            with transaction.atomic():
                client.force_login(user)
                self._pass_second_factor(client, user)
                results = [self._measure(client, name, url, options["requests"]) for name, url in pages]
                raise _Rollback
        except _Rollback:
            pass

        self.stdout.write(f"{'pagina':<22} {'mediaan':>9} {'p95':>9} {'max':>9} {'queries':>8}  url")
        failures: list[str] = []
        for result in results:
            self.stdout.write(
                f"{result.name:<22} {result.median_ms:>7.1f}ms {result.p95_ms:>7.1f}ms {result.max_ms:>7.1f}ms "
                f"{result.queries:>8}  {result.url}"
            )
            if result.median_ms > options["budget_ms"]:
                failures.append(f"{result.name}: mediaan {result.median_ms:.0f} ms > {options['budget_ms']:.0f} ms")
            if result.queries > options["max_queries"]:
                failures.append(f"{result.name}: {result.queries} queries > {options['max_queries']}")
        self.stdout.write(
            f"({options['requests']} verzoeken per pagina als '{user.username}', database: {connection.vendor})"
        )

        now = datetime.now(UTC)
        report = {
            "date": now.isoformat(timespec="seconds"),
            "commit": _git_commit(),
            "database": {"vendor": connection.vendor, "version": _database_version()},
            "requests_per_page": options["requests"],
            "user": user.username,
            "budget": {"p50_ms": options["budget_ms"], "queries": options["max_queries"]},
            "pages": {result.name: result.as_json() for result in results},
            "rows": rows,
            "over_budget": failures,
        }
        if old_report is not None:
            self._compare(old_report, report)
        path = options["report"] or Path(settings.BASE_DIR) / REPORT_DIR / f"bench-{now:%Y%m%dT%H%M%SZ}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        self.stdout.write(f"Rapport: {path}")
        if failures:
            raise CommandError("Boven budget: " + "; ".join(failures))
        self.stdout.write(self.style.SUCCESS("Alle pagina's binnen budget."))

    def _compare(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        """One line per page of the new run: p50, p95 and queries then -> now, with the difference."""
        self.stdout.write(
            f"Vergelijking met {old.get('date', '?')} (commit {str(old.get('commit', '?'))[:12]}, "
            f"{old.get('database', {}).get('vendor', '?')}):"
        )
        old_pages = old.get("pages", {})
        for name, page in new["pages"].items():
            before = old_pages.get(name)
            if not isinstance(before, dict):
                self.stdout.write(f"{name:<22} nieuw (niet in het oude rapport)")
                continue
            self.stdout.write(
                f"{name:<22} p50 {_change(before.get('p50_ms'), page['p50_ms'], 'ms')}  "
                f"p95 {_change(before.get('p95_ms'), page['p95_ms'], 'ms')}  "
                f"queries {_change(before.get('queries'), page['queries'], '')}"
            )

    def _pass_second_factor(self, client: Client, user: User) -> None:
        """Log in as a person would: the benchmark measures pages, not redirects to the code step."""
        from accounts import two_factor

        device = two_factor.confirmed_device(user)
        if device is None:
            raise CommandError(f"'{user.username}' heeft geen authenticator gekoppeld; gebruik een demo-account.")
        response = client.post(reverse("accounts:second_factor"), {"otp_token": two_factor.code_at(device)})
        if response.status_code != 302:
            raise CommandError(
                f"De tweede factor van '{user.username}' werd geweigerd (status {response.status_code})."
            )

    def _pages(self, user: User) -> list[tuple[str, str]]:
        from dossiers.selectors import worklist

        try:
            pages = [("werkvoorraad", reverse("dossiers:werkvoorraad")), ("triage", reverse("dossiers:triage"))]
            dossier = worklist(user).first()
            if dossier is None:
                raise CommandError(
                    f"'{user.username}' heeft geen dossiers in de werkvoorraad: laad eerst de demogemeente (`make demo`)."
                )
            pages.append(("dossier", reverse("dossiers:detail", kwargs={"pk": dossier.pk})))
            pages.append(("besluiten", reverse("decisions:werkvoorraad")))
        except NoReverseMatch as error:
            raise CommandError(f"Een pagina voor de benchmark bestaat (nog) niet: {error}") from error
        return pages

    def _measure(self, client: Client, name: str, url: str, count: int) -> Result:
        timings: list[float] = []
        queries = 0
        try:
            with transaction.atomic():
                client.get(url)  # warm-up: templates, translations, first connection
                for _ in range(count):
                    with CaptureQueriesContext(connection) as captured:
                        started = time.perf_counter()
                        response = client.get(url)
                        timings.append((time.perf_counter() - started) * 1000)
                    if response.status_code != 200:
                        raise CommandError(f"{name} ({url}) gaf status {response.status_code}, verwacht 200.")
                    queries = max(queries, _statements(captured.captured_queries))
                raise _Rollback
        except _Rollback:
            pass
        return Result(name, url, statistics.median(timings), _percentile(timings, 95), max(timings), queries)


def _percentile(values: list[float], percent: float) -> float:
    """Nearest-rank percentile: the smallest value with at least ``percent`` % of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]


def _change(before: Any, after: float, unit: str) -> str:
    if not isinstance(before, int | float):
        return f"? -> {after:g}{unit}"
    difference = after - before
    percent = f", {difference / before:+.0%}" if before else ""
    shown = f"{difference:+.1f}" if unit else f"{difference:+g}"
    return f"{before:g} -> {after:g}{unit} ({shown}{percent})"


def _load_report(path: Path) -> dict[str, Any]:
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CommandError(f"Kan het oude rapport {path} niet lezen: {error}") from error
    if not isinstance(report, dict) or not isinstance(report.get("pages"), dict):
        raise CommandError(f"{path} is geen benchmarkrapport (geen 'pages').")
    return report


def _git_commit() -> str:
    git = shutil.which("git")
    if git is None:
        return UNKNOWN
    try:
        completed = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [git, "rev-parse", "HEAD"], cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=10, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return UNKNOWN
    return completed.stdout.strip() or UNKNOWN


def _database_version() -> str:
    try:
        return ".".join(str(part) for part in connection.get_database_version())
    except Exception:  # a backend without a version query: the report still says which vendor
        return UNKNOWN


def _row_counts() -> dict[str, int]:
    """The main tables' sizes, so a report says what the timings were measured on."""
    from assessments.models import Score
    from audit.models import AccessLogEntry
    from decisions.models import Aanvraag, Beschikking
    from dossiers.models import Dossier, Melding, TimelineEvent
    from residents.models import Inwoner

    models = {
        "residents": Inwoner,
        "dossiers": Dossier,
        "meldingen": Melding,
        "timeline_events": TimelineEvent,
        "scores": Score,  # ZRM (the default instrument) and any other instrument
        "aanvragen": Aanvraag,
        "beschikkingen": Beschikking,
        "access_log": AccessLogEntry,
    }
    return {name: model._default_manager.count() for name, model in models.items()}


#: Transaction control is not work the page asks of the database; it is left out of the count.
_TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


def _statements(captured: list[dict[str, str]]) -> int:
    return sum(1 for query in captured if not query["sql"].lstrip().upper().startswith(_TRANSACTION_CONTROL))
