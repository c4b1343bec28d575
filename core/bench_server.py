"""``manage.py bench --server``: the budgeted pages over HTTP against gunicorn, as a municipality runs them.

Starts gunicorn with config/gunicorn.conf.py (2 workers, DEBUG off) on a free port on 127.0.0.1 against the
current DATABASE_URL, logs each role in over HTTP (password, then the TOTP code), times every page one request
at a time, then measures throughput with several concurrent clients on the werkvoorraad and the dossier page,
and stops gunicorn gracefully (SIGTERM) whatever happens.

The client is deliberately plain (http.client, one connection per request, as gunicorn's sync workers close
every connection anyway): on a 2-core machine every cycle the client spends is taken from the server.
The concurrent clients share one logged-in session, like one person's browser tabs: a TOTP code can be used
once per 30-second step, and django-axes counts every refused code, so the bench logs each account in once.

Nothing is rolled back here: the logins and every page view are in the access log. Only for demo data.
"""

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from core import bench
from core.bench import BenchSetupError, Page, Reply, Result

GUNICORN_CONFIG = Path("config") / "gunicorn.conf.py"
HOST = "127.0.0.1"
#: Seconds gunicorn may take to answer /health/live after starting.
READY_TIMEOUT = 60.0
#: Seconds a graceful stop may take before the master is killed (gunicorn's graceful_timeout is 30).
STOP_TIMEOUT = 40.0
REQUEST_TIMEOUT = 60.0
#: Dossiers the concurrent clients spread the dossier page over (the generalist's most urgent ones).
THROUGHPUT_DOSSIERS = 20


def free_port() -> int:
    """A port nothing listens on now (the kernel picks it); gunicorn binds it a moment later."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _send(port: int, method: str, path: str, headers: dict[str, str], body: bytes | None = None) -> Reply:
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request(method, path, body=body, headers={"Connection": "close", **headers})
        response = connection.getresponse()
        content = response.read()
        return Reply(
            response.status,
            response.getheader("Location") or "",
            content,
            tuple(response.headers.get_all("Set-Cookie") or ()),
        )
    finally:
        connection.close()


class HttpSession:
    """A browser session over plain HTTP on the loopback address: cookies kept by hand.

    The session and CSRF cookies are Secure (``__Host-`` prefixed) without DEBUG. Browsers keep such cookies
    for http://127.0.0.1 as a secure context; a generic cookie jar would drop them, so this class keeps them
    itself instead of the bench switching SECURE_COOKIES off.
    """

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def _request(
        self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> Reply:
        reply = _send(self.port, method, path, {"Cookie": self.cookie_header, **(headers or {})}, body)
        for header in reply.set_cookies:
            jar: SimpleCookie = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return reply

    def get(self, path: str) -> Reply:
        return self._request("GET", path)

    def post(self, path: str, data: dict[str, str], *, form: str = "") -> Reply:
        """Post a form as a browser does: open the page with the form first, for its CSRF token."""
        page = self.get(form or path)
        match = bench.CSRF_FIELD.search(page.body)
        if match is None:
            raise BenchSetupError(f"Geen formulier met CSRF-token op {form or path} (status {page.status}).")
        body = urlencode({**data, "csrfmiddlewaretoken": match.group(1).decode()}).encode()
        return self._request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})


def login(port: int, username: str, code: Callable[[], str]) -> HttpSession:
    """Password, then the second factor, as a person at the login page does."""
    from demo.logins import DEMO_PASSWORD

    session = HttpSession(port)
    reply = session.post(reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD})
    if reply.status != 302:
        raise BenchSetupError(f"Inloggen als '{username}' mislukte (status {reply.status}); is DEMO_ENABLED aan?")
    reply = session.post(reverse("accounts:second_factor"), {"otp_token": code()})
    if reply.status != 302 or reply.location.startswith(reverse("accounts:login")):
        raise BenchSetupError(f"De tweede factor van '{username}' werd geweigerd (status {reply.status}).")
    return session


# --- gunicorn ------------------------------------------------------------------------------------


@contextmanager
def gunicorn(*, workers: int, log_path: Path) -> Iterator[int]:
    """A gunicorn on a free loopback port for the duration of the block; yields the port."""
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "false",
        "DEMO_ENABLED": "true",  # the bench logs in with the demo accounts (checked before starting)
        "GUNICORN_BIND": f"{HOST}:{port}",
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_THREADS": "1",
        "PYTHONUNBUFFERED": "1",
    }
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("ab") as log:
        process = subprocess.Popen(  # noqa: S603 - fixed arguments, no shell
            # No control socket: its default path is shared by every gunicorn of this user (a `make serve` too).
            [sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONFIG), "--no-control-socket"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_live(process, port, log_path)
            yield port
        finally:
            stop(process)


def _wait_until_live(process: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchSetupError(f"gunicorn stopte meteen (code {process.returncode}):\n{_tail(log_path)}")
        try:
            if _send(port, "GET", reverse("core:health_live"), {}).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise BenchSetupError(f"gunicorn antwoordde niet binnen {READY_TIMEOUT:g} s:\n{_tail(log_path)}")


def stop(process: subprocess.Popen[bytes]) -> int:
    """Graceful shutdown (SIGTERM: running requests finish); killed only when that takes too long."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# --- Measuring ------------------------------------------------------------------------------------


