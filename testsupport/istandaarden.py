"""The official iWmo/iJw XSDs and example messages in tests, and the one way to skip without them.

They are read from ``settings.ISTANDAARDEN_XSD_DIR`` (by default ``../shared/istandaarden``), never copied
into the project, so a clone without that folder lacks them. The product rightly refuses to make or accept
a message without its XSD; a test that needs one is skipped with a visible reason instead of failing,
and every other test keeps running:

- ``@requires_istandaarden("WMO301")`` (or ``pytestmark = requires_istandaarden(...)`` for a whole module)
  names the XSDs (and example messages) a test needs; it is skipped when one is missing.
- ``skip_without_istandaarden(...)`` does the same from inside a fixture or a test.
- ``example("WMO305")`` / ``example_path("WMO305")`` load an official example message, skipping when it is missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
from django.conf import settings

from istandaarden.kinds import STANDARDS

#: The official example messages (``wmo/examples/<name>.xml``).
EXAMPLE_MESSAGES = ("WMO301", "WMO305", "WMO307", "WMO315", "WMO317", "WMO319", "WMO323")


def xsd_root() -> Path:
    return Path(settings.ISTANDAARDEN_XSD_DIR)


def examples_dir(standard: str = "WMO") -> Path:
    return xsd_root() / standard.lower() / "examples"


def _standard(kind: str) -> str:
    for standard in STANDARDS:
        if kind.startswith(standard):
            return standard
    raise ValueError(f"not an iWmo/iJw message type: {kind!r}")


def _needed_files(kinds: Iterable[str], examples: Iterable[str]) -> list[Path]:
    root = xsd_root()
    kinds, examples = list(kinds), list(examples)
    standards = sorted({_standard(kind) for kind in kinds})
    if not kinds and not examples:
        standards = ["WMO"]  # nothing named: at least the Wmo XSDs, as the istandaarden tests need
    files = [root / standard.lower() / "xsd" / "basisschema.xsd" for standard in standards]
    files += [root / _standard(kind).lower() / "xsd" / f"{kind}.xsd" for kind in kinds]
    files += [examples_dir(_standard(name)) / f"{name}.xml" for name in examples]
    return files


def missing_reason(*kinds: str, examples: Iterable[str] = ()) -> str | None:
    """Why a test that needs these XSDs (e.g. "WMO301") and example messages cannot run, or None when it can."""
    missing = [path for path in _needed_files(kinds, examples) if not path.is_file()]
    if not missing:
        return None
    root = xsd_root()
    where = f": de map {root} bestaat niet" if not root.is_dir() else f" in {root}"
    names = ", ".join(str(path.relative_to(root)) for path in missing)
    return (
        f"iStandaarden ontbreken{where} (nodig: {names}); "
        "zet ISTANDAARDEN_XSD_DIR naar de map met de officiële XSD's en voorbeeldberichten"
    )


def requires_istandaarden(*kinds: str, examples: Iterable[str] = ()) -> pytest.MarkDecorator:
    """Skip the test (or module, as ``pytestmark``) when an XSD or example message it needs is missing."""
    reason = missing_reason(*kinds, examples=tuple(examples))
    return pytest.mark.skipif(reason is not None, reason=reason or "")


def skip_without_istandaarden(*kinds: str, examples: Iterable[str] = ()) -> None:
    """The same check from inside a fixture or test."""
    reason = missing_reason(*kinds, examples=tuple(examples))
    if reason is not None:
        pytest.skip(reason)


def example_path(name: str) -> Path:
    """The official example message ``name`` (e.g. "WMO305"); the test is skipped when it is missing."""
    skip_without_istandaarden(examples=(name,))
    return examples_dir(_standard(name)) / f"{name}.xml"


def example(name: str) -> bytes:
    return example_path(name).read_bytes()
