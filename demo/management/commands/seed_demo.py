"""``manage.py seed_demo --residents 2000 --seed 2026``: the synthetic municipality Voorbeeldstad.

Everything is generated (``is_synthetic``), deterministic for a seed and a reference date, and
written with ``bulk_create`` in batches, so even a million residents load in minutes.
"""

import time
from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from demo import texts
from demo.budgets import seed_budgets
from demo.seeding import SeedOptions, demo_exists, seed
from monitor.facts import rebuild as rebuild_monitor


class Command(BaseCommand):
    help = "Vult de database met de synthetische demogemeente Voorbeeldstad (alle personen zijn verzonnen)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--residents", type=int, default=2000, help="Aantal inwoners (standaard 2000).")
        parser.add_argument("--seed", type=int, default=2026, help="Startwaarde: zelfde seed, zelfde gegevens.")
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help=(
                "Peildatum (JJJJ-MM-DD) waartegen alle data worden gezet; standaard vandaag. Met een peildatum is de "
                "gemeente reproduceerbaar en ontbreekt de voorbeeldbeschikking (die gebruikt de echte klok)."
            ),
        )
        parser.add_argument(
            "--years",
            type=int,
            default=0,
            help=(
                "Jaren geschiedenis bovenop het huidige werk: afgesloten dossiers met meldingen, tijdlijn, "
                "ZRM-scores, plannen, beschikkingen, toewijzingen en toegangslog (standaard 0)."
            ),
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Niets doen als de demogemeente al bestaat (voor `make run`).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help=(
                "Processen die de geschiedenis en het toegangslog voorbereiden naast het schrijven (alleen PostgreSQL; "
                "standaard één per core naast die voor de database, hoogstens 2; 0 = in dit proces). Het resultaat "
                "is bij elk aantal hetzelfde."
            ),
        )
        parser.add_argument("--quiet", action="store_true", help="Geen voortgangsbalk.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_ENABLED:
            # Demo accounts have a published password and second-factor secret: never in a real installation.
            raise CommandError(
                "De demogemeente is hier niet toegestaan: zet DEBUG=true (ontwikkeling) of DEMO_ENABLED=true "
                "(een demo- of testomgeving zonder echte gegevens)."
            )
        if demo_exists():
            message = f"De demogemeente {texts.GEMEENTE_NAME} bestaat al; er is niets opnieuw geladen."
            if options["if_empty"]:
                self.stdout.write(message)
                return
            raise CommandError(message + " Gebruik een lege database (bijv. `manage.py flush`).")
        residents = options["residents"]
        if residents < 100:
            raise CommandError("Gebruik ten minste 100 inwoners.")
        years = options["years"]
        if not 0 <= years <= 10:
            raise CommandError("Kies voor --years een aantal jaren van 0 tot en met 10.")
        today = options["today"] or timezone.localdate()
        started = time.monotonic()
        log = (lambda _line: None) if options["quiet"] else self.stdout.write
        with translation.override("nl"):
            report = seed(
                SeedOptions(
                    residents=residents,
                    seed=options["seed"],
                    today=today,
                    progress=not options["quiet"],
                    showcase=options["today"] is None,
                    years=years,
                    workers=options["workers"],
                ),
                log=log,
            )
        counts = ", ".join(f"{key} {value}" for key, value in report.counts.items())
        phases = ", ".join(
            f"{key} {value:.1f}s (cpu {report.cpu.get(key, 0):.1f}s)" for key, value in report.seconds.items()
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demogemeente {texts.GEMEENTE_NAME} geladen in {time.monotonic() - started:.1f}s "
                f"(peildatum {today.isoformat()}): {counts}."
            )
        )
        if not options["quiet"]:
            self.stdout.write(f"Tijd per fase: {phases}.")
        # Indicator 9 sets the costs against a wijkbudget and the teams' free budgets: seed them and their spends.
        seed_budgets(today, years=years, seed=options["seed"])
        # The monitor reads aggregate tables only: fill them now, so the first look at the demo shows figures.
        monitor = rebuild_monitor()
        self.stdout.write(f"Monitor berekend: {monitor.rows} rijen in {monitor.seconds:.1f}s.")
