"""Remove the vroegsignalen that led to nothing and are past the Wgs term (also a nightly job). Numbers only."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vroegsignalering.retention import remove_expired, retention_months


class Command(BaseCommand):
    help = (
        "Verwijdert vroegsignalen die niet tot schuldhulp leidden (geweigerd, niet bereikt, al geholpen, of nooit "
        "gekoppeld) na de bewaartermijn; één regel per verwijdering in het toegangslog."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--datum", help="Peildatum als JJJJ-MM-DD (standaard: vandaag).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["datum"]:
            try:
                today = date.fromisoformat(options["datum"])
            except ValueError as error:
                raise CommandError("Geef de peildatum als JJJJ-MM-DD.") from error
        removed = remove_expired(today)
        self.stdout.write(
            f"Bewaartermijn {retention_months()} maanden: {removed.casussen} casus(sen) en "
            f"{removed.signals} signaal/signalen verwijderd."
        )
