"""Every response carries the browser-side protections; the templates contain no inline code."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from demo.logins import DEMO_PASSWORD

BASE_DIR = Path(settings.BASE_DIR)


@pytest.fixture
def login_page(client: Client, db: None):
    return client.get("/account/inloggen/")


def _directives(header: str) -> dict[str, str]:
    return {part.split(" ", 1)[0]: part.split(" ", 1)[1] for part in (p.strip() for p in header.split(";")) if part}


def test_the_content_security_policy_allows_only_our_own_code(login_page) -> None:
    policy = _directives(login_page["Content-Security-Policy"])

    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert "unsafe" not in login_page["Content-Security-Policy"]


def test_the_other_security_headers_are_set(login_page) -> None:
    assert login_page["X-Frame-Options"] == "DENY"
    assert login_page["X-Content-Type-Options"] == "nosniff"
    assert login_page["Referrer-Policy"] == "same-origin"
    assert login_page["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in login_page["Permissions-Policy"]
    assert "geolocation=()" in login_page["Permissions-Policy"]


def test_https_requests_get_hsts(client: Client, db: None) -> None:
    response = client.get("/gezond/", secure=True)
    assert int(response["Strict-Transport-Security"].split("=")[1].split(";")[0]) >= 31_536_000


def test_cookies_are_secure_and_sessions_end_after_inactivity() -> None:
    assert not settings.DEBUG
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    assert settings.SESSION_COOKIE_HTTPONLY
    assert "core.middleware.SessionIdleTimeoutMiddleware" in settings.MIDDLEWARE, "the age is an idle timeout"
    assert settings.SESSION_COOKIE_AGE <= 30 * 60


def test_activity_renews_the_session_at_most_once_a_minute(client: Client, db: None, generalist, settings) -> None:
    import time
    from unittest import mock

    client.force_login(generalist)  # the login starts the idle clock
    logged_in_at = int(time.time())
    with mock.patch("core.middleware.time.time", return_value=logged_in_at + 1):
        soon = client.get("/dossiers/")
    with mock.patch("core.middleware.time.time", return_value=logged_in_at + settings.SESSION_RENEW_AFTER + 1):
        later = client.get("/dossiers/")
    assert soon.status_code == later.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in soon.cookies, "no session write on every request"
    assert settings.SESSION_COOKIE_NAME in later.cookies, "activity renews the idle timeout"


def test_templates_have_no_inline_scripts_event_handlers_or_style_attributes() -> None:
    """The CSP forbids them, so the browser would silently ignore them."""
    forbidden = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=|\sstyle=|\shx-on", re.IGNORECASE)
    offenders = []
    for path in BASE_DIR.glob("*/templates/**/*.html"):
        if "letter" in path.parts:  # PDF letters: rendered by WeasyPrint, never shown by a browser
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if forbidden.search(line):
                offenders.append(f"{path.relative_to(BASE_DIR)}:{number}")
    assert offenders == []


@pytest.mark.parametrize(
    "password",
    ["kort-wacht1", "123456789012345", "password1234", "Sannedevries1"],
    ids=["shorter-than-12", "only-digits", "common", "like-the-name"],
)
def test_weak_passwords_are_refused(password: str, django_user_model) -> None:
    user = django_user_model(username="sannedevries", first_name="Sanne", last_name="de Vries")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_the_demo_password_passes_the_rules(django_user_model) -> None:
    validate_password(DEMO_PASSWORD, django_user_model(username="generalist"))


def test_the_password_rules_speak_dutch(django_user_model) -> None:
    with translation.override("nl"):
        with pytest.raises(ValidationError) as too_short:
            validate_password("kort-wachtw")
        with pytest.raises(ValidationError) as like_the_name:
            validate_password("sannedevries", django_user_model(username="sannedevries"))
        assert "Dit wachtwoord is te kort: gebruik minstens 12 tekens." in too_short.value.messages
        assert "Het wachtwoord lijkt te veel op de gebruikersnaam." in like_the_name.value.messages
