"""The lock files install exactly what requirements*.txt pin, each package with its hashes.

`make setup` installs requirements-dev.lock with --require-hashes; a pin changed in requirements.txt without
`make lock` would silently not be installed (or fail on a fresh machine). This check needs no network;
`make lock-check` recomputes the locks against PyPI.
"""

import re
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


def _name(raw: str) -> str:
    return re.sub(r"[-_.]+", "-", raw).lower()


def _direct_pins(path: Path) -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            pins.update(_direct_pins(path.parent / line[3:].strip()))
        elif line:
            match = _PIN.match(line)
            assert match, f"{path.name}: '{line}' is not pinned with =="
            pins[_name(match.group(1))] = match.group(2)
    return pins


def _locked(path: Path) -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes) for every package in a lock file."""
    entries: dict[str, tuple[str, int]] = {}
    current = None
    for line in path.read_text().splitlines():
        match = _PIN.match(line)
        if match:
            current = _name(match.group(1))
            entries[current] = (match.group(2), 0)
        elif current and line.strip().startswith("--hash=sha256:"):
            version, hashes = entries[current]
            entries[current] = (version, hashes + 1)
    return entries


def test_every_pin_of_requirements_txt_is_in_the_lock_at_the_same_version() -> None:
    for source, lock in (("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")):
        locked = _locked(BASE_DIR / lock)
        for name, version in _direct_pins(BASE_DIR / source).items():
            assert name in locked, f"{name} is in {source} but not in {lock}: run `make lock`"
            assert locked[name][0] == version, f"{name}: {source} says {version}, {lock} {locked[name][0]}"


def test_every_locked_package_has_a_hash() -> None:
    for lock in ("requirements.lock", "requirements-dev.lock"):
        missing = [name for name, (_version, hashes) in _locked(BASE_DIR / lock).items() if hashes == 0]
        assert missing == [], f"{lock}: no hash for {missing}"


def test_the_development_lock_installs_the_same_runtime_versions() -> None:
    runtime = _locked(BASE_DIR / "requirements.lock")
    development = _locked(BASE_DIR / "requirements-dev.lock")
    differ = {name: (v, development.get(name, ("absent",))[0]) for name, (v, _h) in runtime.items()}
    assert {name: pair for name, pair in differ.items() if pair[0] != pair[1]} == {}


def test_setup_installs_the_lock_with_hash_checking() -> None:
    makefile = (BASE_DIR / "Makefile").read_text()
    assert "install --quiet --require-hashes -r requirements-dev.lock" in makefile
