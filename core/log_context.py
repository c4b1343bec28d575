"""Log lines that say which request and which staff account they belong to, and nothing about residents.

Every request gets an id (a proxy's `X-Request-ID` when it is a plain token, otherwise a new one), returned in
the `X-Request-ID` response header so a support question can be matched to its log lines. The logged-in user is
recorded by primary key only: the name or e-mail address of staff does not belong in a log, and residents'
data never does. Production writes one JSON object per line (LOG_FORMAT=json, the default without DEBUG), so
a log platform can filter on the fields instead of parsing text. The same ids are put in the WSGI environ,
where the gunicorn access log (config/gunicorn_logging.py) reads them.
"""

import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from pythonjsonlogger.json import JsonFormatter as _LibraryJsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"
#: Keys in request.META (= the WSGI environ) for the access log.
ENVIRON_REQUEST_ID = "openwijkteam.request_id"
ENVIRON_USER_ID = "openwijkteam.user_id"
_PLAIN_TOKEN = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
user_id_var: ContextVar[int | None] = ContextVar("user_id", default=None)

#: Attributes that log calls pass along but must never reach a log line. Django's `django.request` logger
#: passes the request itself: its text includes the query string, e.g. a search by BSN or name.
_NEVER_LOGGED = ("request",)


class RequestContextFilter(logging.Filter):
    """Adds `request_id` and `user_id` (None outside a request) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        record.user_id = user_id_var.get()
        return True


class JsonFormatter(_LibraryJsonFormatter):
    """One JSON object per line: timestamp (UTC), level, logger, message, request_id, user_id and safe extras."""

    def converter(self, timestamp: float | None) -> time.struct_time:  # type: ignore[override]
        """UTC everywhere: gunicorn's master logs before Django sets TIME_ZONE, the workers after."""
        return time.gmtime(timestamp)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("fmt", "%(asctime)s %(levelname)s %(name)s %(message)s")
        kwargs.setdefault("rename_fields", {"asctime": "timestamp", "levelname": "level", "name": "logger"})
        kwargs.setdefault("datefmt", "%Y-%m-%dT%H:%M:%SZ")
        super().__init__(*args, **kwargs)

    def add_fields(self, log_record: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]) -> None:
        super().add_fields(log_record, record, message_dict)
        for name in _NEVER_LOGGED:
            log_record.pop(name, None)
        log_record.setdefault("request_id", getattr(record, "request_id", None))
        log_record.setdefault("user_id", getattr(record, "user_id", None))


class RequestIdMiddleware:
    """First in MIDDLEWARE: every log line written while a request runs carries its id (and the user's)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _PLAIN_TOKEN.match(incoming) else uuid.uuid4().hex
        request.META[ENVIRON_REQUEST_ID] = request_id
        request_token = request_id_var.set(request_id)
        user_token = user_id_var.set(None)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(request_token)
            user_id_var.reset(user_token)
        response.headers[REQUEST_ID_HEADER] = request_id
        return response

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any) -> None:
        # Authentication has run by now; the user is loaded anyway by the login check that follows.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            user_id_var.set(user.pk)
            request.META[ENVIRON_USER_ID] = user.pk
