"""``manage.py bench --server`` (core/bench_server.py): the HTTP client, the throughput count and gunicorn's lifecycle.

No timing is asserted; the gunicorn test only checks that a real server starts, answers, is measured and
stops gracefully. It needs no demo: the readiness probe asks an empty SQLite database.
"""

import secrets
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from core import bench_server
from core.bench import Page, Reply
from core.bench_server import HttpSession, ServerRun, Throughput


def test_the_session_keeps_secure_cookies_over_loopback_http_and_drops_deleted_ones(monkeypatch) -> None:
    replies = iter(
        [
            Reply(200, set_cookies=("__Host-sessionid=abc; HttpOnly; Path=/; SameSite=Lax; Secure",)),
            Reply(302, "/", set_cookies=('__Host-sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0',)),
        ]
    )
    sent: list[str] = []

    def send(port, method, path, headers, body=None):
        sent.append(headers["Cookie"])
        return next(replies)

    monkeypatch.setattr(bench_server, "_send", send)
    session = HttpSession(1)

    session.get("/")
    assert session.cookies == {"__Host-sessionid": "abc"}
    session.get("/uitloggen/")
    assert sent == ["", "__Host-sessionid=abc"] and session.cookies == {}


def test_a_post_carries_the_forms_csrf_token(monkeypatch) -> None:
    form = b'<form><input type="hidden" name="csrfmiddlewaretoken" value="tok123"></form>'
    bodies: list[bytes | None] = []

    def send(port, method, path, headers, body=None):
        bodies.append(body)
        return Reply(200, body=form) if method == "GET" else Reply(302, "/verder/")

    monkeypatch.setattr(bench_server, "_send", send)

    reply = HttpSession(1).post("/formulier/", {"veld": "waarde"})

    assert reply.location == "/verder/" and bodies == [None, b"veld=waarde&csrfmiddlewaretoken=tok123"]


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status = 500 if self.path == "/fout/" else 200
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def tiny_server() -> Iterator[int]:
    server = ThreadingHTTPServer((bench_server.HOST, 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield int(server.server_address[1])
    server.shutdown()
    server.server_close()


def test_throughput_counts_answers_and_errors_separately(tiny_server) -> None:
    run = bench_server.throughput(tiny_server, "", "dossier", ["/a/", "/fout/"], clients=2, seconds=0.3)

    assert run.ok > 0 and run.errors > 0
    assert len(run.timings_ms) == run.ok and run.requests_per_s > 0
    assert run.as_json()["target_requests_per_s"] == 120


def test_a_missed_target_or_an_error_fails_the_server_run(tmp_path) -> None:
    fast = Throughput("werkvoorraad", 8, 10.0, 3000, 0, [1.0])
    slow = Throughput("dossier", 8, 10.0, 500, 2, [1.0])

    failures = ServerRun([], [fast, slow], 2, tmp_path / "log").failures()

    assert failures == ["dossier: 2 fouten bij 8 gelijktijdige clients", "dossier: 50 verzoeken/s < 120"]


@pytest.mark.skipif(sys.platform == "win32", reason="gunicorn runs on POSIX systems only")
def test_gunicorn_starts_answers_is_measured_and_stops_gracefully(tmp_path, monkeypatch) -> None:
    pytest.importorskip("gunicorn")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(50))  # without DEBUG the server refuses a weak key
    monkeypatch.setenv("AUDIT_CHAIN_KEY", secrets.token_urlsafe(32))
    monkeypatch.setenv("GUNICORN_GRACEFUL_TIMEOUT", "5")
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    log_path = tmp_path / "gunicorn.log"
    stopped: list[int] = []
    original_stop = bench_server.stop

    def stop(process):
        stopped.append(original_stop(process))
        return stopped[-1]

    monkeypatch.setattr(bench_server, "stop", stop)

    try:
        with bench_server.gunicorn(workers=1, log_path=log_path) as port:
            result = bench_server._measure(HttpSession(port), Page("ready", "", "/health/ready"), 3, warm_up=1)
    except bench_server.BenchSetupError as error:  # e.g. no free port or no fork in a sandbox
        pytest.skip(f"gunicorn could not start here: {error}")

    assert len(result.timings_ms) == 3 and result.queries is None
    assert stopped == [0], "SIGTERM: a graceful stop, exit code 0"
    assert "Shutting down" in Path(log_path).read_text(encoding="utf-8")
