"""A term that is met no longer stands still: a running suspension ends on the day it is met (Awb 4:15)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import User
from deadlines.atw import end_of_term
from deadlines.calendar_source import current_calendar
from deadlines.terms import DeadlineState
from dossiers.models import Dossier, TermSuspension, TimelineEvent
from dossiers.selectors import stored_deadline_state
from dossiers.services import mark_deadline_met, start_deadline
from dossiers.suspensions import suspend_deadline
from dossiers.transitions import Status
from organisation.models import Team
from testsupport.factories import dossier_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_meeting_a_term_ends_its_running_suspension_on_the_met_date(team: Team, generalist: User) -> None:
    dossier: Dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    received = TODAY - timedelta(days=70)
    deadline = start_deadline(dossier, "AWB_BESCHIKKING", received, generalist)
    since = received + timedelta(days=20)
    suspend_deadline(deadline, generalist, ground="aanvulling", start=since)
    met_on = TODAY - timedelta(days=2)

    assert mark_deadline_met(dossier, "AWB_BESCHIKKING", met_on, generalist) == 1

    suspension = TermSuspension.objects.get(deadline=deadline)
    assert suspension.end == met_on
    assert suspension.ended_by == generalist
    deadline.refresh_from_db()
    # The suspended days count, so the decision after 10 weeks is within the moved 8-week term.
    assert deadline.due == end_of_term(received, weeks=8, days=(met_on - since).days, calendar=current_calendar()).due
    assert stored_deadline_state(deadline, TODAY, current_calendar()) == DeadlineState.GEHAALD
    assert TimelineEvent.objects.filter(
        dossier=dossier, summary__startswith=f"Opschorting beëindigd op {date_format(met_on)}"
    ).exists()
