"""The plan section of the dossier page costs the same queries however many goals and actions."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Instrument
from dossiers.models import Dossier
from plans.models import Actie, Doel, Plan, Uitvoerder
from plans.selectors import dossier_sections
from testsupport.factories import dossier_for


def _plan_with(team, goals: int, actions_per_goal: int) -> Dossier:
    dossier = dossier_for(team)
    plan = Plan.objects.create(dossier=dossier)
    domains = list(Instrument.objects.get(is_default=True).domains.all())
    member = dossier.huishouden.members.first()
    for index in range(goals):
        doel = Doel.objects.create(plan=plan, description=f"Doel {index}", domain=domains[index % len(domains)])
        doel.persons.add(member)
        for number in range(actions_per_goal):
            Actie.objects.create(doel=doel, description=f"Actie {number}", uitvoerder=Uitvoerder.WIJKTEAM)
    return dossier


def _queries(dossier: Dossier) -> int:
    dossier = Dossier.objects.get(pk=dossier.pk)
    with CaptureQueriesContext(connection) as captured:
        sections = dossier_sections(dossier)
        for doel in sections["plan_doelen"]:
            _ = (doel.domain and doel.domain.name, list(doel.persons.all()), list(doel.acties.all()))
    return len(captured)


def test_dossier_sections_use_a_constant_number_of_queries(team):
    assert _queries(_plan_with(team, goals=1, actions_per_goal=1)) == _queries(
        _plan_with(team, goals=8, actions_per_goal=5)
    )
