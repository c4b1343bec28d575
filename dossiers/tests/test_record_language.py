"""The timeline is the municipality's record: written in Dutch when the staff member works in English (ADR 0016).

Each test does the work with English active (translation.override("en"), as the language switch does) and reads
what was stored. The first test checks the English catalogue is really in use, so the others prove something.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from dossiers.models import Dossier, DossierDeadline, Melding, Regime, Route, TimelineEvent, Urgency
from dossiers.services import (
    NewMelding,
    assign_regisseur,
    change_status,
    mark_term_met_by_hand,
    postpone_deadline,
    register_melding,
    requalify_melding,
    start_deadline,
)
from dossiers.suspensions import end_suspension, suspend_deadline
from dossiers.transitions import CloseReason, Status
from testsupport.factories import InwonerFactory, dossier_for, household_with

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
TODAY = timezone.localdate


def _summaries(dossier: Dossier, kind: str | None = None) -> list[str]:
    events = TimelineEvent.objects.filter(dossier=dossier).order_by("at", "pk")
    if kind is not None:
        events = events.filter(kind=kind)
    return list(events.values_list("summary", flat=True))


def _dutch(day: date) -> str:
    with translation.override("nl"):
        return date_format(day)


def _register_in_english(team, generalist, route: str = Route.HUISARTS, received: datetime | None = None) -> Melding:
    inwoner = InwonerFactory()
    with translation.override("en"):
        return register_melding(
            actor=generalist,
            team=team,
            inwoner=inwoner,
            huishouden=household_with(inwoner),
            melding=NewMelding(
                route=route,
                description="Zorgen om zelfstandig wonen",
                urgency=Urgency.NORMAAL,
                received_at=received or datetime(2026, 2, 20, 10, 0, tzinfo=AMS),
            ),
        )


def test_the_english_catalogue_is_in_use_while_these_tests_work_in_english() -> None:
    with translation.override("en"):
        assert gettext("Opgepakt in triage") == "Picked up in triage"
        assert date_format(date(2026, 11, 30)) == "30 November 2026"


def test_a_melding_registered_in_english_is_on_the_timeline_in_dutch(team, generalist) -> None:
    melding = _register_in_english(team, generalist)

    summaries = _summaries(melding.dossier)
    assert summaries[0] == "Melding ontvangen via Huisarts (Wmo 2015)"
    assert "Termijn gestart: Onderzoek na melding, uiterlijk 7 april 2026" in summaries


def test_assigning_a_regisseur_in_english_writes_dutch_and_the_status_reason_too(team, generalist, colleague) -> None:
    melding = _register_in_english(team, generalist)

    with translation.override("en"):
        assign_regisseur(melding.dossier, generalist, actor=generalist, colleague=colleague)

    assignment = TimelineEvent.objects.get(dossier=melding.dossier, kind=TimelineEvent.Kind.TOEWIJZING)
    assert assignment.summary == f"Regisseur: {generalist} (met {colleague})"
    status = TimelineEvent.objects.get(dossier=melding.dossier, kind=TimelineEvent.Kind.STATUS)
    assert (status.summary, status.reason) == ("Status: Aangemeld → In triage", "Opgepakt in triage")


def test_closing_in_english_writes_the_status_change_in_dutch(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)

    with translation.override("en"):
        change_status(dossier, Status.AFGESLOTEN, actor=generalist, close_reason=CloseReason.DOELEN_BEREIKT)

    assert _summaries(dossier, TimelineEvent.Kind.STATUS) == ["Status: Uitvoering → Afgesloten"]


def test_requalifying_in_english_writes_the_old_and_new_law_and_the_lapsed_terms_in_dutch(team, generalist) -> None:
    melding = _register_in_english(team, generalist, received=timezone.now() - timedelta(days=3))

    with translation.override("en"):
        requalify_melding(melding, regime=Regime.JEUGDWET, on=TODAY(), reason="Het gaat om het kind.", actor=generalist)

    summaries = _summaries(melding.dossier)
    assert "Melding geherkwalificeerd: Wmo 2015 → Jeugdwet" in summaries
    assert "Termijn vervallen: Onderzoek na melding" in summaries
    lapsed = DossierDeadline.objects.get(dossier=melding.dossier, term_code="WMO_ONDERZOEK")
    assert lapsed.cancel_reason == "Melding geherkwalificeerd: Wmo 2015 → Jeugdwet. Het gaat om het kind."


def test_marking_the_contact_norm_met_in_english_writes_dutch_with_a_dutch_date(team, generalist) -> None:
    melding = _register_in_english(team, generalist, route=Route.SCHOOL, received=timezone.now() - timedelta(days=2))
    term = DossierDeadline.objects.get(melding=melding, term_code="NORM_CONTACT")

    with translation.override("en"):
        mark_term_met_by_hand(term, on=TODAY(), how="telefoon", actor=generalist, basis="regisseur")

    assert f"Contact gelegd per telefoon op {_dutch(TODAY())}: {term.label} gehaald" in _summaries(melding.dossier)


def test_suspending_and_postponing_in_english_write_dutch(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    received = TODAY() - timedelta(days=30)
    start = received + timedelta(days=5)
    end = received + timedelta(days=12)
    deadline = start_deadline(dossier, "AWB_BESCHIKKING", received, generalist)

    with translation.override("en"):
        suspend_deadline(deadline, generalist, ground="aanvulling", start=start)
        end_suspension(deadline, generalist, end=end)
        postpone_deadline(deadline, 6, "Advies nodig", generalist)

    summaries = _summaries(dossier, TimelineEvent.Kind.TERMIJN)
    assert any(summary.startswith(f"Termijn opgeschort sinds {_dutch(start)}: ") for summary in summaries)
    assert any(summary.startswith(f"Opschorting beëindigd op {_dutch(end)} (7 dagen): ") for summary in summaries)
    assert any(summary.startswith("Termijn verdaagd: ") for summary in summaries)


def test_a_terms_name_shows_in_the_screens_language_while_the_record_keeps_the_dutch_one() -> None:
    from deadlines.terms import TERMS
    from dossiers.models import DossierDeadline

    term = TERMS["WMO_ONDERZOEK"]
    deadline = DossierDeadline(term_code="WMO_ONDERZOEK", label=term.label)
    with translation.override("en"):
        assert deadline.display_label != term.label
        assert deadline.display_label == translation.gettext(term.label)
    assert deadline.display_label == term.label
    renamed = DossierDeadline(term_code="WMO_ONDERZOEK", label="Onderzoek na melding (eigen omschrijving)")
    with translation.override("en"):
        assert renamed.display_label == renamed.label
