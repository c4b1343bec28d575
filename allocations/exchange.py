"""How message files travel between the gemeente and the providers.

For now that is a pair of folders (``FolderExchange``): providers' files arrive in an inbox, ours
are written to an outbox, and something outside the application (an SFTP job, a person) moves
them. The application only talks to the ``Exchange`` interface, so a connector for the national
exchange (GGk / VECOZO) can be added later as another implementation of it without touching
``incoming`` or the screens.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from allocations.incoming import MAX_FILE_SIZE, receive
from allocations.models import Bericht, BerichtStatus, Direction

PROCESSED_FOLDER = "verwerkt"
REJECTED_FOLDER = "afgewezen"

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IncomingFile:
    """One received file; ``reference`` is how the exchange finds it again (a path, a message id)."""

    name: str
    content: bytes
    reference: str
    #: The real size when ``content`` holds only the first bytes of a file that is too large.
    size: int | None = None


class Exchange(Protocol):
    """A channel for message files.

    A GGk/VECOZO connector plugs in here: ``incoming`` would fetch the provider messages waiting
    in the mailbox, ``archive`` acknowledge them, and ``deliver`` upload one of ours.
    """

    def incoming(self) -> Iterable[IncomingFile]: ...

    def archive(self, file: IncomingFile, accepted: bool) -> None: ...

    def deliver(self, bericht: Bericht) -> None: ...


def _free_name(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name`` with a counter when a file of that name is already there."""
    target = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    number = 1
    while target.exists():
        target = folder / f"{stem}.{number}{suffix}"
        number += 1
    return target


class FolderExchange:
    """Inbox and outbox folders; handled inbox files move to ``verwerkt/`` or ``afgewezen/``."""

    def __init__(self, inbox: Path, outbox: Path) -> None:
        self.inbox = Path(inbox)
        self.outbox = Path(outbox)

    def incoming(self) -> Iterator[IncomingFile]:
        """Every ``*.xml`` in the inbox, by name; a file that cannot be read is logged and left there.

        At most ``MAX_FILE_SIZE + 1`` bytes are read: enough for ``receive`` to refuse a file that
        is too large (with its real size) without holding all of it in memory.
        """
        if not self.inbox.is_dir():
            return
        for path in sorted(p for p in self.inbox.iterdir() if p.is_file() and p.suffix.lower() == ".xml"):
            try:
                with path.open("rb") as stream:
                    content = stream.read(MAX_FILE_SIZE + 1)
                    size = os.fstat(stream.fileno()).st_size
            except OSError:
                logger.exception("Bestand %s in de inbox kan niet worden gelezen; het blijft staan.", path)
                continue
            yield IncomingFile(name=path.name, content=content, reference=str(path), size=size)

    def archive(self, file: IncomingFile, accepted: bool) -> None:
        folder = self.inbox / (PROCESSED_FOLDER if accepted else REJECTED_FOLDER)
        folder.mkdir(parents=True, exist_ok=True)
        Path(file.reference).replace(_free_name(folder, file.name))

    def deliver(self, bericht: Bericht) -> None:
        """Write the exact bytes to the outbox; a half-written file is never visible (rename)."""
        self.outbox.mkdir(parents=True, exist_ok=True)
        target = _free_name(self.outbox, Path(bericht.file_name).name or f"bericht-{bericht.pk}.xml")
        handle, temporary = tempfile.mkstemp(dir=self.outbox, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(bytes(bericht.content))
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def default_exchange() -> FolderExchange:
    """The configured folders (``BERICHTEN_INBOX`` / ``BERICHTEN_OUTBOX``)."""
    base = Path(settings.BASE_DIR) / "var" / "berichten"
    inbox = getattr(settings, "BERICHTEN_INBOX", base / "in")
    outbox = getattr(settings, "BERICHTEN_OUTBOX", base / "uit")
    return FolderExchange(Path(inbox), Path(outbox))


@dataclass
class ExchangeResult:
    received: list[Bericht] = field(default_factory=list)
    delivered: list[Bericht] = field(default_factory=list)

    @property
    def accepted(self) -> int:
        return sum(1 for bericht in self.received if bericht.status == BerichtStatus.GEACCEPTEERD)

    @property
    def rejected(self) -> int:
        return len(self.received) - self.accepted


def process_inbox(exchange: Exchange, actor: User | None = None) -> list[Bericht]:
    """Receive every waiting file, then archive it as accepted or rejected.

    ``receive`` turns any content into an accepted or rejected ``Bericht``; should storing or
    archiving still fail (a full disk, a lost database connection), that file is logged and left
    for the next run, and the files after it are handled all the same.
    """
    received = []
    for file in exchange.incoming():
        try:
            bericht = receive(file.name, file.content, actor=actor, size=file.size)
        except Exception:
            logger.exception("Bestand %s uit de inbox kon niet worden opgeslagen; het blijft staan.", file.name)
            continue
        received.append(bericht)
        try:
            exchange.archive(file, bericht.status == BerichtStatus.GEACCEPTEERD)
        except Exception:
            logger.exception("Bestand %s is ontvangen maar kon niet worden gearchiveerd.", file.name)
    return received


def deliver_outbox(exchange: Exchange) -> list[Bericht]:
    """Hand every message that is ready ("klaar") to the exchange and mark it sent."""
    delivered = []
    ready = Bericht.objects.filter(direction=Direction.OUT, status=BerichtStatus.KLAAR).order_by("created_at", "pk")
    for pk in ready.values_list("pk", flat=True):
        try:
            bericht = _deliver_one(exchange, pk)
        except Exception:  # this one stays "klaar" for the next run; the others still go
            logger.exception("Bericht %s kon niet worden verzonden; het blijft klaarstaan.", pk)
            continue
        if bericht is not None:
            delivered.append(bericht)
    return delivered


def _deliver_one(exchange: Exchange, pk: int) -> Bericht | None:
    with transaction.atomic():
        bericht = Bericht.objects.select_for_update().filter(pk=pk, status=BerichtStatus.KLAAR).first()
        if bericht is None:  # sent meanwhile by another run
            return None
        exchange.deliver(bericht)
        bericht.status = BerichtStatus.VERZONDEN
        bericht.sent_at = timezone.now()
        bericht.save(update_fields=["status", "sent_at"])
    return bericht


def run_exchange(exchange: Exchange | None = None, actor: User | None = None) -> ExchangeResult:
    """Process the inbox first (retours may close tasks), then deliver the outbox.

    The outbox is delivered even when the inbox fails as a whole (an unreadable folder): our
    own messages must never wait on what a provider sent.
    """
    exchange = exchange or default_exchange()
    result = ExchangeResult()
    try:
        result.received = process_inbox(exchange, actor)
    finally:
        result.delivered = deliver_outbox(exchange)
    return result
