from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("Erop af en informatiepunt")

    def ready(self) -> None:
        from dossiers import origins
        from dossiers.models import Route
        from outreach.origins import ORIGIN

        # "Maak er een melding van": the melding form takes ?route=outreach&van=<contact id> (dossiers.origins).
        origins.register(Route.OUTREACH, ORIGIN)
