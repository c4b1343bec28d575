"""``manage.py audit_seal``: seal the access log now (what the job ``audit.seal_access_log`` does every 5 minutes).

Useful right before ``audit_verify`` in the nightly check (docs/operations.md), so the hash kept
outside the system covers the log up to that moment, and where no scheduler runs (``make run``).
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from audit.services import seal_log


class Command(BaseCommand):
    help = "Verzegelt het toegangslog: per baan de laatste regel, de hash en het aantal regels."

    def handle(self, *args: Any, **options: Any) -> None:
        seal = seal_log()
        if seal is None:
            self.stdout.write("Niets nieuws sinds de vorige verzegeling.")
            return
        covered = sum(int(tip["count"]) for tip in seal.lanes.values())
        when = timezone.localtime(seal.at).strftime("%d-%m-%Y %H:%M:%S")
        self.stdout.write(
            f"Verzegeling #{seal.pk} van {when}: {covered} regels in {len(seal.lanes)} banen, hash {seal.seal_hash}"
        )
