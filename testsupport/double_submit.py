"""Helpers for the double-submit tests (core.submissions): one form sent twice with the same token."""

from typing import Any

from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.test import Client

TOKEN = "dubbel-klik-token-0123456789"  # noqa: S105 - a form token in tests, not a secret


def post_twice(client: Client, url: str, data: dict[str, Any]) -> tuple[HttpResponse, HttpResponse]:
    """A double click: the same form, with the same one-time token, sent twice."""
    first = client.post(url, data | {"submission_token": TOKEN})
    second = client.post(url, data | {"submission_token": TOKEN})
    return first, second


def said_already_sent(response: HttpResponse) -> bool:
    """The second send was answered with the Dutch "already sent" message."""
    return any("al verstuurd" in str(message) for message in get_messages(response.wsgi_request))  # type: ignore[attr-defined]


def carries_token(page: HttpResponse, count: int = 1) -> bool:
    """The page's create forms each carry a one-time token."""
    return page.content.decode().count('name="submission_token"') >= count
