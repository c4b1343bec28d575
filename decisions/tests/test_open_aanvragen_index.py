"""The besluiten worklist finds the open aanvragen through their own partial index, not by reading all of them."""

from django.db import connection

from decisions.models import AanvraagStatus
from decisions.selectors import _worklist_aanvragen
from dossiers.transitions import Status
from testsupport.decision_factories import aanvraag_for
from testsupport.factories import dossier_for


def test_open_aanvragen_are_read_from_their_partial_index(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    for _ in range(5):
        aanvraag_for(dossier, status=AanvraagStatus.BESLOTEN)
    aanvraag_for(dossier)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
        plan = _worklist_aanvragen()[:200].explain()
    assert "aanvraag_open_received" in plan
