from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = "Dossiers"

    def ready(self) -> None:
        from dossiers import policy
        from dossiers.models import Melding
        from dossiers.sections import Section

        policy.register(Melding, object_type="melding", owner="dossier", section=Section.MELDINGEN)
