from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = _("Aanvragen, beschikkingen en bezwaar")

    def ready(self) -> None:
        from decisions.models import (
            Aanvraag,
            Beschikking,
            Bezwaar,
            BudgetSpend,
            Letter,
            OtherLawIndication,
        )
        from dossiers import policy
        from dossiers.sections import Section

        besluiten = Section.BESLUITEN
        policy.register(Aanvraag, object_type="aanvraag", owner="dossier", section=besluiten)
        policy.register(Beschikking, object_type="beschikking", owner="aanvraag__dossier", section=besluiten)
        policy.register(Bezwaar, object_type="bezwaar", owner="beschikking__aanvraag__dossier", section=besluiten)
        policy.register(Letter, object_type="brief", owner="beschikking__aanvraag__dossier", section=besluiten)
        policy.register(OtherLawIndication, object_type="indicatie", owner="dossier", section=besluiten)
        policy.register(BudgetSpend, object_type="budgetbesteding", owner="dossier", section=besluiten)
        from decisions.records import HOLDINGS
        from dossiers import records

        # What it holds, for the inzage export and destruction (dossiers/records.py).
        records.register(HOLDINGS)

        from decisions.dossier_parts import PART
        from dossiers import parts

        # Its part of the dossier page (dossiers/parts.py).
        parts.register(PART)
        from decisions.close_checks import undecided

        parts.register_close_check("decisions", undecided)
