"""What ``manage.py bench`` measures, as whom and against which budget, and the arithmetic of a run.

The pages and their budgets come from issue 11 ("fast at that size"): each page is requested as the role
that uses it in daily work, on data that role may see. Both ways of measuring use this list: in-process
with Django's test client (server time and query count, everything rolled back) and over HTTP against
gunicorn (``--server``, core/bench_server.py). A page is a name, a demo account, a p95 budget and either a
fixed URL or a ``prepare`` step that is not timed (e.g. the BSN lookup that precedes the inzage export).

To measure another page or change a step (the inzage export becoming a background job, say), change
:func:`resolve_pages` or the step function below it; the runners need no change.
"""

import json
import math
import re
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, urlencode, urlsplit

from django.conf import settings
from django.db import connection
from django.urls import NoReverseMatch, resolve, reverse
from django.utils import timezone

from accounts.models import User

UNKNOWN = "onbekend"
#: Where the reports go by default, relative to the project directory (git-ignored).
REPORT_DIR = Path("var") / "bench"

#: Server-time p95 budgets per page in milliseconds (issue 11, part 3).
BUDGET_P95_MS: dict[str, float] = {
    "werkvoorraad": 30,
    "dossier": 50,
    "zoeken_bsn": 50,
    "zoeken_naam": 50,
    "zoeken_postcode": 50,
    "triage": 50,
    "besluiten": 30,
    "berichttaken": 30,
    "logboek": 100,
    "inzage_export": 2000,
    # Issue 13: every monitor page within 300 ms (the whole municipality for a year; a team leader's own teams).
    "monitor_beleid": 300,
    "monitor_team": 300,
    # The default view of a policy advisor filtered on one wijk and one quarter, and a table exported as both.
    "monitor_wijk_kwartaal": 300,
    "monitor_csv": 300,
    "monitor_xlsx": 300,
    # The first look at a period after a rebuild: nothing of its suppression cached yet (see forget_suppression).
    "monitor_eerste_blik": 300,
    # The capacity forecast of the first team, and the concept of the council report of the last full quarter.
    "monitor_prognose": 300,
    "monitor_raad": 300,
    # Issue 15: the team's worklists of the other ways in, like the other worklists.
    "vroegsignalen": 50,
    "partnermeldingen": 50,
    "informatiepunt": 30,
}
#: Pages allowed more statements than --max-queries: the monitor asks a few per indicator (issue 13 has eleven),
#: never more with more data (each indicator reads its aggregate tables and the suppression cache).
MONITOR_PAGES = (
    "monitor_beleid",
    "monitor_team",
    "monitor_wijk_kwartaal",
    "monitor_csv",
    "monitor_xlsx",
    "monitor_prognose",
    "monitor_raad",
)
#: 65-67 statements with eleven indicators at 1,000,000 residents (30 November 2026), the same on a small demo.
QUERY_LIMITS: dict[str, int] = {name: 80 for name in MONITOR_PAGES}
#: The first look also reads and writes each table's suppression in the database cache (116 statements).
QUERY_LIMITS["monitor_eerste_blik"] = 140
#: The table the export pages download (inflow per wijk: one of the largest, rows for every wijk).
EXPORT_TABLE = "instroom-wijk"
#: Requests per second with 8 concurrent clients on a server of 2 workers (issue 11, part 3).
THROUGHPUT_TARGETS: dict[str, float] = {"werkvoorraad": 250, "dossier": 120}
#: Days of access log the privacy officer's search covers: a month, the usual span of a complaint.
LOG_SEARCH_DAYS = 31
#: The inzage export builds a PDF: a few repetitions say enough and keep a run short.
EXPORT_REQUESTS = 5


class BenchSetupError(Exception):
    """The database lacks what the benchmark needs (a demo account, a dossier, a page); the message is Dutch."""


@dataclass(frozen=True)
class Reply:
    """What a runner needs of a response: the status, where a redirect goes, and the body's size."""

    status: int
    location: str = ""
    body: bytes = b""
    #: Set-Cookie headers (over HTTP; the test client keeps its own cookies).
    set_cookies: tuple[str, ...] = ()


