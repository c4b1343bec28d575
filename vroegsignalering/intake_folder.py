"""The drop folder (``VROEGSIGNALEN_INBOX``): batch files a partner or an SFTP job puts there, read as a system user.

Every ``*.csv`` and ``*.json`` directly in the folder is imported like an upload and then moved: to
``verwerkt/`` when it was read as a batch (its refused rows are in the import record), to ``geweigerd/`` when
the file as a whole was refused. So every file ends accepted or rejected, and a second run finds nothing.

The folder is written by others, so its names are not trusted: only regular files directly in the folder are
read, never a symbolic link (it could point at any file on the server) nor anything that resolves outside the
folder; such an entry is moved to ``geweigerd/`` unread. Files are opened without following links, and at most
one byte beyond the size limit is read.
"""

import logging
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password

from accounts.models import Role, User
from vroegsignalering.formats import MAX_FILE_BYTES
from vroegsignalering.intake import import_file
from vroegsignalering.models import ImportSource, SignalImport

PROCESSED_FOLDER = "verwerkt"
REFUSED_FOLDER = "geweigerd"
SUFFIXES = frozenset({".csv", ".json"})
#: The account the drop folder acts as (inactive, no usable password: nobody logs in with it).
SYSTEM_USERNAME = "systeem-vroegsignalen"

logger = logging.getLogger(__name__)


@dataclass
class FolderRun:
    imported: list[SignalImport] = field(default_factory=list)
    #: Names moved to geweigerd/ unread (a link, not a regular file, outside the folder).
    refused_unread: list[str] = field(default_factory=list)

    @property
    def accepted(self) -> int:
        return sum(1 for batch in self.imported if not batch.refused)

    @property
    def refused(self) -> int:
        return len(self.imported) - self.accepted + len(self.refused_unread)


def system_user() -> User:
    """The drop folder's own account: its imports and log lines name it, never a person who did not act."""
    user, _ = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={
            "role": Role.FUNCTIONEEL_BEHEERDER,
            "is_active": False,
            "first_name": "Systeem",
            "last_name": "importmap vroegsignalen",
            "password": make_password(None),
        },
    )
    return user


def inbox() -> Path:
    return Path(settings.VROEGSIGNALEN_INBOX)


def _free_name(folder: Path, name: str) -> Path:
    target = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    number = 1
    while target.exists() or target.is_symlink():
        target = folder / f"{stem}.{number}{suffix}"
        number += 1
    return target


def _move(path: Path, folder_name: str) -> None:
    folder = path.parent / folder_name
    folder.mkdir(exist_ok=True)
    # rename() moves a link itself, never what it points at.
    os.rename(path, _free_name(folder, path.name))


def _read(path: Path) -> bytes | None:
    """The file's bytes (up to one past the limit), or None when it is not a regular file of its own."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            return None
        return stream.read(MAX_FILE_BYTES + 1)


def _candidates(folder: Path) -> list[Path]:
    return sorted(
        entry
        for entry in folder.iterdir()
        if entry.suffix.lower() in SUFFIXES
        and not entry.name.startswith(".")
        and (entry.is_symlink() or not entry.is_dir())
    )


def import_folder(folder: Path | None = None, actor: User | None = None) -> FolderRun:
    """Import every batch file waiting in the folder, then move it; a file that fails to store stays for next time."""
    folder = folder or inbox()
    run = FolderRun()
    if not folder.is_dir():
        return run
    actor = actor or system_user()
    root = folder.resolve()
    for path in _candidates(folder):
        inside = path.parent.resolve() == root and not path.is_symlink()
        content = _read(path) if inside else None
        if content is None:
            logger.warning(
                "Importmap vroegsignalen: %r is geen gewoon bestand in de map; ongelezen geweigerd.", path.name
            )
            _move(path, REFUSED_FOLDER)
            run.refused_unread.append(path.name)
            continue
        try:
            batch = import_file(content, source=ImportSource.MAP, actor=actor, filename=path.name).batch
        except Exception:
            logger.exception("Importmap vroegsignalen: %r kon niet worden ingelezen; het blijft staan.", path.name)
            continue
        run.imported.append(batch)
        _move(path, REFUSED_FOLDER if batch.refused else PROCESSED_FOLDER)
    return run
