from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from accounts.models import Role
from assessments.models import Onderzoek, Outcome
from audit.models import AccessAction, AccessLogEntry
from dossiers.models import Dossier, DossierDeadline, Involvement, Route, TimelineEvent, Urgency
from dossiers.services import (
    NewMelding,
    TransitionNotAllowed,
    assign_regisseur,
    change_status,
    register_melding,
)
from dossiers.transitions import CloseReason, Status
from plans.models import Plan
from testsupport.factories import InwonerFactory, UserFactory, dossier_for, household_with

AMS = ZoneInfo("Europe/Amsterdam")


def _melding(received: datetime, *, regime: str = "") -> NewMelding:
    """A GP's referral: by default a Wmo melding (dossiers/regimes.py)."""
    return NewMelding(
        route=Route.HUISARTS,
        description="Zorgen om zelfstandig wonen",
        urgency=Urgency.NORMAAL,
        received_at=received,
        reporter_name="Dr. Bakker",
        regime=regime,
    )


@pytest.fixture
def registered(team, generalist):
    inwoner = InwonerFactory()
    huishouden = household_with(inwoner)
    return register_melding(
        actor=generalist,
        team=team,
        inwoner=inwoner,
        huishouden=huishouden,
        melding=_melding(datetime(2026, 2, 20, 10, 0, tzinfo=AMS)),
    )


def test_wmo_melding_starts_onderzoek_term_ending_after_easter(registered) -> None:
    # 20 Feb 2026 + 6 weeks = Friday 3 April 2026 (Goede Vrijdag) -> Tuesday 7 April (after Tweede Paasdag).
    deadline = DossierDeadline.objects.get(dossier=registered.dossier, term_code="WMO_ONDERZOEK")
    assert deadline.due == date(2026, 4, 7)
    assert any("Goede Vrijdag" in line for line in deadline.adjustments)


def test_wmo_melding_starts_persoonlijk_plan_term_of_seven_days(registered) -> None:
    deadline = DossierDeadline.objects.get(dossier=registered.dossier, term_code="WMO_PERSOONLIJK_PLAN")
    assert deadline.due == date(2026, 2, 27)


def test_next_deadline_on_dossier_is_the_earliest_open_term(registered) -> None:
    registered.dossier.refresh_from_db()
    assert registered.dossier.next_deadline == date(2026, 2, 27)


def test_a_second_wmo_melding_joins_the_open_dossier_with_its_own_terms(team, generalist, registered) -> None:
    second = register_melding(
        actor=generalist,
        team=team,
        inwoner=registered.inwoner,
        huishouden=registered.dossier.huishouden,
        melding=_melding(datetime(2026, 3, 1, 9, 0, tzinfo=AMS)),
    )
    assert second.dossier_id == registered.dossier_id
    terms = DossierDeadline.objects.filter(dossier=registered.dossier, term_code="WMO_ONDERZOEK").order_by("start")
    assert [term.melding_id for term in terms] == [registered.pk, second.pk]  # Wmo 2.3.2 lid 1: per melding


def test_registration_writes_timeline_and_audit(registered) -> None:
    assert TimelineEvent.objects.filter(dossier=registered.dossier, kind=TimelineEvent.Kind.MELDING).exists()
    assert AccessLogEntry.objects.filter(dossier_id=registered.dossier_id, action=AccessAction.CREATE).exists()


def test_assigning_a_regisseur_involves_them_and_moves_to_triage(team, generalist, colleague, registered) -> None:
    dossier = assign_regisseur(registered.dossier, generalist, actor=generalist, colleague=colleague)
    assert dossier.status == Status.IN_TRIAGE
    roles = set(Involvement.objects.filter(dossier=dossier).values_list("user_id", "role"))
    assert roles == {(generalist.pk, "regisseur"), (colleague.pk, "collega")}


def test_new_regisseur_ends_the_previous_regisseurs_involvement(team, generalist, colleague, registered) -> None:
    assign_regisseur(registered.dossier, generalist, actor=generalist)
    assign_regisseur(registered.dossier, colleague, actor=generalist)
    old = Involvement.objects.get(dossier=registered.dossier, user=generalist)
    assert old.end is not None