class Session(Protocol):
    """A logged-in browser session, in-process (test client) or over HTTP."""

    def get(self, path: str) -> Reply: ...

    def post(self, path: str, data: dict[str, str], *, form: str = "") -> Reply:
        """POST as a browser submits a form; ``form`` is the page the form is on when it is not ``path``."""
        ...


@dataclass(frozen=True)
class Page:
    name: str
    #: The demo account that requests the page (its role decides what it may see).
    username: str
    url: str = ""
    #: Untimed work before the measurement, returning the URL to measure (e.g. a lookup that issues a key).
    prepare: Callable[[Session], str] | None = None
    #: What is timed, when it is more than one GET of the URL (e.g. ask for an export, wait, download it).
    step: Callable[[Session, str], Reply] | None = None
    #: At most this many timed requests (slow pages), whatever --requests says.
    max_requests: int | None = None
    #: Untimed work before each timed request (e.g. forgetting a cache, to time the first look every time).
    before_each: Callable[[], None] | None = None

    @property
    def budget_p95_ms(self) -> float:
        return BUDGET_P95_MS[self.name]

    def target(self, session: Session) -> str:
        return self.prepare(session) if self.prepare is not None else self.url

    def run(self, session: Session, url: str) -> Reply:
        """One timed repetition; its reply must be a 200."""
        return self.step(session, url) if self.step is not None else session.get(url)


@dataclass(frozen=True)
class Result:
    name: str
    url: str
    username: str
    timings_ms: list[float] = field(repr=False)
    #: Database statements per request (in-process only; None over HTTP).
    queries: int | None = None
    #: CPU time of this process per request (in-process only): unlike the wall clock, barely affected when other
    #: processes share the cores; on SQLite it includes the database's work, on PostgreSQL not.
    cpu_ms: list[float] | None = field(default=None, repr=False)
    #: False for a step of several requests (ask for an export, poll, download): --max-queries is per page view.
    query_limit_applies: bool = True

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.timings_ms)

    @property
    def p95_ms(self) -> float:
        return percentile(self.timings_ms, 95)

    @property
    def max_ms(self) -> float:
        return max(self.timings_ms)

    def as_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "user": self.username,
            "requests": len(self.timings_ms),
            "p50_ms": round(self.p50_ms, 2),
            "p95_ms": round(self.p95_ms, 2),
            "max_ms": round(self.max_ms, 2),
            "queries": self.queries,
            "budget_p95_ms": BUDGET_P95_MS.get(self.name),
            "cpu_p50_ms": round(statistics.median(self.cpu_ms), 2) if self.cpu_ms else None,
        }


