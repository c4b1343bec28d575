"""A decision or bezwaar term that is met no longer stands still: its running suspension ends that day."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import User
from decisions.bezwaar import decide_bezwaar, register_bezwaar
from dossiers.models import TermSuspension, TimelineEvent
from dossiers.suspensions import suspend_deadline
from dossiers.transitions import Status
from organisation.models import Team
from testsupport.decision_factories import VoorzieningFactory, aanvraag_for, sent_beschikking
from testsupport.factories import dossier_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_deciding_a_bezwaar_ends_the_running_suspension_of_its_term_on_the_decision_day(
    team: Team, generalist: User
) -> None:
    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    beschikking = sent_beschikking(aanvraag_for(dossier, VoorzieningFactory()), sent_on=TODAY - timedelta(days=70))
    bezwaar = register_bezwaar(
        beschikking,
        generalist,
        received_on=TODAY - timedelta(days=30),
        submitted_by="Fatima Jansen",
        grounds="De begeleiding is te kort.",
        committee=False,
    )
    assert bezwaar.deadline is not None
    suspend_deadline(bezwaar.deadline, generalist, ground="herstel_verzuim", start=TODAY - timedelta(days=20))

    decide_bezwaar(bezwaar, generalist, outcome="ongegrond", decided_on=TODAY, note="De begeleiding past.")

    suspension = TermSuspension.objects.get(deadline=bezwaar.deadline)
    assert (suspension.end, suspension.ended_by) == (TODAY, generalist)
    bezwaar.deadline.refresh_from_db()
    assert bezwaar.deadline.met_on == TODAY
    assert TODAY <= bezwaar.deadline.due
    summaries = list(TimelineEvent.objects.filter(dossier=dossier).values_list("summary", flat=True))
    assert any(s.startswith(f"Opschorting beëindigd op {date_format(TODAY)}") for s in summaries)
    assert f"Termijn gehaald: {bezwaar.deadline.label}" in summaries
