"""``manage.py termijn 2026-02-20 --weken 6``: the last day of a term, and why.

The first line is the date (ISO), so scripts can read it; every further line names a
rule that moved the end. When the date depends on a year for which no Royal Decree on
equated days is known yet (Atw art. 3 lid 3), the last line says it is provisional.
"""

from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from deadlines.atw import TermEnd, end_of_term, end_of_working_day_term
from deadlines.calendar_source import current_calendar

_UNITS = ("weken", "dagen", "werkdagen")
PROVISIONAL = "voorlopig"


class Command(BaseCommand):
    help = (
        "Berekent de laatste dag van een wettelijke termijn na de gegeven datum, "
        "volgens de Algemene termijnenwet (of in werkdagen)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("datum", help="De dag waarna de termijn begint (JJJJ-MM-DD).")
        parser.add_argument("--weken", type=int, help="Termijn in weken.")
        parser.add_argument("--dagen", type=int, help="Termijn in dagen.")
        parser.add_argument(
            "--werkdagen",
            type=int,
            help="Termijn in werkdagen (zonder weekend en feestdagen; iStandaarden).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        start = self._parse_date(options["datum"])
        given = {unit: options[unit] for unit in _UNITS if options[unit] is not None}
        if len(given) != 1:
            raise CommandError("Geef precies één van --weken, --dagen of --werkdagen op.")
        ((unit, amount),) = given.items()
        if amount <= 0:
            raise CommandError(f"--{unit} moet een positief getal zijn.")

        calendar = current_calendar()
        end: TermEnd
        if unit == "weken":
            end = end_of_term(start, weeks=amount, calendar=calendar)
        elif unit == "dagen":
            end = end_of_term(start, days=amount, calendar=calendar)
        else:
            end = end_of_working_day_term(start, amount, calendar)

        self.stdout.write(end.due.isoformat())
        for line in end.adjustments:
            self.stdout.write(line)
        if end.provisional:
            self.stdout.write(f"{PROVISIONAL}: {end.provisional}")

    @staticmethod
    def _parse_date(value: str) -> date:
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise CommandError(
                f"Ongeldige datum '{value}': gebruik de vorm JJJJ-MM-DD, bijvoorbeeld 2026-02-20."
            ) from None
