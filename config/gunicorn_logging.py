"""Gunicorn's logger for Open Wijkteam: JSON lines, no query strings, no health probes.

Selected by `logger_class` in config/gunicorn.conf.py. The access log line names the method, the path
*without* its query string (searches carry a BSN, name or postcode there), status, size, duration, the
request id and the staff user id that the Django middleware put in the WSGI environ (core/log_context.py).
Probes of `/health/` every few seconds would drown the real traffic, so they are not logged.
"""

import json
import os
from datetime import UTC, datetime, timedelta
from typing import Any

from gunicorn.glogging import Logger

from core.log_context import ENVIRON_REQUEST_ID, ENVIRON_USER_ID, JsonFormatter

UNLOGGED_PREFIXES = ("/health/",)


def json_logs() -> bool:
    """Same rule as the Django settings: LOG_FORMAT, else JSON unless DEBUG."""
    log_format = os.environ.get("LOG_FORMAT", "").strip().lower()
    if log_format:
        return log_format == "json"
    return os.environ.get("DEBUG", "").strip().lower() not in {"1", "true", "yes", "on", "ja"}


class OpenWijkteamLogger(Logger):
    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        if json_logs():
            for handler in self.error_log.handlers:
                handler.setFormatter(JsonFormatter())

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: timedelta) -> None:
        if environ.get("PATH_INFO", "").startswith(UNLOGGED_PREFIXES):
            return
        if not json_logs():
            super().access(resp, req, environ, request_time)
            return
        if not (self.cfg.accesslog or self.cfg.logconfig or self.cfg.logconfig_dict or self.cfg.syslog):
            return
        status = getattr(resp, "status", None)
        if isinstance(status, str):
            status = status.split(None, 1)[0]
        line = {
            "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "level": "INFO",
            "logger": "gunicorn.access",
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "status": int(status) if status and str(status).isascii() and str(status).isdigit() else status,
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "remote_addr": environ.get("REMOTE_ADDR"),
            "request_id": environ.get(ENVIRON_REQUEST_ID),
            "user_id": environ.get(ENVIRON_USER_ID),
        }
        try:
            self.access_log.info(json.dumps(line))
        except Exception:
            self.exception("Failed to write the access log line")
