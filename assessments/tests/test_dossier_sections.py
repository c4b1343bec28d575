"""The onderzoek and ZRM sections of the dossier page cost the same queries for any household."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Instrument, Onderzoek, Score
from assessments.selectors import dossier_sections
from dossiers.models import Dossier
from dossiers.transitions import Status
from residents.models import HuishoudenLid, LidRol
from testsupport.factories import InwonerFactory, dossier_for


def _household_with_scores(team, assessor, members: int, scores_per_member: int) -> Dossier:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=assessor)
    for _ in range(members - 1):
        HuishoudenLid.objects.create(huishouden=dossier.huishouden, inwoner=InwonerFactory(), rol=LidRol.KIND)
    domains = list(Instrument.objects.get(is_default=True).domains.all())
    onderzoek = Onderzoek.objects.create(dossier=dossier)
    onderzoek.participants.add(assessor)
    for inwoner in dossier.huishouden.members.all():
        for index in range(scores_per_member):
            Score.objects.create(
                inwoner=inwoner,
                dossier=dossier,
                domain=domains[index % len(domains)],
                level=index % 5 + 1,
                assessed_on=date(2025, 1, 1) + timedelta(days=index),
                assessor=assessor,
            )
    return dossier


def _queries(dossier: Dossier) -> int:
    dossier = Dossier.objects.get(pk=dossier.pk)
    with CaptureQueriesContext(connection) as captured:
        sections = dossier_sections(dossier)
        for row in sections["zrm_grid"]:
            for cell in row.cells:
                _ = (cell.latest and cell.latest.assessor, cell.domain.name, cell.change)
            _ = [score.domain.name for score in row.history]
        if sections["onderzoek"]:
            _ = list(sections["onderzoek"].participants.all())
    return len(captured)


def test_dossier_sections_use_a_constant_number_of_queries(team, generalist):
    small = _household_with_scores(team, generalist, members=1, scores_per_member=2)
    large = _household_with_scores(team, generalist, members=4, scores_per_member=10)

    assert _queries(small) == _queries(large)


def test_the_grid_has_a_row_per_member_and_a_cell_per_domain_of_the_instrument(team, generalist):
    dossier = _household_with_scores(team, generalist, members=3, scores_per_member=0)

    sections = dossier_sections(dossier)

    domain_count = Instrument.objects.get(is_default=True).domains.count()
    assert len(sections["zrm_grid"]) == 3
    assert all(len(row.cells) == domain_count for row in sections["zrm_grid"])
    assert len(sections["zrm_by_domain"]) == domain_count
