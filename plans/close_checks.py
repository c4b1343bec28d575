"""What the plan still has open when a dossier is about to be closed (dossiers.parts.register_close_check)."""

from django.utils.translation import ngettext

from dossiers.models import Dossier
from plans.models import Actie, ActieStatus, Doel, DoelStatus


def open_goals_and_actions(dossier: Dossier) -> list[str]:
    goals = Doel.objects.filter(plan__dossier=dossier, status__in=[DoelStatus.OPEN, DoelStatus.BEZIG]).count()
    actions = Actie.objects.filter(
        doel__plan__dossier=dossier, status__in=[ActieStatus.OPEN, ActieStatus.BEZIG]
    ).count()
    warnings = []
    if goals:
        warnings.append(
            ngettext("%(n)d doel is nog niet afgerond.", "%(n)d doelen zijn nog niet afgerond.", goals) % {"n": goals}
        )
    if actions:
        warnings.append(
            ngettext("%(n)d actie staat nog open.", "%(n)d acties staan nog open.", actions) % {"n": actions}
        )
    return warnings
