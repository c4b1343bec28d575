"""`make run` serves the demo as production would: the .env it writes turns DEBUG off and keeps the demo usable."""

import os
from pathlib import Path

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error

from config.env import env_bool, load_env_file
from config.secret_key import weakness
from demo import envfile


@pytest.fixture
def run_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The environment `manage.py` sees after `make run`: nothing set but what the written .env gives."""
    for key in (*envfile.DEMO_RUN_ENV, "SECRET_KEY"):
        monkeypatch.delenv(key, raising=False)
    path = tmp_path / ".env"
    assert envfile.write(path)
    load_env_file(path)
    yield path
    for key in (*envfile.DEMO_RUN_ENV, "SECRET_KEY"):
        os.environ.pop(key, None)


def test_the_run_env_has_debug_off_and_the_demo_on(run_env: Path) -> None:
    assert env_bool("DEBUG", default=True) is False
    assert env_bool("DEMO_ENABLED") is True
    assert weakness(os.environ["SECRET_KEY"]) is None
    assert run_env.stat().st_mode & 0o077 == 0


def test_a_second_run_keeps_the_env_and_its_secret_key(run_env: Path) -> None:
    before = run_env.read_text()
    assert not envfile.write(run_env)
    assert run_env.read_text() == before


def test_the_real_environment_wins_over_the_env_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEBUG", "true")
    path = tmp_path / ".env"
    path.write_text("# comment\nDEBUG=false\nexport LOG_FORMAT='text'\n")
    monkeypatch.delenv("LOG_FORMAT", raising=False)
    load_env_file(path)
    assert os.environ["DEBUG"] == "true"
    assert os.environ.pop("LOG_FORMAT") == "text"


def test_an_unknown_url_gives_the_dutch_404_without_the_url_list(run_env: Path, settings, generalist) -> None:
    settings.DEBUG = env_bool("DEBUG", default=True)
    client = Client()
    client.force_login(generalist)
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Deze pagina bestaat niet of u heeft er geen toegang toe." in page
    assert "URL patterns" not in page and "URLconf" not in page


def test_a_server_error_gives_a_dutch_page() -> None:
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


def _setting_in_a_fresh_process(tmp_path: Path, name: str, **env: str) -> str:
    """A setting as a process outside pytest reads it (the settings skip the `.env` under pytest)."""
    import os
    import subprocess
    import sys

    keep = {key: value for key, value in os.environ.items() if key not in {"DEMO_ENABLED", "DEBUG", "ENV_FILE"}}
    script = f"import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup(); from django.conf import settings; print(settings.{name})"
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={
            **keep,
            "SECRET_KEY": "test-only-not-secret-but-long-enough-0123456789",
            "AUDIT_CHAIN_KEY": "test-only-audit-chain-key-not-secret-0123456789",
            **env,
        },
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    return result.stdout.strip().splitlines()[-1]


def test_make_serve_reads_no_env_file_so_the_demo_stays_off(tmp_path: Path) -> None:
    demo_env = tmp_path / "demo.env"
    demo_env.write_text("DEMO_ENABLED=true\n")
    assert _setting_in_a_fresh_process(tmp_path, "DEMO_ENABLED", ENV_FILE=str(demo_env)) == "True"
    assert _setting_in_a_fresh_process(tmp_path, "DEMO_ENABLED", ENV_FILE="") == "False"
