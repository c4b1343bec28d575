"""The plan section of the dossier page costs the same queries however many goals and actions."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dossiers.models import Dossier
from plans.selectors import dossier_sections
from plans.tests.support import plan_with


def _queries(dossier: Dossier) -> int:
    dossier = Dossier.objects.get(pk=dossier.pk)
    with CaptureQueriesContext(connection) as captured:
        sections = dossier_sections(dossier)
        for doel in sections["plan_doelen"]:
            _ = (doel.domain and doel.domain.name, list(doel.persons.all()), list(doel.acties.all()))
    return len(captured)


def test_dossier_sections_use_a_constant_number_of_queries(team):
    assert _queries(plan_with(team, goals=1, actions_per_goal=1)) == _queries(
        plan_with(team, goals=8, actions_per_goal=5)
    )
