"""``manage.py audit_verify``: check that the access log is complete and unchanged (see audit/chain.py).

Walks every entry in id order in batches, so memory stays constant however long the log is.
Exits 0 when the chain is intact and prints the last hash; exits 1 and names the first broken entry
otherwise. Keep the printed hash outside the system (the chain cannot show that its newest rows were
removed) and pass it the next time with ``--expect-last``: the check then also fails when that hash
no longer occurs in the log.
"""

import re
from collections.abc import Generator
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from audit.chain import GENESIS, HASHED_FIELDS, walk
from audit.models import AccessLogEntry

BATCH_SIZE = 2000

_PROBLEMS = {
    "hash": "de inhoud van deze regel is gewijzigd (de hash klopt niet, of AUDIT_CHAIN_KEY is een andere sleutel)",
    "koppeling": "de koppeling met de vorige regel klopt niet (een regel ervoor is verwijderd of vervangen)",
    "versie": "een regel zonder sleutel na regels met sleutel (de regel is vervangen)",
}
_HASH = re.compile(r"^[0-9a-f]{64}$")


def _rows() -> Generator[tuple[Any, ...], None, None]:
    yield from (
        AccessLogEntry.objects.order_by("id")
        .values_list("id", "prev_hash", "entry_hash", "chain_version", *HASHED_FIELDS)
        .iterator(chunk_size=BATCH_SIZE)
    )


class Command(BaseCommand):
    help = "Controleert de hashketen van het toegangslog en meldt de eerste gebroken schakel."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--expect-last",
            default="",
            metavar="HASH",
            help="De laatste hash van een eerdere controle, buiten het systeem bewaard: die moet nog in het log staan.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        expect = str(options.get("expect_last") or "").strip().lower()
        if expect and not _HASH.match(expect):
            raise CommandError("--expect-last moet een hash van 64 hexadecimale tekens zijn.", returncode=2)
        rows = _rows()
        try:
            report = walk(rows, expect=expect)
        finally:
            rows.close()  # release the database cursor also when the walk stopped early
        if not report.intact:
            when = timezone.localtime(report.broken_at).strftime("%d-%m-%Y %H:%M:%S") if report.broken_at else "?"
            raise CommandError(
                f"Toegangslog gebroken bij regel #{report.broken_id} van {when}: {_PROBLEMS[report.problem]}",
                returncode=1,
            )
        if expect and expect != GENESIS and report.anchor_id is None:
            raise CommandError(
                f"De bewaarde hash {expect} staat niet (meer) in het toegangslog: regels zijn verwijderd of "
                f"de keten is opnieuw opgebouwd. Laatste hash nu {report.last_hash}",
                returncode=1,
            )
        legacy = f" (waarvan {report.legacy_count} van voor de sleutel)" if report.legacy_count else ""
        self.stdout.write(f"Toegangslog intact: {report.count} regels{legacy}, laatste hash {report.last_hash}")
        if expect:
            since = "het begin" if report.anchor_id is None else f"regel #{report.anchor_id}"
            self.stdout.write(f"De bewaarde hash is gevonden bij {since}; alle regels daarna kloppen.")
