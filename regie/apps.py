from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegieConfig(AppConfig):
    name = "regie"
    verbose_name = _("Opschalen naar een regieteam")

    def ready(self) -> None:
        from dossiers import parts, policy, records
        from regie.dossier_parts import PART, open_escalation
        from regie.models import Escalation, Handover
        from regie.records import HOLDINGS

        # An escalation and a handover belong to their dossier and are about the whole of it: only full access
        # manages them (dossiers.policy). The regieteam reads them through regie.selectors.get_escalation.
        policy.register(Escalation, object_type="opschaling", owner="dossier", section=None)
        policy.register(Handover, object_type="regieoverdracht", owner="dossier", section=None)
        records.register(HOLDINGS)
        parts.register(PART)
        parts.register_close_check("regie", open_escalation)
