"""Clear the note and the melding link of erop-af contacts past their term (OUTREACH_CONTACT_RETENTION_DAYS, 365)."""

from typing import Any

from django.core.management.base import BaseCommand

from outreach.services import clear_old_contacts, retention_days


class Command(BaseCommand):
    help = "Wist notitie en meldingkoppeling van erop-af-contacten die ouder zijn dan de bewaartermijn."

    def handle(self, *args: Any, **options: Any) -> None:
        removed = clear_old_contacts()
        self.stdout.write(f"{removed} erop-af-contacten opgeschoond (ouder dan {retention_days()} dagen).")
