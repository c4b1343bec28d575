"""Invitations to the survey: made once after an onderzoek is completed or a beschikking is sent, to whom."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from assessments.models import Outcome
from assessments.services import OnderzoekInput, save_onderzoek
from decisions import services as decisions
from decisions.models import Outcome as DecisionOutcome
from decisions.services import RegelInput
from dossiers.models import Melding, Route, TimelineEvent
from dossiers.services import add_timeline_event
from dossiers.transitions import Status
from surveys.models import VALID_FOR, Invitation, Occasion
from surveys.questions import QUESTIONS
from surveys.services import invite_missing
from testsupport.decision_factories import aanvraag_for, sent_beschikking
from testsupport.factories import BuurtFactory, InwonerFactory
from testsupport.portal import child, household_dossier

pytestmark = pytest.mark.django_db
KEYS = [question.key for question in QUESTIONS]


def _jeugd_onderzoek(dossier, about, actor, *, completed_on=None, onderzoek=None, version=0):
    if onderzoek is None:
        Melding.objects.create(
            dossier=dossier,
            inwoner=about,
            route=Route.SCHOOL,
            description="Zorgen over het kind.",
            regime="jeugdwet",
            received_at=timezone.now() - timedelta(days=5) - (date.today() - (completed_on or date.today())),
            registered_by=actor,
        )
    values = {"outcome": Outcome.NETWERK, "verslag": "Opa en oma helpen.", "completed_on": completed_on}
    return save_onderzoek(
        dossier, OnderzoekInput(values=values), version=version, actor=actor, basis="regisseur", onderzoek=onderzoek
    )


def test_completing_an_onderzoek_invites_a_young_person_of_16_or_older_themself(team, generalist) -> None:
    buurt = BuurtFactory()
    parent, teen = InwonerFactory(), child(17, buurt=buurt)
    dossier = household_dossier(team, generalist, parent, teen)

    onderzoek = _jeugd_onderzoek(dossier, teen, generalist, completed_on=date.today())

    invitation = Invitation.objects.get()
    assert (invitation.person, invitation.dossier, invitation.occasion, invitation.source_id) == (
        teen,
        dossier,
        Occasion.ONDERZOEK,
        onderzoek.pk,
    )
    assert (invitation.wijk_id, invitation.regime, invitation.month) == (
        buurt.wijk_id,
        "jeugdwet",
        date.today().strftime("%Y-%m"),
    )
    assert invitation.expires_at - invitation.created_at == VALID_FOR


def test_for_a_child_under_16_the_parent_is_invited_in_their_own_name(team, generalist) -> None:
    parent, young = InwonerFactory(), child(10)
    dossier = household_dossier(team, generalist, parent, young)

    _jeugd_onderzoek(dossier, young, generalist, completed_on=date.today())

    assert Invitation.objects.get().person == parent


def test_an_onderzoek_in_progress_invites_nobody_and_completing_it_later_invites_once(team, generalist) -> None:
    resident = child(17)
    dossier = household_dossier(team, generalist, resident)
    onderzoek = _jeugd_onderzoek(dossier, resident, generalist)
    assert not Invitation.objects.exists()

    completed = _jeugd_onderzoek(
        dossier, resident, generalist, completed_on=date.today(), onderzoek=onderzoek, version=onderzoek.version
    )
    _jeugd_onderzoek(
        dossier, resident, generalist, completed_on=date.today(), onderzoek=completed, version=completed.version
    )

    assert Invitation.objects.filter(occasion=Occasion.ONDERZOEK, source_id=onderzoek.pk).count() == 1


@pytest.mark.usefixtures("mandates")
def test_sending_a_beschikking_invites_the_person_it_is_for_once(
    team, generalist, consulent, begeleiding, aanbieder
) -> None:
    resident = InwonerFactory(buurt=BuurtFactory())
    dossier = household_dossier(team, generalist, resident, status=Status.PLAN)
    aanvraag = aanvraag_for(dossier, begeleiding)
    start = date.today()
    beschikking = decisions.prepare_beschikking(
        aanvraag,
        consulent,
        outcome=DecisionOutcome.TOEKENNING,
        motivation="Uit het onderzoek blijkt dat begeleiding nodig is.",
        legal_basis="Wmo 2015 art. 2.3.5",
        eigen_bijdrage=True,
        regels=[
            RegelInput(
                voorziening=begeleiding, volume=3, start=start, end=start + timedelta(weeks=10), aanbieder=aanbieder
            )
        ],
    )
    signed = decisions.sign(beschikking, consulent, version=beschikking.version)
    assert not Invitation.objects.exists()

    sent = decisions.send(signed, consulent, sent_on=date.today(), version=signed.version)
    add_timeline_event(dossier, consulent, TimelineEvent.Kind.BESLUIT, "Nog een regel", beschikking=sent.pk)

    invitation = Invitation.objects.get()
    assert (invitation.person, invitation.occasion, invitation.source_id, invitation.regime) == (
        resident,
        Occasion.BESLUIT,
        sent.pk,
        "wmo",
    )
    assert invitation.wijk_id == resident.buurt.wijk_id


def test_a_late_edit_of_an_old_onderzoek_invites_nobody(team, generalist) -> None:
    resident = child(17)
    dossier = household_dossier(team, generalist, resident)

    _jeugd_onderzoek(dossier, resident, generalist, completed_on=date.today() - VALID_FOR - timedelta(days=1))

    assert not Invitation.objects.exists()


def test_occasions_recorded_without_the_timeline_are_caught_up_once(team, generalist) -> None:
    resident = InwonerFactory()
    dossier = household_dossier(team, generalist, resident)
    beschikking = sent_beschikking(aanvraag_for(dossier), sent_on=date.today() - timedelta(days=2))

    assert invite_missing(since=date.today() - timedelta(days=7)) == 1
    assert invite_missing(since=date.today() - timedelta(days=7)) == 0
    assert Invitation.objects.get().source_id == beschikking.pk


def test_destroying_a_dossier_removes_its_invitations_and_keeps_the_anonymous_answers(team, generalist) -> None:
    from django.db import transaction

    from retention import destruction
    from surveys.models import Answer
    from surveys.tests.support import invitation_for

    resident = InwonerFactory()
    dossier = household_dossier(team, generalist, resident, status=Status.AFGESLOTEN)
    invitation_for(resident, dossier)
    Answer.objects.create(regime="wmo", occasion=Occasion.ONDERZOEK, month="2026-10", **dict.fromkeys(KEYS, 4))

    with transaction.atomic():
        destruction.destroy(dossier)

    assert not Invitation.objects.exists()
    assert Answer.objects.count() == 1
