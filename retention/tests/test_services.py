"""Proposing and reviewing: only past-term closed dossiers, only privacy officers, never the same person twice."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction

from dossiers.models import Dossier
from dossiers.transitions import Status
from retention import services
from retention.models import DestroyedDossierFact, DestructionRequest, DestructionStatus
from retention.tests.conftest import closed_dossier
from testsupport.factories import dossier_for

pytestmark = pytest.mark.django_db

REASON = "Termijn verstreken."


@pytest.fixture
def due(team) -> Dossier:
    return closed_dossier(team, date(2012, 4, 2))


def test_an_open_dossier_is_refused(team, privacy_officer) -> None:
    dossier = dossier_for(team, status=Status.UITVOERING)
    with pytest.raises(services.DestructionRefused, match="niet afgesloten"):
        services.propose_destruction(dossier, privacy_officer, REASON)
    assert not DestructionRequest.objects.exists()


def test_a_dossier_within_its_term_is_refused(team, privacy_officer) -> None:
    recent = closed_dossier(team, date.today() - timedelta(days=365))
    with pytest.raises(services.DestructionRefused, match="nog niet verstreken"):
        services.propose_destruction(recent, privacy_officer, REASON)


def test_a_proposal_needs_a_reason(due, privacy_officer) -> None:
    with pytest.raises(services.DestructionRefused, match="toelichting"):
        services.propose_destruction(due, privacy_officer, "  ")


def test_only_a_privacy_officer_may_propose(due, teamleider) -> None:
    with pytest.raises(services.DestructionRefused, match="privacyfunctionaris"):
        services.propose_destruction(due, teamleider, REASON)


def test_one_open_proposal_per_dossier(due, privacy_officer, second_privacy_officer) -> None:
    services.propose_destruction(due, privacy_officer, REASON)
    with pytest.raises(services.DestructionRefused, match="al een voorstel"):
        services.propose_destruction(due, second_privacy_officer, REASON)


def test_the_proposer_cannot_approve_their_own_proposal(due, privacy_officer) -> None:
    record = services.propose_destruction(due, privacy_officer, REASON)
    with pytest.raises(services.DestructionRefused, match="vier ogen"):
        services.approve_destruction(record, privacy_officer)
    assert Dossier.objects.filter(pk=due.pk).exists()
    record.refresh_from_db()
    assert record.status == DestructionStatus.PROPOSED


def test_the_database_also_refuses_a_self_review(due, privacy_officer) -> None:
    record = services.propose_destruction(due, privacy_officer, REASON)
    record.reviewed_by = privacy_officer
    with pytest.raises(IntegrityError), transaction.atomic():
        record.save()


def test_a_teamleider_cannot_approve(due, privacy_officer, teamleider) -> None:
    record = services.propose_destruction(due, privacy_officer, REASON)
    with pytest.raises(services.DestructionRefused, match="privacyfunctionaris"):
        services.approve_destruction(record, teamleider)


def test_approval_by_a_second_privacy_officer_destroys(due, privacy_officer, second_privacy_officer) -> None:
    record = services.propose_destruction(due, privacy_officer, REASON)
    assert (record.rule.key, record.due_on, record.closed_on) == ("zonder_besluit", date(2017, 4, 2), date(2012, 4, 2))
    done = services.approve_destruction(record, second_privacy_officer, "Akkoord")
    assert done.status == DestructionStatus.EXECUTED
    assert done.reviewed_by == second_privacy_officer and done.executed_at is not None
    assert not Dossier.objects.filter(pk=due.pk).exists()
    assert DestroyedDossierFact.objects.filter(destruction=done).exists()


def test_a_reviewed_proposal_cannot_be_reviewed_again(due, privacy_officer, second_privacy_officer) -> None:
    record = services.propose_destruction(due, privacy_officer, REASON)
    services.reject_destruction(record, second_privacy_officer, "Er loopt nog een klacht.")
    with pytest.raises(services.DestructionRefused, match="al beoordeeld"):
        services.approve_destruction(record, second_privacy_officer)


def test_rejection_needs_a_reason_and_keeps_the_dossier(due, privacy_officer, second_privacy_officer) -> None:
    record = services.propose_destruction(due, privacy_officer, REASON)
    with pytest.raises(services.DestructionRefused, match="waarom"):
        services.reject_destruction(record, second_privacy_officer, "")
    rejected = services.reject_destruction(record, second_privacy_officer, "Er loopt nog een klacht.")
    assert rejected.status == DestructionStatus.REJECTED
    assert Dossier.objects.filter(pk=due.pk).exists()
    # After a rejection a new proposal may be made later.
    assert services.propose_destruction(due, privacy_officer, REASON).is_open


def test_a_dossier_reopened_after_the_proposal_is_not_destroyed(due, privacy_officer, second_privacy_officer) -> None:
    record = services.propose_destruction(due, privacy_officer, REASON)
    Dossier.objects.filter(pk=due.pk).update(status=Status.HEROPEND, closed_at=None)
    with pytest.raises(services.DestructionRefused, match="niet afgesloten"):
        services.approve_destruction(record, second_privacy_officer)
    record.refresh_from_db()
    assert record.status == DestructionStatus.PROPOSED
    assert Dossier.objects.filter(pk=due.pk).exists()
    assert not DestroyedDossierFact.objects.exists()
