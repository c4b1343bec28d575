"""``manage.py demo_logins``: the demo accounts, what to try with each, and how to pass the second factor.

Every account needs a code from an authenticator app. For the synthetic demo accounts only (User.is_synthetic)
the TOTP key is public (demo.logins.demo_totp_key), so this command can print the secret and the current code;
for a real account there is no such command and no setting that skips the code.
"""

import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import User
from demo import texts
from demo.logins import DEMO_LOGINS, DEMO_PASSWORD
from demo.seeding import demo_exists


class Command(BaseCommand):
    help = "Toont de inloggegevens van de demo-accounts, met de tweede factor (alleen synthetische accounts)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_ENABLED:
            raise CommandError("De demo staat uit (DEMO_ENABLED): demo-accounts kunnen hier niet inloggen.")
        if not demo_exists():
            self.stdout.write(
                "Er zijn nog geen demogegevens. Laad ze met `make demo` of "
                "`python manage.py seed_demo --residents 2000 --seed 2026`."
            )
            return
        users = {
            user.username: user
            for user in User.objects.filter(username__in=[d.username for d in DEMO_LOGINS], is_synthetic=True)
        }
        devices = {
            device.user_id: device
            for device in TOTPDevice.objects.filter(user__in=users.values(), confirmed=True).order_by("pk")
        }
        now = time.time()
        rows = [("Rol", "Gebruikersnaam", "Wachtwoord", "Code nu", "Probeer")]
        secrets: list[tuple[str, str]] = []
        for login in DEMO_LOGINS:
            user = users.get(login.username)
            if user is None:
                continue
            device = devices.get(user.pk)
            code = two_factor.code_at(device, now) if device else "koppelen"
            rows.append((str(login.role.label), login.username, DEMO_PASSWORD, code, login.try_this))
            if device:
                secrets.append((login.username, two_factor.secret(device)))
        widths = [max(len(str(row[i])) for row in rows) for i in range(4)]
        self.stdout.write(f"Demogemeente {texts.GEMEENTE_NAME} (synthetische gegevens) — inloggen op /:")
        for index, row in enumerate(rows):
            line = "  ".join(str(cell).ljust(width) for cell, width in zip(row[:4], widths, strict=True))
            self.stdout.write(f"  {line}  {row[4]}")
            if index == 0:
                self.stdout.write("  " + "  ".join("-" * w for w in widths) + "  " + "-" * 7)
        self._portal()
        self._partner_api()
        self._second_factor(secrets, now)

    def _portal(self) -> None:
        """Mijn Wijkteam: who to pick on the demo's DigiD page."""
        from demo.portal import MANTELZORGER, showcase_resident

        resident = showcase_resident()
        if resident is None:
            return
        carer = " ".join(part for part in MANTELZORGER if part)
        self.stdout.write("")
        self.stdout.write(
            f"Mijn Wijkteam (inwoners) op /mijn/ — 'Inloggen met DigiD (demo)': kies {resident.full_name} "
            f"(inwoner), of {carer} (mantelzorger van deze inwoner; ziet alleen het plan)."
        )

    def _partner_api(self) -> None:
        """The partner API: the demo GP's public key and a call to try (docs/api.md)."""
        from demo.partner_keys import demo_token
        from partnerapi.models import ApiKey

        if not ApiKey.objects.filter(partner__code="huisarts-centrum", name="Demo (openbaar)").exists():
            return
        self.stdout.write("")
        self.stdout.write(
            "Partner-API op /api/v1/ (beschrijving: /api/v1/schema/, uitleg: docs/api.md). Openbare demo-sleutel "
            f"van Huisartsenpraktijk Centrum: {demo_token('huisarts-centrum')}"
        )
        self.stdout.write(
            "  curl -H 'Authorization: Bearer "
            f"{demo_token('huisarts-centrum')}' http://localhost:8000/api/v1/meldingen/<id>/"
        )

    def _second_factor(self, secrets: list[tuple[str, str]], now: float) -> None:
        if not secrets:
            self.stdout.write("Tweede factor: koppel bij de eerste keer inloggen een authenticator-app.")
            return
        until = timezone.localtime(timezone.now() + timedelta(seconds=30 - int(now) % 30))
        self.stdout.write("")
        self.stdout.write(
            self.style.WARNING(
                "DEMO — tweede factor. Deze geheimen horen bij verzonnen demo-accounts en zijn openbaar; "
                "gebruik ze nooit voor echte medewerkers."
            )
        )
        self.stdout.write(
            f"Na het wachtwoord vraagt de site een code. 'Code nu' is geldig tot ongeveer "
            f"{until:%H:%M:%S} (plus een halve minuut speling) en maar één keer te gebruiken. Een nieuwe code: "
            "`python manage.py demo_logins`, of zet het geheim hieronder in een authenticator-app."
        )
        width = max(len(username) for username, _ in secrets)
        for username, secret in secrets:
            self.stdout.write(f"  {username.ljust(width)}  {secret}")
