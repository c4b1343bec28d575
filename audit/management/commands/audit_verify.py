"""``manage.py audit_verify``: check that the access log is complete and unchanged (see audit/chain.py).

Walks every entry in id order in batches, so memory stays constant however long the log is.
Exits 0 when the chain is intact and prints the last hash (keep it: it anchors the next check);
exits 1 and names the first broken entry otherwise.
"""

from collections.abc import Generator
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from audit.chain import HASHED_FIELDS, walk
from audit.models import AccessLogEntry

BATCH_SIZE = 2000

_PROBLEMS = {
    "hash": "de inhoud van deze regel is gewijzigd (de hash klopt niet)",
    "koppeling": "de koppeling met de vorige regel klopt niet (een regel ervoor is verwijderd of vervangen)",
}


def _rows() -> Generator[tuple[Any, ...], None, None]:
    yield from (
        AccessLogEntry.objects.order_by("id")
        .values_list("id", "prev_hash", "entry_hash", *HASHED_FIELDS)
        .iterator(chunk_size=BATCH_SIZE)
    )


class Command(BaseCommand):
    help = "Controleert de hashketen van het toegangslog en meldt de eerste gebroken schakel."

    def handle(self, *args: Any, **options: Any) -> None:
        rows = _rows()
        try:
            report = walk(rows)
        finally:
            rows.close()  # release the database cursor also when the walk stopped early
        if not report.intact:
            when = timezone.localtime(report.broken_at).strftime("%d-%m-%Y %H:%M:%S") if report.broken_at else "?"
            raise CommandError(
                f"Toegangslog gebroken bij regel #{report.broken_id} van {when}: {_PROBLEMS[report.problem]}",
                returncode=1,
            )
        self.stdout.write(f"Toegangslog intact: {report.count} regels, laatste hash {report.last_hash}")
