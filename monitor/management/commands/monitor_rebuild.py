import time
from typing import Any

from django.core.management.base import BaseCommand

from monitor.facts import rebuild


class Command(BaseCommand):
    help = (
        "Vult de tabellen van de monitor opnieuw vanuit de dossiers (alle jaren) en berekent daarna de onderdrukking "
        "van de meest gekozen perioden vooruit; toont de tijd per onderdeel."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--no-warm",
            action="store_true",
            help="Sla het vooruit berekenen van de onderdrukking over (de eerste blik op een periode doet het dan).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        cpu = [time.process_time()]

        def report(name: str, seconds: float, rows: int) -> None:
            # The CPU time of this process (not of the database server): on a busy machine the wall time says
            # little, this part does not change with the load.
            used, cpu[0] = time.process_time() - cpu[0], time.process_time()
            what = "tabellen" if name == "warm" else "rijen"
            self.stdout.write(f"  {name:<12} {seconds:7.1f} s  (cpu {used:6.1f} s)  {rows:>9} {what}")

        result = rebuild(report, warm=not options["no_warm"])
        self.stdout.write(
            f"Monitor herberekend: {result.rows} rijen in {result.seconds:.1f} s "
            f"(met het vooruit berekenen {time.monotonic() - started:.1f} s)."
        )
