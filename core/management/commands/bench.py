"""``manage.py bench``: how fast the daily pages are on the current database (``make bench``, ``make bench-server``).

Every page issue 11 budgets is requested as the role that uses it (core/bench.py has the list): werkvoorraad,
dossier page and the three searches as the generalist, triage as the team leader, besluiten and berichttaken
as the consulent, the access-log search over a month and the inzage export as the privacy officer.

Two ways of measuring:

- in-process (default): Django's test client, so the time is server time without HTTP, with the number of
  database queries per page. Everything the requests write (the logins, the access log) is rolled back, so
  this leaves no trace in the audit trail.
- ``--server``: starts gunicorn (config/gunicorn.conf.py, 2 workers, DEBUG off) on a free local port against
  the same DATABASE_URL, logs in over HTTP with password and second factor, times each page sequentially and
  measures throughput with 8 concurrent clients on the werkvoorraad and the dossier page. Real requests
  write the access log and the logins for real: nothing can be rolled back. Use it on demo data only.

Both print a table (p50, p95, max, the page's p95 budget) and write one JSON report
(``var/bench/bench-<UTC time>.json`` or ``--report PATH``); ``--compare OLD.json`` prints the change per page.
The run fails (exit code 1) when a page's p95 is over its budget times ``--budget-factor``, a page needs more
than ``--max-queries`` queries, or (``--server``) a throughput target is missed or a request failed.
"""

import time
import warnings
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import bench
from core.bench import BenchSetupError, Page, Reply, Result


class _Rollback(Exception):
    pass