@dataclass
class Throughput:
    name: str
    clients: int
    seconds: float
    ok: int
    errors: int
    timings_ms: list[float] = field(repr=False)

    @property
    def requests_per_s(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    @property
    def target(self) -> float | None:
        return bench.THROUGHPUT_TARGETS.get(self.name)

    def as_json(self) -> dict[str, Any]:
        return {
            "clients": self.clients,
            "seconds": round(self.seconds, 2),
            "requests": self.ok,
            "errors": self.errors,
            "requests_per_s": round(self.requests_per_s, 1),
            "target_requests_per_s": self.target,
            "p50_ms": round(bench.percentile(self.timings_ms, 50), 2) if self.timings_ms else None,
            "p95_ms": round(bench.percentile(self.timings_ms, 95), 2) if self.timings_ms else None,
        }


def throughput(
    port: int, cookie_header: str, name: str, urls: list[str], *, clients: int, seconds: float
) -> Throughput:
    """``clients`` threads request ``urls`` (each starting elsewhere in the list) as fast as answers come."""
    start = threading.Barrier(clients + 1)
    lock = threading.Lock()
    timings: list[float] = []
    counts = {"ok": 0, "errors": 0}
    deadline = [0.0]

    def client(offset: int) -> None:
        mine: list[float] = []
        errors = 0
        index = offset
        start.wait()
        while time.perf_counter() < deadline[0]:
            url = urls[index % len(urls)]
            index += 1
            began = time.perf_counter()
            try:
                status = _send(port, "GET", url, {"Cookie": cookie_header}).status
            except OSError:
                status = 0
            if status == 200:
                mine.append((time.perf_counter() - began) * 1000)
            else:
                errors += 1
        with lock:
            timings.extend(mine)
            counts["ok"] += len(mine)
            counts["errors"] += errors

    threads = [threading.Thread(target=client, args=(offset,), daemon=True) for offset in range(clients)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline[0] = began + seconds
    start.wait()
    for thread in threads:
        thread.join()
    return Throughput(name, clients, time.perf_counter() - began, counts["ok"], counts["errors"], timings)


@dataclass
class ServerRun:
    results: list[Result]
    throughputs: list[Throughput]
    workers: int
    log_path: Path

    def failures(self) -> list[str]:
        failures = []
        for run in self.throughputs:
            if run.errors:
                failures.append(f"{run.name}: {run.errors} fouten bij {run.clients} gelijktijdige clients")
            if run.target is not None and run.requests_per_s < run.target:
                failures.append(f"{run.name}: {run.requests_per_s:.0f} verzoeken/s < {run.target:g}")
        return failures

    def lines(self) -> list[str]:
        lines = [f"{'doorvoer':<16} {'clients':>7} {'verzoeken/s':>12} {'doel':>6} {'fouten':>7} {'p50':>9} {'p95':>9}"]
        for run in self.throughputs:
            data = run.as_json()
            lines.append(
                f"{run.name:<16} {run.clients:>7} {run.requests_per_s:>12.1f} {run.target or 0:>6g} {run.errors:>7} "
                f"{data['p50_ms'] or 0:>7.1f}ms {data['p95_ms'] or 0:>7.1f}ms"
            )
        return lines

    def report_extra(self) -> dict[str, Any]:
        return {
            "server": {"software": "gunicorn", "config": str(GUNICORN_CONFIG), "workers": self.workers, "debug": False},
            "throughput": {run.name: run.as_json() for run in self.throughputs},
            "server_log": str(self.log_path),
        }


def run(
    pages: list[Page],
    *,
    requests: int,
    concurrency: int,
    duration: float,
    workers: int,
    log: Callable[[str], None],
) -> ServerRun:
    if not getattr(settings, "DEMO_ENABLED", False):
        raise BenchSetupError(
            "De benchmark logt in met de demo-accounts: zet DEMO_ENABLED=true (make bench-server doet dat)."
        )
    from dossiers.selectors import worklist

    generalist = bench.demo_user(pages[0].username)
    dossier_urls = [
        reverse("dossiers:detail", kwargs={"pk": pk})
        for pk in worklist(generalist).values_list("pk", flat=True)[:THROUGHPUT_DOSSIERS]
    ]
    log_path = Path(settings.BASE_DIR) / bench.REPORT_DIR / f"gunicorn-{timezone.now():%Y%m%dT%H%M%SZ}.log"
    log(f"gunicorn ({workers} workers, DEBUG uit) start; serverlog: {log_path}")
    with gunicorn(workers=workers, log_path=log_path) as port:
        sessions: dict[str, HttpSession] = {}
        for page in pages:
            if page.username not in sessions:
                user = bench.demo_user(page.username)
                sessions[page.username] = login(port, page.username, lambda user=user: bench.fresh_code(user))  # type: ignore[misc]
        results = [_measure(sessions[page.username], page, requests, warm_up=workers) for page in pages]
        cookie = sessions[generalist.username].cookie_header
        urls = {"werkvoorraad": [reverse("dossiers:werkvoorraad")], "dossier": dossier_urls}
        throughputs = []
        for name, targets in urls.items():
            log(f"doorvoer {name}: {concurrency} clients, {duration:g} s ...")
            throughputs.append(throughput(port, cookie, name, targets, clients=concurrency, seconds=duration))
    log("gunicorn gestopt.")
    return ServerRun(results, throughputs, workers, log_path)


def _measure(session: HttpSession, page: Page, requests: int, *, warm_up: int) -> Result:
    url = page.target(session)
    for _ in range(warm_up):  # each worker imports and compiles templates lazily: its first request pays
        page.run(session, url)
    timings: list[float] = []
    for _ in range(min(requests, page.max_requests or requests)):
        if page.before_each is not None:
            page.before_each()
        started = time.perf_counter()
        reply = page.run(session, url)
        timings.append((time.perf_counter() - started) * 1000)
        if reply.status != 200:
            raise BenchSetupError(f"{page.name} ({url}) gaf status {reply.status}, verwacht 200.")
    return Result(page.name, url, page.username, timings)
