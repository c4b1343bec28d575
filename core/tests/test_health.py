"""The health endpoints answer probes without a login, say only what failed, and leave no trace."""

import json

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from kombu.exceptions import OperationalError

from audit.models import AccessLogEntry
from core import health


def test_live_answers_without_touching_the_database(client: Client) -> None:
    # No `db` fixture: any query would raise here.
    response = client.get("/health/live")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}
    assert "Set-Cookie" not in response.headers


@pytest.mark.django_db
def test_ready_checks_the_database_and_no_broker_when_none_is_configured(client: Client) -> None:
    with override_settings(CELERY_BROKER_URL=""):
        response = client.get(reverse("core:health_ready"))
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "checks": {"database": "ok"}}


@pytest.mark.django_db
def test_ready_asks_the_configured_broker(client: Client) -> None:
    with override_settings(CELERY_BROKER_URL="memory://"):
        response = client.get("/health/ready")
    assert json.loads(response.content)["checks"] == {"database": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_an_unreachable_broker_makes_ready_503_naming_only_the_broker(client: Client, monkeypatch) -> None:
    def refuse(url: str) -> None:
        raise ConnectionRefusedError(f"secret-host {url}")

    monkeypatch.setattr(health, "broker_answers", refuse)
    with override_settings(CELERY_BROKER_URL="redis://user:password@broker.internal:6379/0"):
        response = client.get("/health/ready")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body == {"status": "unavailable", "checks": {"database": "ok", "broker": "unreachable"}}
    assert b"password" not in response.content and b"broker.internal" not in response.content


@pytest.mark.django_db
def test_a_database_that_does_not_answer_makes_ready_503(client: Client, monkeypatch) -> None:
    def fail() -> None:
        raise OSError("connection lost")

    monkeypatch.setattr(health, "database_answers", fail)
    with override_settings(CELERY_BROKER_URL=""):
        response = client.get("/health/ready")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"] == {"database": "error"}


def test_a_real_unreachable_broker_fails_within_the_timeout() -> None:
    import time

    started = time.monotonic()
    with pytest.raises(OperationalError):
        health.broker_answers("redis://127.0.0.1:1/0")
    assert time.monotonic() - started < health.CHECK_TIMEOUT_SECONDS + 3


@pytest.mark.django_db
def test_probes_pass_the_second_factor_step_and_write_no_access_log(client: Client, generalist) -> None:
    client.force_login(generalist)  # password only: every other page sends this session to the code step
    before = AccessLogEntry.objects.count()
    with override_settings(CELERY_BROKER_URL=""):
        assert client.get("/health/live").status_code == 200
        assert client.get("/health/ready").status_code == 200
    assert AccessLogEntry.objects.count() == before


@pytest.mark.django_db
def test_probes_over_plain_http_are_not_redirected_to_https(client: Client) -> None:
    with override_settings(SECURE_SSL_REDIRECT=True, CELERY_BROKER_URL=""):
        assert client.get("/health/live").status_code == 200
        assert client.get("/health/ready").status_code == 200
        assert client.get(reverse("accounts:login")).status_code == 301
