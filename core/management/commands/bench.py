"""``manage.py bench``: how fast the daily pages are on the current database (``make bench``).

Logs in as the demo generalist with Django's test client, requests each page a number of
times and prints the median and worst time and the number of database queries. It exits
non-zero when a page is over budget, so it can guard against slow pages in CI.

Needs the demo municipality (``make demo`` or ``manage.py seed_demo``): the timings only mean
something with realistic volumes. Everything the requests write (the access log) is rolled
back, so benchmarking leaves no trace in the audit trail.
"""

import statistics
import time
import warnings
from argparse import ArgumentParser
from dataclasses import dataclass
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from accounts.models import User

DEMO_USERNAME = "generalist"


@dataclass(frozen=True)
class Result:
    name: str
    url: str
    median_ms: float
    max_ms: float
    queries: int


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Meet de werkvoorraad- en dossierpagina's op de huidige database (vereist de demogemeente)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--requests", type=int, default=20, help="Aantal verzoeken per pagina (standaard 20).")
        parser.add_argument("--budget-ms", type=float, default=300.0, help="Maximale mediaan in ms (standaard 300).")
        parser.add_argument("--max-queries", type=int, default=40, help="Maximaal aantal queries (standaard 40).")
        parser.add_argument("--user", default=DEMO_USERNAME, help="Gebruikersnaam (standaard de demo-generalist).")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(
                f"Gebruiker '{options['user']}' bestaat niet: de benchmark heeft de demogemeente nodig. "
                "Laad die met `make demo` (of `python manage.py seed_demo`)."
            )
        pages = self._pages(user)
        # Without DEBUG, WhiteNoise warns that collectstatic has not run; static files are not measured here.
        warnings.filterwarnings("ignore", message="No directory at")
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        self._pass_second_factor(client, user)

        results = [self._measure(client, name, url, options["requests"]) for name, url in pages]

        self.stdout.write(f"{'pagina':<22} {'mediaan':>9} {'max':>9} {'queries':>8}  url")
        failures: list[str] = []
        for result in results:
            self.stdout.write(
                f"{result.name:<22} {result.median_ms:>7.1f}ms {result.max_ms:>7.1f}ms {result.queries:>8}  {result.url}"
            )
            if result.median_ms > options["budget_ms"]:
                failures.append(f"{result.name}: mediaan {result.median_ms:.0f} ms > {options['budget_ms']:.0f} ms")
            if result.queries > options["max_queries"]:
                failures.append(f"{result.name}: {result.queries} queries > {options['max_queries']}")
        self.stdout.write(
            f"({options['requests']} verzoeken per pagina als '{user.username}', database: {connection.vendor})"
        )
        if failures:
            raise CommandError("Boven budget: " + "; ".join(failures))
        self.stdout.write(self.style.SUCCESS("Alle pagina's binnen budget."))

    def _pass_second_factor(self, client: Client, user: User) -> None:
        """Log in as a person would: the benchmark measures pages, not redirects to the code step."""
        from accounts import two_factor

        device = two_factor.confirmed_device(user)
        if device is None:
            raise CommandError(f"'{user.username}' heeft geen authenticator gekoppeld; gebruik een demo-account.")
        client.post(reverse("accounts:second_factor"), {"otp_token": two_factor.code_at(device)})

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
        return Result(name, url, statistics.median(timings), max(timings), queries)


#: Transaction control is not work the page asks of the database; it is left out of the count.
_TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


def _statements(captured: list[dict[str, str]]) -> int:
    return sum(1 for query in captured if not query["sql"].lstrip().upper().startswith(_TRANSACTION_CONTROL))
