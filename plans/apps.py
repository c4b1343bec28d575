from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Plannen")

    def ready(self) -> None:
        from dossiers import parts
        from plans.dossier_parts import PART

        parts.register(PART)
        from dossiers import policy
        from dossiers.sections import Section
        from plans.models import Actie, Doel, Plan, PlanComment

        policy.register(Plan, object_type="plan", owner="dossier", section=Section.PLAN)
        policy.register(Doel, object_type="doel", owner="plan__dossier", section=Section.PLAN)
        policy.register(Actie, object_type="actie", owner="doel__plan__dossier", section=Section.PLAN)
        policy.register(PlanComment, object_type="planreactie", owner="plan__dossier", section=Section.PLAN)
        from dossiers import records
        from plans.records import HOLDINGS

        # What it holds, for the inzage export and destruction (dossiers/records.py).
        records.register(HOLDINGS)

        from dossiers import parts
        from plans.dossier_parts import PART

        # Its part of the dossier page (dossiers/parts.py).
        parts.register(PART)
        from plans.close_checks import open_goals_and_actions

        parts.register_close_check("plans", open_goals_and_actions)
