"""A plan of a given size, for tests that count queries as plans grow."""

from assessments.models import Instrument
from dossiers.models import Dossier
from organisation.models import Team
from plans.models import Actie, Doel, Plan, Uitvoerder
from testsupport.factories import dossier_for


def plan_with(team: Team, goals: int, actions_per_goal: int, uitvoerder: str = Uitvoerder.WIJKTEAM) -> Dossier:
    """A dossier whose plan has `goals` goals (over the default instrument's domains) of `actions_per_goal` each."""
    dossier = dossier_for(team)
    plan = Plan.objects.create(dossier=dossier)
    domains = list(Instrument.objects.get(is_default=True).domains.all())
    member = dossier.huishouden.members.first()
    for index in range(goals):
        doel = Doel.objects.create(plan=plan, description=f"Doel {index}", domain=domains[index % len(domains)])
        doel.persons.add(member)
        for number in range(actions_per_goal):
            Actie.objects.create(doel=doel, description=f"Actie {number}", uitvoerder=uitvoerder)
    return dossier
