from typing import Any

from django.core.management.base import BaseCommand

from monitor.facts import rebuild


class Command(BaseCommand):
    help = "Vult de tabellen van de monitor opnieuw vanuit de dossiers (alle jaren)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = rebuild()
        self.stdout.write(f"Monitor herberekend: {result.rows} rijen in {result.seconds:.1f} s.")
