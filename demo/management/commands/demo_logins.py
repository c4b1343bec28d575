"""``manage.py demo_logins``: the demo accounts and what to try with each, as a small table."""

from typing import Any

from django.core.management.base import BaseCommand

from accounts.models import User
from demo import texts
from demo.logins import DEMO_LOGINS, DEMO_PASSWORD
from demo.seeding import demo_exists


class Command(BaseCommand):
    help = "Toont de inloggegevens van de demo-accounts."

    def handle(self, *args: Any, **options: Any) -> None:
        if not demo_exists():
            self.stdout.write(
                "Er zijn nog geen demogegevens. Laad ze met `make demo` of "
                "`python manage.py seed_demo --residents 2000 --seed 2026`."
            )
            return
        present = set(
            User.objects.filter(username__in=[d.username for d in DEMO_LOGINS]).values_list("username", flat=True)
        )
        rows = [("Rol", "Gebruikersnaam", "Wachtwoord", "Probeer")]
        rows += [
            (str(login.role.label), login.username, DEMO_PASSWORD, login.try_this)
            for login in DEMO_LOGINS
            if login.username in present
        ]
        widths = [max(len(str(row[i])) for row in rows) for i in range(3)]
        self.stdout.write(f"Demogemeente {texts.GEMEENTE_NAME} (synthetische gegevens) — inloggen op /:")
        for index, row in enumerate(rows):
            line = "  ".join(str(cell).ljust(width) for cell, width in zip(row[:3], widths, strict=True))
            self.stdout.write(f"  {line}  {row[3]}")
            if index == 0:
                self.stdout.write("  " + "  ".join("-" * w for w in widths) + "  " + "-" * 7)
