"""Remove the partner API's stored idempotent answers older than the retention (24 hours; docs/api.md)."""

from typing import Any

from django.core.management.base import BaseCommand

from partnerapi.services import clear_expired_answers


class Command(BaseCommand):
    help = "Verwijdert de bewaarde antwoorden op herhaalbare API-verzoeken die ouder zijn dan 24 uur."

    def handle(self, *args: Any, **options: Any) -> None:
        removed = clear_expired_answers()
        self.stdout.write(f"{removed} bewaarde antwoorden verwijderd.")
