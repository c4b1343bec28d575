"""Issue an API key for a partner from the command line (installation scripts, the demo, the browser tests).

The beheerder normally does this in /beheer/; the key is printed once, like there, and only its hash is stored.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnerapi.services import issue_key
from partners.models import Partner


class Command(BaseCommand):
    help = "Maakt een API-sleutel voor een partner (op code) en toont die één keer."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("partner", help="De code van de partner, bijv. huisarts-centrum.")
        parser.add_argument("--naam", default="", help="Omschrijving van de sleutel, bijv. productie 2027.")

    def handle(self, *args: Any, **options: Any) -> None:
        partner = Partner.objects.filter(code=options["partner"]).first()
        if partner is None:
            raise CommandError(f"Geen partner met code {options['partner']!r}.")
        issued = issue_key(partner, actor=None, name=options["naam"])
        self.stdout.write(issued.token)
