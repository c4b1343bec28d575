"""Print the dossiers past their retention term, for a scheduled report. Numbers and dates only."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from retention.selectors import dossiers_past_retention


class Command(BaseCommand):
    help = "Toont de afgesloten dossiers waarvan de bewaartermijn is verstreken (zonder persoonsgegevens)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--datum", help="Peildatum als JJJJ-MM-DD (standaard: vandaag).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["datum"]:
            try:
                today = date.fromisoformat(options["datum"])
            except ValueError as error:
                raise CommandError("Geef de peildatum als JJJJ-MM-DD.") from error
        rows = dossiers_past_retention(today)
        if not rows:
            self.stdout.write("Geen dossiers voorbij de bewaartermijn.")
            return
        self.stdout.write("dossier\tteam\tafgesloten\tregel\tvernietigbaar sinds\tvoorstel")
        for row in rows:
            self.stdout.write(
                "\t".join(
                    [
                        str(row.dossier_id),
                        row.team_name,
                        row.closed_on.isoformat(),
                        row.rule.key,
                        row.destroyable_since.isoformat(),
                        "open" if row.open_request_id else "-",
                    ]
                )
            )
        self.stdout.write(f"{len(rows)} dossier(s) voorbij de bewaartermijn.")
