"""With DEBUG off, manage.py and the WSGI server refuse to start with a guessable SECRET_KEY."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from config.secret_key import weakness

BASE_DIR = Path(settings.BASE_DIR)
STRONG = secrets.token_urlsafe(50)


@pytest.mark.parametrize(
    "key",
    [
        "",
        "test-only-not-secret",
        "bench-only-not-secret",
        "django-insecure-" + secrets.token_urlsafe(50),
        secrets.token_urlsafe(20),
        "abab" * 20,
    ],
    ids=["empty", "test-value", "bench-value", "django-insecure", "short", "few-characters"],
)
def test_weak_keys_are_named_weak(key: str) -> None:
    assert weakness(key)


def test_a_long_random_key_is_accepted() -> None:
    assert weakness(STRONG) is None


def _start(entry: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}}
    clean["AUDIT_CHAIN_KEY"] = "a-long-enough-audit-chain-key-for-this-test-only"
    return subprocess.run(
        [sys.executable, *entry], cwd=BASE_DIR, env={**clean, **env}, capture_output=True, text=True, check=False
    )


def test_manage_py_refuses_a_weak_key_with_debug_off() -> None:
    result = _start(["manage.py", "check"], DEBUG="false", SECRET_KEY="test-only-not-secret")
    assert result.returncode != 0
    assert "SECRET_KEY is a published example or test value" in result.stderr
    assert "Traceback" not in result.stderr, "an operator gets one clear line"


def test_the_wsgi_server_refuses_a_weak_key_with_debug_off() -> None:
    result = _start(["-c", "import config.wsgi"], DEBUG="false", SECRET_KEY="django-insecure-" + "k" * 50)
    assert result.returncode != 0
    assert "SECRET_KEY starts with 'django-insecure-'" in result.stderr


def test_a_strong_key_starts_and_debug_accepts_any_key() -> None:
    assert _start(["manage.py", "check"], DEBUG="false", SECRET_KEY=STRONG).returncode == 0
    assert _start(["manage.py", "check"], DEBUG="true", SECRET_KEY="x").returncode == 0
