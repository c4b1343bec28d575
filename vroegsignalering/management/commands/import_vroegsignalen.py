"""``manage.py import_vroegsignalen``: read every batch file in the drop folder (VROEGSIGNALEN_INBOX).

One line per file: its name, ``verwerkt`` or ``geweigerd`` and the counts (or why the file was refused). The
job ``vroegsignalering.import_drop_folder`` does the same every few minutes when a Celery beat runs.
"""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from vroegsignalering.intake_folder import import_folder, inbox


class Command(BaseCommand):
    help = "Leest de bestanden met vroegsignalen in de importmap in en verplaatst ze naar verwerkt/ of geweigerd/."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--map", help="Een andere map dan VROEGSIGNALEN_INBOX.")
        parser.add_argument("--als", help="Gebruikersnaam van de beheerder namens wie wordt ingelezen.")

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(options["map"]) if options.get("map") else inbox()
        if not folder.is_dir():
            raise CommandError(f"De importmap {folder} bestaat niet.")
        actor = None
        if options.get("als"):
            actor = User.objects.filter(username=options["als"], is_active=True).first()
            if actor is None:
                raise CommandError(f"Geen actieve gebruiker {options['als']!r}.")
        run = import_folder(folder, actor)
        for batch in run.imported:
            if batch.refused:
                self.stdout.write(f"{batch.filename}  geweigerd  {batch.file_error}")
            else:
                self.stdout.write(
                    f"{batch.filename}  verwerkt  {batch.rows_accepted} opgenomen, {batch.rows_unchanged} al eerder "
                    f"ontvangen, {batch.rows_rejected} geweigerd"
                )
        for name in run.refused_unread:
            self.stdout.write(f"{name!r}  geweigerd  geen gewoon bestand in de importmap")