def test_policy_advisor_cannot_be_regisseur(team, generalist, registered) -> None:
    with pytest.raises(Exception, match="regisseur"):
        assign_regisseur(registered.dossier, UserFactory(role=Role.BELEIDSMEDEWERKER), actor=generalist)


def test_invalid_step_is_refused_with_dutch_message_and_changes_nothing(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_TRIAGE, regisseur=generalist)
    with pytest.raises(TransitionNotAllowed, match="geen toegestane stap"):
        change_status(dossier, Status.UITVOERING, actor=generalist)
    dossier.refresh_from_db()
    assert dossier.status == Status.IN_TRIAGE
    assert not TimelineEvent.objects.filter(dossier=dossier).exists()


def test_onderzoek_needs_a_regisseur(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_TRIAGE)
    with pytest.raises(TransitionNotAllowed, match="regisseur"):
        change_status(dossier, Status.IN_ONDERZOEK, actor=generalist)


def test_plan_needs_a_completed_onderzoek(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    with pytest.raises(TransitionNotAllowed, match="onderzoek"):
        change_status(dossier, Status.PLAN, actor=generalist)
    Onderzoek.objects.create(dossier=dossier, outcome=Outcome.NETWERK, verslag="x", completed_on=date(2026, 3, 1))
    assert change_status(dossier, Status.PLAN, actor=generalist).status == Status.PLAN


def test_uitvoering_needs_a_plan_agreed_by_the_household(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.PLAN, regisseur=generalist)
    plan = Plan.objects.create(dossier=dossier)
    with pytest.raises(TransitionNotAllowed, match="akkoord"):
        change_status(dossier, Status.UITVOERING, actor=generalist)
    plan.agreed_on = date(2026, 3, 10)
    plan.save()
    assert change_status(dossier, Status.UITVOERING, actor=generalist).status == Status.UITVOERING


def test_closing_requires_a_reason(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    with pytest.raises(TransitionNotAllowed, match="reden"):
        change_status(dossier, Status.AFGESLOTEN, actor=generalist)
    assert Dossier.objects.get(pk=dossier.pk).status == Status.UITVOERING


def test_closing_ends_all_involvement_and_records_the_reason(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    closed = change_status(
        dossier, Status.AFGESLOTEN, actor=generalist, close_reason=CloseReason.DOELEN_BEREIKT, reason="Alles loopt"
    )
    assert closed.close_reason == CloseReason.DOELEN_BEREIKT
    assert closed.next_deadline is None
    assert not Involvement.objects.filter(dossier=dossier, end__isnull=True).exists()
    event = TimelineEvent.objects.get(dossier=dossier, kind=TimelineEvent.Kind.STATUS)
    assert event.actor == generalist and event.reason == "Alles loopt"


def test_a_closed_dossier_can_be_reopened(team, teamleider) -> None:
    dossier = dossier_for(team, status=Status.AFGESLOTEN)
    assert (
        change_status(dossier, Status.HEROPEND, actor=teamleider, reason="Terug na 2 weken").status == Status.HEROPEND
    )


def test_timeline_is_append_only(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    change_status(dossier, Status.EVALUATIE, actor=generalist)
    event = TimelineEvent.objects.get(dossier=dossier)
    event.summary = "overschreven"
    with pytest.raises(Exception, match="cannot be changed"):
        event.save()
    with pytest.raises(Exception, match="cannot be deleted"):
        event.delete()


def test_status_change_is_logged_with_the_actors_access_basis(team, teamleider) -> None:
    dossier = dossier_for(team, status=Status.UITVOERING)
    change_status(dossier, Status.EVALUATIE, actor=teamleider, basis="teamleider")
    entry = AccessLogEntry.objects.get(dossier_id=dossier.pk, action=AccessAction.UPDATE)
    assert (entry.user, entry.basis) == (teamleider, "teamleider")
