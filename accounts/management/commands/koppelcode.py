"""`manage.py koppelcode <gebruikersnaam>`: a koppelcode issued on the server.

Why: the first superuser (made with `createsuperuser`) has nobody to issue a koppelcode in the admin, and
whoever can run this command already controls the server. The issue is logged and reviewed like any other.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts import services
from accounts.models import User


class Command(BaseCommand):
    help = "Geeft een koppelcode uit waarmee de medewerker een (nieuwe) authenticator-app koppelt."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="gebruikersnaam van de medewerker")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Geen medewerker met gebruikersnaam {options['username']!r}.")
        try:
            code = services.issue_enrolment_code(None, user=user, by=None)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"Koppelcode voor {user.username}: {code}\n"
            f"Geldig {services.enrolment_code_hours()} uur, één keer te gebruiken. Een eventuele eerdere "
            "authenticator-app van dit account is ontkoppeld."
        )
