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

        from dossiers import policy, records
        from dossiers.sections import Section
        from surveys.models import Invitation
        from surveys.records import HOLDINGS

        # An invitation belongs to its dossier (dossiers.policy); the person's invitations are in their inzage export
        # and go with the dossier (dossiers.records). The answers belong to nobody: they are neither.
        policy.register(Invitation, object_type="vragenlijst", owner="dossier", section=Section.HUISHOUDEN)
        records.register(HOLDINGS)
