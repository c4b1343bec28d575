"""Suspending a decision term (Awb 4:15) or a bezwaar term (Awb 7:10 lid 2) from the aanvraag and bezwaar pages."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import User
from audit.models import AccessLogEntry
from catalogue.codes import Law
from deadlines.atw import end_of_term
from deadlines.calendar_source import current_calendar
from deadlines.terms import DeadlineState
from decisions.bezwaar import postpone_bezwaar, register_bezwaar
from decisions.models import Aanvraag, Bezwaar
from decisions.selectors import worklist
from dossiers.models import Dossier, TermSuspension, TimelineEvent
from dossiers.selectors import stored_deadline_state
from dossiers.services import start_deadline
from dossiers.suspensions import end_suspension, suspend_deadline
from dossiers.transitions import Status
from organisation.models import Team
from testsupport.decision_factories import VoorzieningFactory, aanvraag_for, sent_beschikking
from testsupport.factories import dossier_for

TODAY = timezone.localdate()
RECEIVED = TODAY - timedelta(days=30)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def dossier(team: Team, generalist: User) -> Dossier:
    return dossier_for(team, status=Status.UITVOERING, regisseur=generalist)


def _pw_aanvraag(dossier: Dossier, actor: User, received: date = RECEIVED) -> Aanvraag:
    """A Participatiewet aanvraag with its Awb 4:13 term of eight weeks."""
    deadline = start_deadline(dossier, "AWB_BESCHIKKING", received, actor)
    return aanvraag_for(
        dossier,
        VoorzieningFactory(law=Law.PARTICIPATIEWET),
        law=Law.PARTICIPATIEWET,
        received_on=received,
        deadline=deadline,
    )


@pytest.fixture
def aanvraag(dossier: Dossier, generalist: User) -> Aanvraag:
    return _pw_aanvraag(dossier, generalist)


@pytest.fixture
def bezwaar(dossier: Dossier, generalist: User) -> Bezwaar:
    """An objection in time; its decision term runs from the end of the objection term, 28 days ago."""
    beschikking = sent_beschikking(aanvraag_for(dossier, VoorzieningFactory()), sent_on=TODAY - timedelta(days=70))
    return register_bezwaar(
        beschikking,
        generalist,
        received_on=TODAY - timedelta(days=30),
        submitted_by="Fatima Jansen",
        grounds="De begeleiding is te kort.",
        committee=False,
    )


def _moved(start: date, weeks: int, days: int) -> date:
    return end_of_term(start, weeks=weeks, days=days, calendar=current_calendar()).due


def test_a_suspended_participatiewet_decision_term_shows_its_moved_end_date_with_the_ground(
    aanvraag: Aanvraag, dossier: Dossier, generalist: User
) -> None:
    client = _client(generalist)
    response = client.post(
        reverse("decisions:aanvraag_opschorten", args=[aanvraag.pk]),
        {
            "ground": "aanvulling",
            "start": (RECEIVED + timedelta(days=5)).isoformat(),
            "end": (RECEIVED + timedelta(days=15)).isoformat(),
            "note": "Bankafschriften opgevraagd.",
        },
    )
    assert response.status_code == 302
    assert aanvraag.deadline is not None
    aanvraag.deadline.refresh_from_db()
    moved = _moved(RECEIVED, 8, 10)
    assert aanvraag.deadline.due == moved
    dossier.refresh_from_db()
    assert dossier.next_deadline == moved
    page = client.get(reverse("decisions:aanvraag", args=[aanvraag.pk])).content.decode()
    assert f"uiterlijk {date_format(moved)}" in page
    assert "10 dagen" in page
    assert "Awb art. 4:15 lid 1 sub a" in page
    detail = client.get(reverse("decisions:aanvraag_opschorten", args=[aanvraag.pk])).content.decode()
    assert "Bankafschriften opgevraagd." in detail
    assert TimelineEvent.objects.filter(dossier=dossier, summary__startswith="Termijn opgeschort van").exists()
    assert AccessLogEntry.objects.filter(object_type="aanvraag", detail="termijn opgeschort").exists()


def test_a_running_suspension_holds_the_term(aanvraag: Aanvraag, dossier: Dossier, generalist: User) -> None:
    deadline = aanvraag.deadline
    assert deadline is not None
    before = deadline.due
    since = RECEIVED + timedelta(days=3)
    suspend_deadline(deadline, generalist, ground="instemming", start=since)
    deadline.refresh_from_db()
    dossier.refresh_from_db()
    # No due date pressure: the held term leaves Dossier.next_deadline and shows as opgeschort.
    assert dossier.next_deadline is None
    assert stored_deadline_state(deadline, TODAY + timedelta(days=365), current_calendar()) == DeadlineState.OPGESCHORT
    page = _client(generalist).get(reverse("decisions:aanvraag_opschorten", args=[aanvraag.pk])).content.decode()
    assert f"opgeschort sinds {date_format(since)}" in page
    assert f"dan wordt het {date_format(_moved(RECEIVED, 8, (TODAY - since).days))}" in page
    assert deadline.due == before

    end_suspension(deadline, generalist, end=TODAY)
    deadline.refresh_from_db()
    dossier.refresh_from_db()
    assert deadline.due == _moved(RECEIVED, 8, (TODAY - since).days)
    assert dossier.next_deadline == deadline.due


def test_a_suspended_bezwaar_term_shows_its_moved_end_date_with_awb_7_10_lid_2(
    bezwaar: Bezwaar, dossier: Dossier, generalist: User
) -> None:
    assert bezwaar.deadline is not None
    start = bezwaar.deadline.start
    client = _client(generalist)
    response = client.post(
        reverse("decisions:bezwaar_opschorten", args=[bezwaar.pk]),
        {"ground": "herstel_verzuim", "start": (TODAY - timedelta(days=20)).isoformat(), "end": TODAY.isoformat()},
    )
    assert response.status_code == 302
    bezwaar.deadline.refresh_from_db()
    assert bezwaar.deadline.due == _moved(start, 6, 20)
    page = client.get(reverse("decisions:bezwaar", args=[bezwaar.pk])).content.decode()
    assert date_format(bezwaar.deadline.due) in page
    assert "Awb art. 7:10 lid 2" in page


def test_only_awb_4_15_grounds_suspend_a_decision_term(aanvraag: Aanvraag, generalist: User) -> None:
    response = _client(generalist).post(
        reverse("decisions:aanvraag_opschorten", args=[aanvraag.pk]),
        {"ground": "herstel_verzuim", "start": (RECEIVED + timedelta(days=5)).isoformat()},
    )
    assert response.status_code == 400
    assert not TermSuspension.objects.exists()
    page = _client(generalist).get(reverse("decisions:aanvraag_opschorten", args=[aanvraag.pk])).content.decode()
    assert 'value="aanvulling"' in page
    assert 'value="herstel_verzuim"' not in page


def test_only_awb_7_10_lid_2_suspends_a_bezwaar_term(bezwaar: Bezwaar, generalist: User) -> None:
    assert bezwaar.deadline is not None
    with pytest.raises(Exception, match="schort de termijn"):
        suspend_deadline(bezwaar.deadline, generalist, ground="overmacht", start=TODAY - timedelta(days=5))
    assert not TermSuspension.objects.exists()


def test_a_suspension_cannot_end_before_it_starts(aanvraag: Aanvraag, generalist: User) -> None:
    response = _client(generalist).post(
        reverse("decisions:aanvraag_opschorten", args=[aanvraag.pk]),
        {
            "ground": "overmacht",
            "start": (RECEIVED + timedelta(days=10)).isoformat(),
            "end": (RECEIVED + timedelta(days=5)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "ligt vóór het begin" in response.content.decode()
    assert not TermSuspension.objects.exists()


def test_a_suspension_cannot_start_before_the_term_started(aanvraag: Aanvraag, generalist: User) -> None:
    assert aanvraag.deadline is not None
    with pytest.raises(Exception, match="vóór de termijn liep"):
        suspend_deadline(aanvraag.deadline, generalist, ground="overmacht", start=RECEIVED)
    assert not TermSuspension.objects.exists()


def test_no_suspension_on_a_met_term(aanvraag: Aanvraag, generalist: User) -> None:
    deadline = aanvraag.deadline
    assert deadline is not None
    deadline.met_on = TODAY - timedelta(days=1)
    deadline.save(update_fields=["met_on"])
    with pytest.raises(Exception, match="al is gehaald"):
        suspend_deadline(deadline, generalist, ground="overmacht", start=RECEIVED + timedelta(days=2))
    assert not TermSuspension.objects.exists()


def test_only_one_suspension_runs_at_a_time(aanvraag: Aanvraag, generalist: User) -> None:
    assert aanvraag.deadline is not None
    suspend_deadline(aanvraag.deadline, generalist, ground="overmacht", start=RECEIVED + timedelta(days=2))
    with pytest.raises(Exception, match="loopt al een opschorting"):
        suspend_deadline(aanvraag.deadline, generalist, ground="instemming", start=RECEIVED + timedelta(days=4))


def test_overlapping_suspensions_move_the_stored_term_once_per_day(aanvraag: Aanvraag, generalist: User) -> None:
    deadline = aanvraag.deadline
    assert deadline is not None
    day = RECEIVED + timedelta(days=1)
    suspend_deadline(deadline, generalist, ground="aanvulling", start=day, end=day + timedelta(days=10))
    suspend_deadline(
        deadline, generalist, ground="instemming", start=day + timedelta(days=5), end=day + timedelta(days=12)
    )
    deadline.refresh_from_db()
    assert deadline.due == _moved(RECEIVED, 8, 12)


def test_a_postponement_after_a_suspension_keeps_the_suspended_days(bezwaar: Bezwaar, generalist: User) -> None:
    deadline = bezwaar.deadline
    assert deadline is not None
    suspend_deadline(deadline, generalist, ground="herstel_verzuim", start=TODAY - timedelta(days=20), end=TODAY)
    postpone_bezwaar(bezwaar, generalist, reason="Advies van de commissie nodig.")
    deadline.refresh_from_db()
    assert deadline.due == _moved(deadline.start, 12, 20)
    assert any(line.startswith("opgeschort ") for line in deadline.adjustments)


def test_a_held_aanvraag_sorts_after_the_running_ones_on_the_decisions_worklist(
    dossier: Dossier, generalist: User
) -> None:
    held = _pw_aanvraag(dossier, generalist, received=RECEIVED - timedelta(days=10))
    running = _pw_aanvraag(dossier, generalist)
    assert held.deadline is not None
    suspend_deadline(held.deadline, generalist, ground="overmacht", start=TODAY - timedelta(days=2))
    assert [a["pk"] for a in worklist(generalist)["aanvragen"]] == [running.pk, held.pk]


def test_sending_the_suspension_form_twice_records_it_once(aanvraag: Aanvraag, generalist: User) -> None:
    client = _client(generalist)
    data = {
        "ground": "aanvulling",
        "start": (RECEIVED + timedelta(days=5)).isoformat(),
        "end": (RECEIVED + timedelta(days=8)).isoformat(),
        "submission_token": "a" * 24,
    }
    url = reverse("decisions:aanvraag_opschorten", args=[aanvraag.pk])
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert TermSuspension.objects.count() == 1


def test_ending_a_suspension_from_the_page_lets_the_term_run_again(aanvraag: Aanvraag, generalist: User) -> None:
    assert aanvraag.deadline is not None
    suspend_deadline(aanvraag.deadline, generalist, ground="aanvulling", start=TODAY - timedelta(days=4))
    response = _client(generalist).post(
        reverse("decisions:aanvraag_opschorting_beeindigen", args=[aanvraag.pk]), {"einde-end": TODAY.isoformat()}
    )
    assert response.status_code == 302
    suspension = TermSuspension.objects.get()
    assert suspension.end == TODAY and suspension.ended_by == generalist
    aanvraag.deadline.refresh_from_db()
    assert aanvraag.deadline.due == _moved(RECEIVED, 8, 4)
