"""Remove erop-af contacts past their retention term (OUTREACH_CONTACT_RETENTION_DAYS, default 365)."""

from typing import Any

from django.core.management.base import BaseCommand

from outreach.services import remove_old_contacts, retention_days


class Command(BaseCommand):
    help = "Verwijdert erop-af-contacten die ouder zijn dan de bewaartermijn."

    def handle(self, *args: Any, **options: Any) -> None:
        removed = remove_old_contacts()
        self.stdout.write(f"{removed} erop-af-contacten verwijderd (ouder dan {retention_days()} dagen).")
