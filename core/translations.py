"""The translation catalogues: where they are, and compiling them to .mo without GNU gettext.

Every app keeps its own catalogue in `<app>/locale/<language>/LC_MESSAGES/django.po` (committed); the `.mo`
files Django reads are built from them at set-up (`make translations`, the Dockerfile) and never committed.
Compiling uses polib, so a fresh machine needs no gettext tools; extracting new texts (`make messages`) does.

Run as `python -m core.translations` to compile every catalogue whose `.mo` is missing or older.
"""

import sys
from pathlib import Path

import polib
from django.conf import settings
from django.utils import translation

BASE_DIR = Path(__file__).resolve().parent.parent


def catalogues(base_dir: Path = BASE_DIR) -> list[Path]:
    """Every app's .po file, in a stable order."""
    return sorted(base_dir.glob("*/locale/*/LC_MESSAGES/django.po"))


def compile_catalogues(base_dir: Path = BASE_DIR) -> list[Path]:
    """Write the .mo beside each .po that is newer than it; returns the files written."""
    written = []
    for po_path in catalogues(base_dir):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        # Like msgfmt, polib leaves out untranslated and fuzzy entries: the Dutch text shows instead of an empty one.
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


if __name__ == "__main__":
    for path in compile_catalogues():
        print(f"vertaling gecompileerd: {path.relative_to(BASE_DIR)}", file=sys.stderr)


def in_record_language() -> "translation.override":
    """Texts that are stored (timeline, letters, messages to providers) are written in Dutch whatever language the
    screen shows: Dutch is the language of the administration (Awb art. 2:6) and of the dossier.

        with in_record_language():
            summary = _("Plan vastgesteld")
    """
    return translation.override(settings.LANGUAGE_CODE)
