"""``manage.py berichten inlezen PAD`` and ``manage.py berichten uitwisselen``.

``inlezen`` reads one message file or every ``*.xml`` in a folder (sorted by name), and prints
one line per file: the name, ``geaccepteerd`` or ``afgewezen``, the message type and, when
rejected, why. It exits with 0 when every file was read, also when some were rejected: a
rejected file has been handled (stored with its reasons). It fails when PAD does not exist, and
when a file could not be read from disk, but only after handling all the other files: one bad
file never stops a batch. ``uitwisselen`` processes the inbox and delivers the outbox of the
configured exchange folders.
"""

import os
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from allocations.exchange import default_exchange, run_exchange
from allocations.incoming import MAX_FILE_SIZE, receive
from allocations.models import Bericht, BerichtStatus


def result_line(file_name: str, bericht: Bericht) -> str:
    if bericht.status == BerichtStatus.GEACCEPTEERD:
        return f"{file_name}  geaccepteerd  {bericht.kind}"
    reasons = "; ".join(str(reason) for reason in bericht.reasons)
    return f"{file_name}  afgewezen  {bericht.kind or '?'}  {reasons}"


class Command(BaseCommand):
    help = "Leest iWmo/iJw-berichten in (inlezen PAD) of verwerkt de uitwisselmappen (uitwisselen)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        inlezen = actions.add_parser("inlezen", help="Lees een berichtbestand of een map met berichten in.")
        inlezen.add_argument("pad", help="Een .xml-bestand of een map met .xml-bestanden.")
        actions.add_parser("uitwisselen", help="Verwerk de inbox en verstuur de berichten die klaarstaan.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "inlezen":
            self._read(Path(options["pad"]))
        else:
            self._exchange()

    def _read(self, path: Path) -> None:
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".xml")
        elif path.is_file():
            files = [path]
        else:
            raise CommandError(_("%(path)s bestaat niet.") % {"path": path})
        unreadable = 0
        for file in files:
            try:
                with file.open("rb") as stream:
                    content = stream.read(MAX_FILE_SIZE + 1)  # enough to refuse a file that is too large
                    size = os.fstat(stream.fileno()).st_size
            except OSError as exc:
                unreadable += 1
                self.stderr.write(_("%(name)s kan niet worden gelezen: %(error)s") % {"name": file.name, "error": exc})
                continue
            self.stdout.write(result_line(file.name, receive(file.name, content, size=size)))
        if unreadable:
            raise CommandError(
                _("%(count)s bestand(en) konden niet worden gelezen; de andere zijn verwerkt.") % {"count": unreadable}
            )

    def _exchange(self) -> None:
        exchange = default_exchange()
        result = run_exchange(exchange)
        for bericht in result.received:
            self.stdout.write(result_line(bericht.file_name, bericht))
        self.stdout.write(
            _(
                "Ontvangen: %(received)s (%(accepted)s geaccepteerd, %(rejected)s afgewezen) uit %(inbox)s; "
                "verzonden: %(sent)s naar %(outbox)s."
            )
            % {
                "received": len(result.received),
                "accepted": result.accepted,
                "rejected": result.rejected,
                "inbox": exchange.inbox,
                "sent": len(result.delivered),
                "outbox": exchange.outbox,
            }
        )
