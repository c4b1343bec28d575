from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = _("Berichten tussen inwoner en regisseur")

    def ready(self) -> None:
        from dossiers import policy
        from dossiers.sections import Section
        from messaging.models import Message

        policy.register(Message, object_type="bericht", owner="dossier", section=Section.TIJDLIJN)
        from dossiers import records
        from messaging.records import HOLDINGS

        # What it holds, for the inzage export and destruction (dossiers/records.py).
        records.register(HOLDINGS)
        from dossiers import parts
        from messaging.dossier_parts import PART, unread_badges

        # Its part of the dossier page, and the unread count on the worklist (dossiers/parts.py).
        parts.register(PART)
        parts.register_worklist_badges("messaging", unread_badges)
