"""Each Wmo melding's onderzoek term belongs to that melding, and a term is met only by work done after it
started (Wmo 2015 art. 2.3.2 lid 1)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils.formats import date_format

from dossiers.models import DossierDeadline, Route, Urgency
from dossiers.services import DeadlineNotMet, NewMelding, mark_deadline_met, register_melding
from testsupport.factories import InwonerFactory, household_with

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def melding(team, generalist):
    inwoner = InwonerFactory()
    return register_melding(
        actor=generalist,
        team=team,
        inwoner=inwoner,
        huishouden=household_with(inwoner),
        melding=NewMelding(
            route=Route.ZELFMELDER,
            description="Vraagt hulp",
            urgency=Urgency.NORMAAL,
            received_at=datetime(2026, 2, 20, 10, 0, tzinfo=AMS),
        ),
    )


def test_a_wmo_melding_links_its_onderzoek_and_persoonlijk_plan_terms_to_itself(melding) -> None:
    terms = DossierDeadline.objects.filter(dossier=melding.dossier)

    assert {term.term_code for term in terms.filter(melding=melding)} == {"WMO_ONDERZOEK", "WMO_PERSOONLIJK_PLAN"}


def test_mark_deadline_met_refuses_a_date_before_the_term_started(melding, generalist) -> None:
    with pytest.raises(DeadlineNotMet, match=f"begon op {date_format(date(2026, 2, 20))}"):
        mark_deadline_met(melding.dossier, "WMO_ONDERZOEK", date(2026, 2, 19), generalist)

    assert DossierDeadline.objects.get(melding=melding, term_code="WMO_ONDERZOEK").met_on is None


def test_mark_deadline_met_for_some_meldingen_meets_only_their_terms(melding, generalist) -> None:
    assert mark_deadline_met(melding.dossier, "WMO_ONDERZOEK", date(2026, 3, 2), generalist, meldingen=[]) == 0
    assert mark_deadline_met(melding.dossier, "WMO_ONDERZOEK", date(2026, 3, 2), generalist, meldingen=[melding]) == 1
    assert DossierDeadline.objects.get(melding=melding, term_code="WMO_ONDERZOEK").met_on == date(2026, 3, 2)
