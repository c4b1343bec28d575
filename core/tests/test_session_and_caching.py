"""Pages are never cached, sessions have an absolute lifetime, and cookies carry the __Host- prefix over HTTPS."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.test import Client

from core.middleware import SessionAbsoluteAgeMiddleware

BASE_DIR = Path(settings.BASE_DIR)
LOGIN = "/account/inloggen/"


# --- Cache-Control ------------------------------------------------------------------------------


def test_a_page_with_personal_data_is_never_stored_by_browser_or_proxy(client: Client, generalist) -> None:
    client.force_login(generalist)
    response = client.get("/dossiers/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["Pragma"] == "no-cache"


def test_anonymous_pages_and_redirects_are_not_stored_either(client: Client, db: None) -> None:
    for response in (client.get(LOGIN), client.get("/dossiers/"), client.get("/bestaat-niet/")):
        assert "no-store" in response["Cache-Control"], response.status_code
        assert response["Pragma"] == "no-cache"


def test_static_files_served_by_whitenoise_stay_cacheable(settings, db: None) -> None:
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    response = Client().get("/static/core/app.css")  # a new client builds the middleware with these settings
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "Pragma" not in response


# --- Absolute session lifetime ------------------------------------------------------------------


def test_the_login_records_when_the_session_started(client: Client, generalist) -> None:
    before = int(time.time())
    client.force_login(generalist)
    assert client.session[SessionAbsoluteAgeMiddleware.KEY] >= before


def test_an_active_session_ends_at_its_absolute_age_and_the_login_page_follows(
    client: Client, generalist, settings
) -> None:
    settings.SESSION_ABSOLUTE_AGE = 8 * 60 * 60
    client.force_login(generalist)
    logged_in_at = client.session[SessionAbsoluteAgeMiddleware.KEY]
    with mock.patch("core.middleware.time.time", return_value=logged_in_at + 8 * 60 * 60 - 60):
        assert client.get("/dossiers/").status_code == 200
    with mock.patch("core.middleware.time.time", return_value=logged_in_at + 8 * 60 * 60 + 1):
        response = client.get("/dossiers/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert client.get("/dossiers/").status_code == 302, "the session stays ended"


def test_a_logged_in_session_without_login_time_counts_as_expired(client: Client, generalist) -> None:
    client.force_login(generalist)
    session = client.session
    del session[SessionAbsoluteAgeMiddleware.KEY]
    session.save()
    response = client.get("/dossiers/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_the_idle_timeout_still_applies_within_the_absolute_age() -> None:
    assert "core.middleware.SessionIdleTimeoutMiddleware" in settings.MIDDLEWARE
    assert settings.SESSION_COOKIE_AGE < settings.SESSION_ABSOLUTE_AGE <= 10 * 60 * 60


# --- __Host- cookies ----------------------------------------------------------------------------


def test_secure_cookies_carry_the_host_prefix_without_domain_and_with_root_path(client: Client, db: None) -> None:
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE  # the suite runs with DEBUG off
    response = client.get(LOGIN)
    csrf = response.cookies["__Host-csrftoken"]
    assert csrf["secure"] and csrf["path"] == "/" and not csrf["domain"]
    assert settings.SESSION_COOKIE_NAME == "__Host-sessionid"
    assert settings.SESSION_COOKIE_PATH == "/" and settings.SESSION_COOKIE_DOMAIN is None


def test_a_login_sets_the_host_prefixed_session_cookie(client: Client, generalist) -> None:
    client.force_login(generalist)
    cookie = client.cookies["__Host-sessionid"]
    assert cookie["secure"] and cookie["path"] == "/" and not cookie["domain"]
    assert client.get("/dossiers/").status_code == 200


def _settings_in_a_fresh_process(**env: str) -> dict[str, object]:
    """Import the settings as a server would (no pytest in the process) and report the cookie settings."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({name: getattr(s, name) for name in ("
        "'SESSION_COOKIE_NAME', 'CSRF_COOKIE_NAME', 'LANGUAGE_COOKIE_NAME', 'SESSION_COOKIE_SECURE', "
        "'CSRF_COOKIE_SECURE', 'LANGUAGE_COOKIE_SECURE', 'DEMO_ENABLED')}))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECURE_COOKIES", "DEMO_ENABLED"}}
    clean["AUDIT_CHAIN_KEY"] = "a-long-enough-audit-chain-key-for-this-test-only"
    # Outside pytest the settings read the `.env` that `make run` leaves in the work tree (DEMO_ENABLED=true,
    # DEBUG=true): read none, as a production server would not have it.
    clean["ENV_FILE"] = ""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_the_debug_demo_over_plain_http_keeps_plain_cookie_names() -> None:
    """`make run` serves http://127.0.0.1:8000; a Secure or __Host- cookie would never come back there."""
    values = _settings_in_a_fresh_process(DEBUG="true")
    assert values["SESSION_COOKIE_NAME"] == "sessionid" and values["CSRF_COOKIE_NAME"] == "csrftoken"
    assert values["SESSION_COOKIE_SECURE"] is False and values["CSRF_COOKIE_SECURE"] is False


def test_without_secure_cookies_the_names_have_no_prefix() -> None:
    values = _settings_in_a_fresh_process(DEBUG="false", SECURE_COOKIES="false", SECRET_KEY="x" * 60)
    assert values["SESSION_COOKIE_NAME"] == "sessionid" and values["SESSION_COOKIE_SECURE"] is False
    assert values["LANGUAGE_COOKIE_NAME"] == "django_language" and values["LANGUAGE_COOKIE_SECURE"] is False


def test_production_settings_use_the_host_prefix_and_no_demo() -> None:
    values = _settings_in_a_fresh_process(DEBUG="false", SECRET_KEY="x" * 60)
    assert values["SESSION_COOKIE_NAME"] == "__Host-sessionid" and values["CSRF_COOKIE_NAME"] == "__Host-csrftoken"
    assert values["LANGUAGE_COOKIE_NAME"] == "__Host-django_language" and values["LANGUAGE_COOKIE_SECURE"] is True
    assert values["DEMO_ENABLED"] is False


@pytest.mark.parametrize(("env", "enabled"), [({"DEBUG": "true"}, True), ({"DEMO_ENABLED": "true"}, True)])
def test_the_demo_is_enabled_by_debug_or_explicitly(env: dict[str, str], enabled: bool) -> None:
    values = _settings_in_a_fresh_process(**{"DEBUG": "false", "SECRET_KEY": "x" * 60, **env})
    assert values["DEMO_ENABLED"] is enabled