class TestClientSession:
    """A :class:`core.bench.Session` on Django's test client: server time without the network."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def get(self, path: str) -> Reply:
        return client_reply(self.client.get(path))

    def post(self, path: str, data: dict[str, str], *, form: str = "") -> Reply:
        # Work the view leaves for after the commit (a background job, eager without a broker) runs now, as it
        # would after a real request; the measurement's transaction is rolled back instead of committed.
        with TestCase.captureOnCommitCallbacks(execute=True):
            return client_reply(self.client.post(path, data))


def client_reply(response: Any) -> Reply:
    body = b"" if getattr(response, "streaming", False) else response.content
    return Reply(response.status_code, response.get("Location", ""), body)


class Command(BaseCommand):
    help = (
        "Meet de dagelijkse pagina's (werkvoorraad, dossier, zoeken, triage, besluiten, berichttaken, toegangslog, "
        "inzage-export) op de huidige database, elk als de rol die ze gebruikt; vereist de demogemeente. "
        "Met --server via gunicorn over HTTP, met doorvoer bij 8 gelijktijdige gebruikers: dat schrijft echte "
        "regels in het toegangslog (niet terug te draaien), dus alleen op demodata."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--requests", type=int, default=20, help="Aantal verzoeken per pagina (standaard 20).")
        parser.add_argument(
            "--budget-factor",
            type=float,
            default=1.0,
            help="Vermenigvuldig de p95-budgetten uit issue 11 hiermee (standaard 1; bijv. 2 op een trage machine).",
        )
        parser.add_argument("--max-queries", type=int, default=40, help="Maximaal aantal queries (standaard 40).")
        parser.add_argument(
            "--report", type=Path, help="Pad van het JSON-rapport (standaard var/bench/bench-<UTC-tijd>.json)."
        )
        parser.add_argument(
            "--compare", type=Path, metavar="OLD.json", help="Vergelijk p50, p95 en queries met een eerder rapport."
        )
        parser.add_argument(
            "--server",
            action="store_true",
            help="Start gunicorn (2 workers, DEBUG uit) en meet over HTTP, met doorvoer; schrijft echt in het "
            "toegangslog: alleen op demodata. Draai eerst collectstatic (make bench-server doet dat).",
        )
        parser.add_argument(
            "--concurrency", type=int, default=8, help="Gelijktijdige clients bij de doorvoermeting (standaard 8)."
        )
        parser.add_argument(
            "--duration", type=float, default=10.0, help="Seconden doorvoermeting per pagina (standaard 10)."
        )
        parser.add_argument("--workers", type=int, default=2, help="Gunicorn-workers bij --server (standaard 2).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["requests"] < 1:
            raise CommandError("--requests moet minstens 1 zijn.")
        if options["budget_factor"] <= 0:
            raise CommandError("--budget-factor moet groter dan 0 zijn.")
        try:
            self._run(options)
        except BenchSetupError as error:
            raise CommandError(str(error)) from error

    def _run(self, options: dict[str, Any]) -> None:
        old_report = bench.load_report(options["compare"]) if options["compare"] else None
        pages = bench.resolve_pages()
        factor = options["budget_factor"]
        # Without DEBUG, WhiteNoise warns that collectstatic has not run; static files are not measured here.
        warnings.filterwarnings("ignore", message="No directory at")
        rows = bench.row_counts()  # before the run, which adds access-log lines
        extra: dict[str, Any] = {}
        summary: list[str] = []
        if options["server"]:
            from core import bench_server

            run = bench_server.run(
                pages,
                requests=options["requests"],
                concurrency=options["concurrency"],
                duration=options["duration"],
                workers=options["workers"],
                log=self.stdout.write,
            )
            results, extra, summary = run.results, run.report_extra(), run.lines()
            failures = bench.over_budget(results, factor=factor) + run.failures()
        else:
            results = self._measure_in_process(pages, options["requests"])
            failures = bench.over_budget(results, factor=factor, max_queries=options["max_queries"])

        for line in bench.table(results, factor=factor):
            self.stdout.write(line)
        mode = "server" if options["server"] else "in-process"
        self.stdout.write(f"({options['requests']} verzoeken per pagina, {mode}, database: {connection.vendor})")
        for line in summary:
            self.stdout.write(line)

        report = bench.build_report(
            mode=mode,
            results=results,
            rows=rows,
            requests_per_page=options["requests"],
            factor=factor,
            max_queries=None if options["server"] else options["max_queries"],
            failures=failures,
            extra=extra,
        )
        if old_report is not None:
            for line in bench.compare_lines(old_report, report):
                self.stdout.write(line)
        path = bench.report_path(options["report"])
        bench.write_report(report, path)
        self.stdout.write(f"Rapport: {path}")
        if failures:
            raise CommandError("Boven budget: " + "; ".join(failures))
        self.stdout.write(self.style.SUCCESS("Alle pagina's binnen budget."))

    def _measure_in_process(self, pages: list[Page], requests: int) -> list[Result]:
        sessions: dict[str, TestClientSession] = {}
        results: list[Result] = []
        try:
            # The logins are rolled back too: the used TOTP codes, the sessions and the access log leave no
            # trace, so a second run within the same 30 seconds (e.g. with --compare) logs in again.
            with transaction.atomic():
                for page in pages:
                    if page.username not in sessions:
                        sessions[page.username] = self._login(page.username)
                    results.append(self._measure(sessions[page.username], page, requests))
                raise _Rollback
        except _Rollback:
            pass
        return results

    def _login(self, username: str) -> TestClientSession:
        """Log in as a person would (password step skipped, second factor given): pages, not redirects, are timed."""
        user = bench.demo_user(username)
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        response = client.post(reverse("accounts:second_factor"), {"otp_token": bench.fresh_code(user)})
        if response.status_code != 302:
            raise BenchSetupError(f"De tweede factor van '{username}' werd geweigerd (status {response.status_code}).")
        return TestClientSession(client)

    def _measure(self, session: TestClientSession, page: Page, requests: int) -> Result:
        count = min(requests, page.max_requests or requests)
        timings: list[float] = []
        cpu: list[float] = []
        queries = 0
        url = ""
        try:
            with transaction.atomic():
                url = page.target(session)
                page.run(session, url)  # warm-up: templates, translations, first connection
                for _ in range(count):
                    if page.before_each is not None:
                        page.before_each()
                    with CaptureQueriesContext(connection) as captured:
                        started, started_cpu = time.perf_counter(), time.process_time()
                        reply = page.run(session, url)
                        timings.append((time.perf_counter() - started) * 1000)
                        cpu.append((time.process_time() - started_cpu) * 1000)
                    if reply.status != 200:
                        raise BenchSetupError(f"{page.name} ({url}) gaf status {reply.status}, verwacht 200.")
                    queries = max(queries, _statements(captured.captured_queries))
                raise _Rollback
        except _Rollback:
            pass
        return Result(page.name, url, page.username, timings, queries, cpu, query_limit_applies=page.step is None)


#: Transaction control is not work the page asks of the database; it is left out of the count.
_TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


def _statements(captured: list[dict[str, str]]) -> int:
    return sum(1 for query in captured if not query["sql"].lstrip().upper().startswith(_TRANSACTION_CONTROL))
