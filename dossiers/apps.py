from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = _("Dossiers")

    def ready(self) -> None:
        from dossiers import dossier_parts, policy
        from dossiers.models import DossierDeadline, Involvement, Melding, TimelineEvent
        from dossiers.sections import Section

        policy.register(Melding, object_type="melding", owner="dossier", section=Section.MELDINGEN)
        policy.register(DossierDeadline, object_type="termijn", owner="dossier", section=Section.MELDINGEN)
        policy.register(TimelineEvent, object_type="tijdlijn", owner="dossier", section=Section.TIJDLIJN)
        # Who is involved is about the whole dossier.
        policy.register(Involvement, object_type="betrokkenheid", owner="dossier", section=None)
        dossier_parts.register()
