"""The outcome ladder on closing: read from the records where they show it, asked of the regisseur only where
they do not (docs/monitor.md indicator 5)."""

from django.urls import reverse

from assessments.models import Onderzoek
from catalogue.codes import Law
from dossiers.models import Dossier
from dossiers.outcome import OutcomeStep, derived_step, step_from
from dossiers.services import change_status
from dossiers.tests.views_support import logged_in
from dossiers.transitions import CloseReason, Status
from plans.models import Actie, Doel, Plan
from testsupport.decision_factories import VoorzieningFactory, aanvraag_for, sent_beschikking
from testsupport.factories import dossier_for


def _url(dossier: Dossier) -> str:
    return reverse("dossiers:afsluiten", args=[dossier.pk])


def _action(dossier: Dossier, uitvoerder: str, status: str = "open") -> None:
    plan, _created = Plan.objects.get_or_create(dossier=dossier)
    doel = Doel.objects.create(plan=plan, description="Weer zelf boodschappen doen")
    Actie.objects.create(doel=doel, description="Samen naar de winkel", uitvoerder=uitvoerder, status=status)


def _granted(dossier: Dossier, law: str) -> None:
    sent_beschikking(aanvraag_for(dossier, VoorzieningFactory(law=law), law=law))


def test_the_ladder_takes_the_highest_step_the_records_show() -> None:
    assert step_from(CloseReason.OVERGEDRAGEN, {"wmo"}, True, True) == OutcomeStep.OVERGEDRAGEN
    assert step_from(CloseReason.DOELEN_BEREIKT, {"jeugdwet"}, True, True) == OutcomeStep.MAATWERK_JEUGDWET
    assert step_from(CloseReason.DOELEN_BEREIKT, {"wmo", "jeugdwet"}, False, False) == OutcomeStep.MAATWERK_MEER_WETTEN
    assert step_from(CloseReason.DOELEN_BEREIKT, set(), True, True) == OutcomeStep.ALGEMENE_VOORZIENING
    assert step_from(CloseReason.DOELEN_BEREIKT, set(), False, True) == OutcomeStep.NETWERK
    assert step_from(CloseReason.DOELEN_BEREIKT, set(), False, False, own_strength=True) == OutcomeStep.EIGEN_KRACHT
    assert step_from(CloseReason.DOELEN_BEREIKT, set(), False, False) is None


def test_the_onderzoek_outcome_says_the_step_when_no_decision_or_action_does(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    Onderzoek.objects.create(dossier=dossier, outcome="zelf")
    assert derived_step(dossier.pk, CloseReason.DOELEN_BEREIKT) == OutcomeStep.EIGEN_KRACHT
    _action(dossier, "algemene_voorziening")
    assert derived_step(dossier.pk, CloseReason.DOELEN_BEREIKT) == OutcomeStep.ALGEMENE_VOORZIENING


def test_a_granted_beschikking_makes_it_maatwerk_under_its_law(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    _granted(dossier, Law.PARTICIPATIEWET)
    _action(dossier, "netwerk")
    assert derived_step(dossier.pk, CloseReason.DOELEN_BEREIKT) == OutcomeStep.MAATWERK_PARTICIPATIEWET


def test_a_dropped_network_action_says_nothing(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    _action(dossier, "netwerk", status="vervallen")
    _action(dossier, "huishouden")
    assert derived_step(dossier.pk, CloseReason.DOELEN_BEREIKT) is None


def test_closing_stores_the_step_the_records_show_over_what_was_said(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    _action(dossier, "vrijwilliger")
    change_status(
        dossier,
        Status.AFGESLOTEN,
        actor=generalist,
        close_reason=CloseReason.DOELEN_BEREIKT,
        outcome_step=OutcomeStep.EIGEN_KRACHT,
    )
    dossier.refresh_from_db()
    assert dossier.outcome_step == OutcomeStep.NETWERK


def test_reopening_clears_the_step(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    change_status(dossier, Status.AFGESLOTEN, actor=generalist, close_reason=CloseReason.OVERGEDRAGEN)
    dossier.refresh_from_db()
    assert dossier.outcome_step == OutcomeStep.OVERGEDRAGEN
    change_status(dossier, Status.HEROPEND, actor=generalist)
    dossier.refresh_from_db()
    assert dossier.outcome_step == ""


def test_the_close_page_asks_for_the_step_when_the_records_say_nothing(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    client = logged_in(generalist)
    page = client.get(_url(dossier)).content.decode()
    assert "Wat was de hoogste hulp die het huishouden kreeg?" in page
    response = client.post(_url(dossier), {"close_reason": CloseReason.DOELEN_BEREIKT, "reason": ""})
    assert response.status_code == 400
    assert "Kies de hoogste hulp die het huishouden kreeg." in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Status.UITVOERING
    client.post(_url(dossier), {"close_reason": CloseReason.DOELEN_BEREIKT, "outcome_step": "eigen_kracht"})
    dossier.refresh_from_db()
    assert dossier.status == Status.AFGESLOTEN and dossier.outcome_step == OutcomeStep.EIGEN_KRACHT


def test_a_handover_needs_no_step_from_the_regisseur(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    logged_in(generalist).post(_url(dossier), {"close_reason": CloseReason.OVERGEDRAGEN})
    dossier.refresh_from_db()
    assert dossier.status == Status.AFGESLOTEN and dossier.outcome_step == OutcomeStep.OVERGEDRAGEN


def test_the_close_page_shows_the_step_the_records_give_and_does_not_ask(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    _granted(dossier, Law.WMO)
    client = logged_in(generalist)
    page = client.get(_url(dossier)).content.decode()
    assert "Wat was de hoogste hulp" not in page and "volgens het dossier: Maatwerk onder de Wmo" in page
    client.post(_url(dossier), {"close_reason": CloseReason.DOELEN_BEREIKT})
    dossier.refresh_from_db()
    assert dossier.outcome_step == OutcomeStep.MAATWERK_WMO
