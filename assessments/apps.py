from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Onderzoek en zelfredzaamheid")

    def ready(self) -> None:
        from assessments.models import Onderzoek, PersoonlijkPlan, Score
        from dossiers import policy
        from dossiers.sections import Section

        policy.register(Onderzoek, object_type="onderzoek", owner="dossier", section=Section.ONDERZOEK)
        policy.register(Score, object_type="zrm-score", owner="dossier", section=Section.ONDERZOEK)
        policy.register(PersoonlijkPlan, object_type="persoonlijk_plan", owner="dossier", section=Section.ONDERZOEK)
        from assessments.records import HOLDINGS
        from dossiers import records

        # What it holds, for the inzage export and destruction (dossiers/records.py).
        records.register(HOLDINGS)

        from assessments.dossier_parts import PART
        from dossiers import parts

        # Its part of the dossier page (dossiers/parts.py).
        parts.register(PART)