def percentile(values: Iterable[float], percent: float) -> float:
    """Nearest-rank percentile: the smallest value with at least ``percent`` % of the values at or below it."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("percentile of no values")
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]


# --- Which pages, as whom --------------------------------------------------------------------------


def demo_user(username: str) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise BenchSetupError(
            f"Gebruiker '{username}' bestaat niet: de benchmark heeft de demogemeente nodig. "
            "Laad die met `make demo` (of `python manage.py seed_demo`)."
        )
    return user


@dataclass(frozen=True)
class Accounts:
    """The demo accounts that use the measured pages."""

    generalist: str = "generalist"
    teamleider: str = "teamleider"
    consulent: str = "consulent"
    privacy: str = "privacy"
    beleid: str = "beleid"


def resolve_pages(accounts: Accounts | None = None) -> list[Page]:
    """Every page the issue budgets, with data the requesting role really works with."""
    from dossiers.selectors import worklist
    from monitor import periods
    from organisation.models import Wijk
    from residents.models import Inwoner

    accounts = accounts or Accounts()
    generalist = demo_user(accounts.generalist)
    for username in (accounts.teamleider, accounts.consulent, accounts.privacy, accounts.beleid):
        demo_user(username)
    dossier = worklist(generalist).select_related("huishouden").first()
    if dossier is None:
        raise BenchSetupError(
            f"'{generalist.username}' heeft geen dossiers in de werkvoorraad: laad eerst de demogemeente (`make demo`)."
        )
    # A member of the generalist's own dossier: the searches find something this user may open.
    member = (
        Inwoner.objects.filter(lidmaatschappen__huishouden_id=dossier.huishouden_id, bsn__isnull=False)
        .exclude(postcode="")
        .exclude(huisnummer=None)
        .order_by("pk")
        .first()
    )
    if member is None:
        raise BenchSetupError(f"Dossier {dossier.pk} heeft geen lid met BSN en adres om op te zoeken.")
    today = timezone.localdate()
    wijk = Wijk.objects.order_by("name").first()
    if wijk is None:
        raise BenchSetupError("De gemeente heeft geen wijken: laad eerst de demogemeente (`make demo`).")
    log_range = {"van": (today - timedelta(days=LOG_SEARCH_DAYS - 1)).isoformat(), "tot": today.isoformat()}
    try:
        search = reverse("dossiers:zoeken")
        monitor = reverse("monitor:monitor")
        return [
            Page("werkvoorraad", accounts.generalist, reverse("dossiers:werkvoorraad")),
            Page("dossier", accounts.generalist, reverse("dossiers:detail", kwargs={"pk": dossier.pk})),
            Page("zoeken_bsn", accounts.generalist, f"{search}?{urlencode({'q': member.bsn})}"),
            Page("zoeken_naam", accounts.generalist, f"{search}?{urlencode({'q': member.achternaam})}"),
            Page(
                "zoeken_postcode",
                accounts.generalist,
                f"{search}?{urlencode({'q': f'{member.postcode} {member.huisnummer}'})}",
            ),
            Page("triage", accounts.teamleider, reverse("dossiers:triage")),
            Page("vroegsignalen", accounts.generalist, reverse("vroegsignalering:werklijst")),
            Page("partnermeldingen", accounts.generalist, reverse("partners:queue")),
            Page("informatiepunt", accounts.generalist, reverse("outreach:informatiepunt")),
            Page("besluiten", accounts.consulent, reverse("decisions:werkvoorraad")),
            Page("berichttaken", accounts.consulent, reverse("allocations:taken")),
            Page("logboek", accounts.privacy, f"{reverse('audit:logboek')}?{urlencode(log_range)}"),
            inzage_export_page(accounts.privacy, str(member.bsn)),
            # The current year: the default demo has no closed years (--years 0), this year has its meldingen.
            Page("monitor_beleid", accounts.beleid, f"{monitor}?{urlencode({'periode': today.year})}"),
            Page("monitor_team", accounts.teamleider, monitor),
            *monitor_pages(accounts.beleid, today.year, periods.default(today).key, wijk.pk),
        ]
    except NoReverseMatch as error:
        raise BenchSetupError(f"Een pagina voor de benchmark bestaat (nog) niet: {error}") from error


def monitor_pages(username: str, year: int, quarter: str, wijk: int) -> list[Page]:
    """The policy advisor's other looks: the forecast, the council report's concept, one wijk in one quarter, a table
    of it as CSV and XLSX, and the first look at this year (the whole municipality) with nothing of its suppression cached, as after a rebuild."""
    filtered = urlencode({"periode": quarter, "wijk": wijk})
    return [
        Page("monitor_prognose", username, reverse("monitor:forecast")),
        Page("monitor_raad", username, reverse("monitor:report_concept", args=[quarter])),
        Page("monitor_wijk_kwartaal", username, f"{reverse('monitor:monitor')}?{filtered}"),
        Page("monitor_csv", username, f"{reverse('monitor:export_csv', args=[EXPORT_TABLE])}?{filtered}"),
        Page("monitor_xlsx", username, f"{reverse('monitor:export_xlsx', args=[EXPORT_TABLE])}?{filtered}"),
        Page(
            "monitor_eerste_blik",
            username,
            f"{reverse('monitor:monitor')}?{urlencode({'periode': year})}",
            before_each=forget_suppression,
        ),
    ]


def forget_suppression() -> None:
    """Empty the cache, so the next monitor page works out its suppression as the first look after a rebuild does.

    The whole cache: Django's cache cannot delete by prefix. Besides the monitor it holds only rate-limit counters;
    in-process the bench rolls this back with everything else, over HTTP it empties them for real (demo data only).
    """
    from django.core.cache import cache

    cache.clear()


# --- The inzage export: the one step that is more than a GET --------------------------------------------

#: The reference the bench gives its inzageverzoek (the lookup is logged with it).
BENCH_KENMERK = "BENCH-INZAGE"
#: Seconds to wait for a background export before the bench gives up on it (the reply is then not a 200).
EXPORT_WAIT_SECONDS = 120.0
EXPORT_POLL_SECONDS = 0.1


def inzage_export_page(username: str, bsn: str) -> Page:
    """The export as the privacy officer gets it: ask, wait until the background job has made it, download."""
    return Page(
        "inzage_export",
        username,
        prepare=lambda session: reverse("audit:inzage_aanvragen", kwargs={"key": person_key(session, bsn)}),
        step=request_export_and_download,
        max_requests=EXPORT_REQUESTS,
    )


def person_key(session: Session, bsn: str) -> str:
    """Look the person up as the privacy officer does for an inzageverzoek (not timed): the signed key."""
    reply = session.post(
        reverse("audit:logboek"), {"bsn": bsn, "aanleiding": "inzageverzoek", "kenmerk": BENCH_KENMERK}
    )
    keys = parse_qs(urlsplit(reply.location).query).get("persoon")
    if reply.status != 302 or not keys:
        raise BenchSetupError(f"Het opzoeken op BSN in het toegangslog gaf status {reply.status}, geen sleutel.")
    return keys[0]


def request_export_and_download(session: Session, url: str) -> Reply:
    """Ask for the export, wait until the job has made it, download the PDF: the time the officer waits."""
    reply = session.post(url, {}, form=reverse("audit:logboek"))
    if reply.status != 302:
        return reply
    export_id = resolve(urlsplit(reply.location).path).kwargs.get("export_id")
    download = reverse("audit:inzage_pdf_download", kwargs={"export_id": export_id})
    deadline = time.monotonic() + EXPORT_WAIT_SECONDS
    while True:
        reply = session.get(download)
        if reply.status != 302 or time.monotonic() > deadline:  # not made yet: the download sends to the status
            return reply
        time.sleep(EXPORT_POLL_SECONDS)


# --- Budgets, report and comparison -----------------------------------------------------------------


def over_budget(results: Iterable[Result], *, factor: float = 1.0, max_queries: int | None = None) -> list[str]:
    """One Dutch line per page over its p95 budget (times ``factor``) or over ``max_queries``."""
    failures = []
    for result in results:
        budget = BUDGET_P95_MS.get(result.name)
        if budget is not None and result.p95_ms > budget * factor:
            failures.append(f"{result.name}: p95 {result.p95_ms:.0f} ms > {budget * factor:g} ms")
        limit = None if max_queries is None else max(max_queries, QUERY_LIMITS.get(result.name, 0))
        if limit is not None and result.query_limit_applies and (result.queries or 0) > limit:
            failures.append(f"{result.name}: {result.queries} queries > {limit}")
    return failures


def table(results: Iterable[Result], *, factor: float = 1.0) -> list[str]:
    lines = [f"{'pagina':<16} {'gebruiker':<11} {'p50':>9} {'p95':>9} {'max':>9} {'budget':>8} {'queries':>8}  url"]
    for result in results:
        budget = BUDGET_P95_MS.get(result.name)
        mark = "" if budget is None or result.p95_ms <= budget * factor else " !"
        queries = "-" if result.queries is None else str(result.queries)
        lines.append(
            f"{result.name:<16} {result.username:<11} {result.p50_ms:>7.1f}ms {result.p95_ms:>7.1f}ms "
            f"{result.max_ms:>7.1f}ms {(budget or 0) * factor:>6g}ms{mark:<2}{queries:>6}  {_short(result.url)}"
        )
    return lines


def _short(url: str) -> str:
    """Signed keys make URLs long; the table shows their start (the report keeps them whole)."""
    return url if len(url) <= 60 else url[:57] + "..."


def build_report(
    *,
    mode: str,
    results: list[Result],
    rows: dict[str, int],
    requests_per_page: int,
    factor: float,
    max_queries: int | None,
    failures: list[str],
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    report: dict[str, Any] = {
        "date": timezone.now().isoformat(timespec="seconds"),
        "mode": mode,
        "commit": git_commit(),
        "database": {"vendor": connection.vendor, "version": database_version()},
        "requests_per_page": requests_per_page,
        "budget": {"p95_ms": {name: budget * factor for name, budget in BUDGET_P95_MS.items()}, "queries": max_queries},
        "pages": {result.name: result.as_json() for result in results},
        "rows": rows,
        "over_budget": failures,
    }
    report.update(extra or {})
    return report


def report_path(explicit: Path | None) -> Path:
    if explicit is not None:
        return explicit
    return Path(settings.BASE_DIR) / REPORT_DIR / f"bench-{timezone.now():%Y%m%dT%H%M%SZ}.json"


def write_report(report: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def load_report(path: Path) -> dict[str, Any]:
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BenchSetupError(f"Kan het oude rapport {path} niet lezen: {error}") from error
    if not isinstance(report, dict) or not isinstance(report.get("pages"), dict):
        raise BenchSetupError(f"{path} is geen benchmarkrapport (geen 'pages').")
    return report


def compare_lines(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """One line per page of the new run: p50, p95 and queries then -> now; throughput too when both have it."""
    lines = [
        f"Vergelijking met {old.get('date', '?')} (commit {str(old.get('commit', '?'))[:12]}, "
        f"{old.get('database', {}).get('vendor', '?')}, {old.get('mode', 'in-process')}):"
    ]
    old_pages = old.get("pages", {})
    for name, page in new["pages"].items():
        before = old_pages.get(name)
        if not isinstance(before, dict):
            lines.append(f"{name:<16} nieuw (niet in het oude rapport)")
            continue
        lines.append(
            f"{name:<16} p50 {_change(before.get('p50_ms'), page['p50_ms'], 'ms')}  "
            f"p95 {_change(before.get('p95_ms'), page['p95_ms'], 'ms')}  "
            f"queries {_change(before.get('queries'), page.get('queries'), '')}"
        )
    old_throughput = old.get("throughput") or {}
    for name, run in (new.get("throughput") or {}).items():
        before = old_throughput.get(name)
        if isinstance(before, dict):
            lines.append(
                f"{name:<16} req/s {_change(before.get('requests_per_s'), run['requests_per_s'], '')}  "
                f"fouten {_change(before.get('errors'), run['errors'], '')}"
            )
    return lines


def _change(before: Any, after: float | None, unit: str) -> str:
    if after is None:
        return "-"
    if not isinstance(before, int | float):
        return f"? -> {after:g}{unit}"
    difference = after - before
    percent = f", {difference / before:+.0%}" if before else ""
    shown = f"{difference:+.1f}" if unit else f"{difference:+g}"
    return f"{before:g} -> {after:g}{unit} ({shown}{percent})"


# --- What a report says about where it was measured ---------------------------------------------------


def git_commit() -> str:
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


def database_version() -> str:
    try:
        return ".".join(str(part) for part in connection.get_database_version())
    except Exception:  # a backend without a version query: the report still says which vendor
        return UNKNOWN


def row_counts() -> dict[str, int]:
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


# --- The second factor ---------------------------------------------------------------------------


def fresh_code(user: User, *, wait: Callable[[float], None] = time.sleep, now: Callable[[], float] = time.time) -> str:
    """The demo account's current TOTP code, after waiting for the next step if this one's code was used.

    django-otp refuses a code of a time step at or before the last one used (no replay), so two logins of
    one account within 30 seconds would fail, and failures count towards django-axes' lockout.
    """
    from accounts import two_factor

    device = two_factor.confirmed_device(user)
    if device is None:
        raise BenchSetupError(f"'{user.username}' heeft geen authenticator gekoppeld; gebruik een demo-account.")
    while device.last_t >= int((now() - device.t0) // device.step):
        wait(device.step - ((now() - device.t0) % device.step) + 0.5)
    return two_factor.code_at(device, now())


#: The hidden CSRF field of a rendered form.
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
