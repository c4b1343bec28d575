"""Small typed readers for environment variables (12-factor configuration)."""

import os
from pathlib import Path

_TRUE = {"1", "true", "yes", "on", "ja"}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in _TRUE


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def load_env_file(path: Path) -> None:
    """Read KEY=VALUE lines from `path` into the environment, never replacing a variable that is already set.

    Why: `make run` writes a git-ignored `.env` (demo/envfile.py) with the demo's settings and a generated
    SECRET_KEY, so `python manage.py ...` from the README works afterwards without typing variables. The real
    environment always wins, so production (settings only from the environment) and an explicit
    `DEBUG=true manage.py ...` behave as before. Blank lines and lines starting with # are skipped; a value
    may be wrapped in single or double quotes.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        key, value = key.removeprefix("export ").strip(), value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        if key:
            os.environ.setdefault(key, value)
