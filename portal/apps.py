from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Mijn Wijkteam (portaal voor inwoners)")

    def ready(self) -> None:
        from dossiers import records
        from portal.records import HOLDINGS

        # What it holds about a person, for the inzage export (dossiers/records.py).
        records.register(HOLDINGS)
