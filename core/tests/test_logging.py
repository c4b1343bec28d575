"""Log lines are JSON objects with the request and staff user ids, and never the request's query string."""

import io
import json
import logging
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from config.gunicorn_logging import OpenWijkteamLogger
from core.log_context import ENVIRON_REQUEST_ID, JsonFormatter, RequestContextFilter, RequestIdMiddleware


@pytest.fixture
def json_lines() -> io.StringIO:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestContextFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("openwijkteam.test")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield stream
    logger.removeHandler(handler)


def test_a_log_line_in_a_request_is_valid_json_with_request_and_user_id(json_lines: io.StringIO) -> None:
    def view(request: HttpRequest) -> HttpResponse:
        logging.getLogger("openwijkteam.test").warning("bericht niet verstuurd")
        return HttpResponse()

    request = RequestFactory().get("/dossiers/")
    request.user = SimpleNamespace(is_authenticated=True, pk=42)  # type: ignore[assignment]

    def through_the_other_middleware(request: HttpRequest) -> HttpResponse:
        middleware.process_view(request, view, (), {})
        return view(request)

    middleware = RequestIdMiddleware(through_the_other_middleware)
    response = middleware(request)

    line = json.loads(json_lines.getvalue().strip())
    assert line["message"] == "bericht niet verstuurd"
    assert line["level"] == "WARNING" and line["logger"] == "openwijkteam.test" and line["timestamp"]
    assert line["request_id"] == response["X-Request-ID"] == request.META[ENVIRON_REQUEST_ID]
    assert line["user_id"] == 42


def test_outside_a_request_the_ids_are_null(json_lines: io.StringIO) -> None:
    logging.getLogger("openwijkteam.test").info("taak klaar")
    line = json.loads(json_lines.getvalue())
    assert line["request_id"] is None and line["user_id"] is None


def test_the_request_object_and_its_query_string_are_never_written(json_lines: io.StringIO) -> None:
    request = RequestFactory().get("/dossiers/zoeken/?q=123456782")
    logging.getLogger("openwijkteam.test").warning("Not Found: %s", request.path, extra={"request": request})
    text = json_lines.getvalue()
    assert "123456782" not in text
    assert json.loads(text)["message"] == "Not Found: /dossiers/zoeken/"


def test_a_proxy_request_id_is_kept_only_when_it_is_a_plain_token() -> None:
    middleware = RequestIdMiddleware(lambda r: HttpResponse())
    kept = middleware(RequestFactory().get("/", HTTP_X_REQUEST_ID="abc-123.def_456"))
    assert kept["X-Request-ID"] == "abc-123.def_456"
    replaced = middleware(RequestFactory().get("/", HTTP_X_REQUEST_ID='x"\n{"level": "ERROR"}'))
    assert replaced["X-Request-ID"] != 'x"\n{"level": "ERROR"}' and len(replaced["X-Request-ID"]) == 32


def test_without_debug_the_settings_log_json() -> None:
    # The suite runs with DEBUG=false (Makefile TEST_ENV), as production does.
    assert not settings.DEBUG
    logging_config: dict[str, Any] = settings.LOGGING
    assert logging_config["handlers"]["console"]["formatter"] == settings.LOG_FORMAT == "json"


def _gunicorn_logger(monkeypatch: pytest.MonkeyPatch) -> tuple[OpenWijkteamLogger, io.StringIO]:
    from gunicorn.config import Config

    monkeypatch.setenv("LOG_FORMAT", "json")
    cfg = Config()
    cfg.set("accesslog", "-")
    log = OpenWijkteamLogger(cfg)
    stream = io.StringIO()
    for handler in log.access_log.handlers:
        handler.setStream(stream)  # type: ignore[attr-defined]
    return log, stream


def test_the_access_log_is_json_without_query_string(monkeypatch: pytest.MonkeyPatch) -> None:
    log, stream = _gunicorn_logger(monkeypatch)
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/dossiers/zoeken/",
        "QUERY_STRING": "q=123456782",
        "REMOTE_ADDR": "10.0.0.5",
        ENVIRON_REQUEST_ID: "abcdef0123456789",
        "openwijkteam.user_id": 7,
    }
    log.access(SimpleNamespace(status="200 OK", sent=512), None, environ, timedelta(milliseconds=12.3))
    text = stream.getvalue()
    assert "123456782" not in text
    line = json.loads(text)
    assert line["path"] == "/dossiers/zoeken/" and line["status"] == 200 and line["duration_ms"] == 12.3
    assert line["request_id"] == "abcdef0123456789" and line["user_id"] == 7


def test_health_probes_are_not_in_the_access_log(monkeypatch: pytest.MonkeyPatch) -> None:
    log, stream = _gunicorn_logger(monkeypatch)
    for path in ("/health/live", "/health/ready"):
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "REMOTE_ADDR": "10.0.0.1"}
        log.access(SimpleNamespace(status="200 OK", sent=15), None, environ, timedelta(milliseconds=1))
    assert stream.getvalue() == ""


def _gunicorn_settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, Any]:
    import runpy

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(settings.BASE_DIR / "config" / "gunicorn.conf.py"))


def test_gunicorn_control_socket_is_off_unless_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    # Two servers of one user on one host (make serve and a bench) would otherwise share ~/.gunicorn/gunicorn.ctl.
    monkeypatch.delenv("GUNICORN_CONTROL_SOCKET", raising=False)
    assert _gunicorn_settings(monkeypatch)["control_socket_disable"] is True
    chosen = _gunicorn_settings(monkeypatch, GUNICORN_CONTROL_SOCKET="/run/openwijkteam/web.ctl")
    assert chosen["control_socket_disable"] is False and chosen["control_socket"] == "/run/openwijkteam/web.ctl"
