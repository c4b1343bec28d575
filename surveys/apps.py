from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Cliëntervaringsonderzoek")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from dossiers.models import TimelineEvent
        from surveys.signals import invite_on_timeline_event

        post_save.connect(invite_on_timeline_event, sender=TimelineEvent, dispatch_uid="surveys_invite")
