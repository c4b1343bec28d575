"""The daily scan of all open legal terms: set-based, the same answer as term by term, queries independent of size.

``dossiers.next_deadlines.refresh_next_deadlines`` (the job ``dossiers.refresh_deadline_states``)
corrects ``Dossier.next_deadline`` and counts the terms that press. Each dossier must end up with
what the per-dossier service ``refresh_next_deadline`` computes, and the state of each dossier's
next term must be the engine's state for that date.
"""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from deadlines.calendar_source import current_calendar
from deadlines.terms import DeadlineState
from dossiers.jobs import refresh_deadline_states
from dossiers.models import Dossier, DossierDeadline, SuspensionGroundChoice, TermSuspension
from dossiers.next_deadlines import refresh_next_deadlines, stale_sql
from dossiers.selectors import deadline_state
from dossiers.services import refresh_next_deadline, start_deadline
from dossiers.transitions import OPEN_STATUSES, Status
from organisation.models import Team
from testsupport.factories import dossier_for

pytestmark = pytest.mark.django_db


def _dossier_with_terms(team: Team, actor: User, *starts_days_ago: int, status: str = Status.IN_ONDERZOEK) -> Dossier:
    dossier = dossier_for(team, status=status)
    for days_ago in starts_days_ago:
        start_deadline(dossier, "WMO_ONDERZOEK", timezone.localdate() - timedelta(days=days_ago), actor)
    return dossier


@pytest.fixture
def mixed_dossiers(team: Team, generalist: User) -> list[Dossier]:
    """Open dossiers with overdue, threatening and later terms; met, lapsed and held terms; a closed one."""
    overdue = _dossier_with_terms(team, generalist, 60, 3)
    threatening = _dossier_with_terms(team, generalist, 40)
    on_time = _dossier_with_terms(team, generalist, 1)
    met = _dossier_with_terms(team, generalist, 70, 2)
    met.deadlines.filter(start=timezone.localdate() - timedelta(days=70)).update(met_on=timezone.localdate())
    lapsed = _dossier_with_terms(team, generalist, 80)
    lapsed.deadlines.update(cancelled_on=timezone.localdate(), cancel_reason="geherkwalificeerd")
    held = _dossier_with_terms(team, generalist, 65, 10)
    TermSuspension.objects.create(
        deadline=held.deadlines.order_by("start").first(),
        ground=SuspensionGroundChoice.AANVULLING,
        start=timezone.localdate() - timedelta(days=5),
        recorded_by=generalist,
    )
    without_terms = dossier_for(team, status=Status.IN_TRIAGE)
    closed = _dossier_with_terms(team, generalist, 90, status=Status.AFGESLOTEN)
    return [overdue, threatening, on_time, met, lapsed, held, without_terms, closed]


def _expected_next_deadlines(dossiers: list[Dossier]) -> dict[int, date | None]:
    """What the per-dossier service computes for each dossier."""
    expected = {}
    for dossier in dossiers:
        refresh_next_deadline(dossier)
        expected[dossier.pk] = dossier.next_deadline
    return expected


def _stored(dossiers: list[Dossier]) -> dict[int, date | None]:
    return dict(Dossier.objects.filter(pk__in=[d.pk for d in dossiers]).values_list("pk", "next_deadline"))


def _scramble(dossiers: list[Dossier]) -> None:
    """Writes that went past the services: wrong dates, missing dates, a date on a closed dossier."""
    Dossier.objects.filter(pk__in=[d.pk for d in dossiers[::2]]).update(next_deadline=None)
    Dossier.objects.filter(pk__in=[d.pk for d in dossiers[1::2]]).update(next_deadline=date(2001, 1, 1))


def test_the_scan_gives_every_dossier_the_date_the_service_gives(mixed_dossiers) -> None:
    expected = _expected_next_deadlines(mixed_dossiers)
    _scramble(mixed_dossiers)
    scrambled = _stored(mixed_dossiers)
    result = refresh_next_deadlines()
    assert _stored(mixed_dossiers) == expected
    assert result.checked == Dossier.objects.filter(status__in=OPEN_STATUSES).count() == 7
    assert result.corrected == sum(1 for pk, value in expected.items() if scrambled[pk] != value)
    assert refresh_next_deadlines().corrected == 0


def test_batches_by_id_give_the_same_dates(mixed_dossiers) -> None:
    expected = _expected_next_deadlines(mixed_dossiers)
    _scramble(mixed_dossiers)
    refresh_next_deadlines(batch_size=3)
    assert _stored(mixed_dossiers) == expected


def test_the_counts_are_the_engine_states_of_each_next_term(mixed_dossiers) -> None:
    _scramble(mixed_dossiers)
    today = timezone.localdate()
    result = refresh_next_deadlines(today=today)
    calendar = current_calendar()
    states = [
        deadline_state(dossier.next_deadline, None, today, calendar)
        for dossier in Dossier.objects.filter(status__in=OPEN_STATUSES)
    ]
    assert (result.overdue, result.threatening) == (
        states.count(DeadlineState.VERLOPEN),
        states.count(DeadlineState.DREIGT_TE_VERLOPEN),
    )
    assert (result.overdue, result.threatening) == (1, 1)


def test_a_held_term_presses_on_no_worklist_but_the_next_one_does(mixed_dossiers) -> None:
    held = mixed_dossiers[5]
    _scramble(mixed_dossiers)
    refresh_next_deadlines()
    held.refresh_from_db()
    running = DossierDeadline.objects.filter(dossier=held, suspensions__isnull=True).get()
    assert held.next_deadline == running.due


def _scan_queries() -> int:
    with CaptureQueriesContext(connection) as queries:
        refresh_next_deadlines()
    return len(queries)


def test_queries_do_not_depend_on_the_number_of_terms_or_dossiers(team, generalist) -> None:
    for days_ago in (1, 30):
        _dossier_with_terms(team, generalist, days_ago, days_ago + 7)
    Dossier.objects.update(next_deadline=None)
    few = _scan_queries()
    for days_ago in range(2, 40, 3):
        _dossier_with_terms(team, generalist, days_ago, days_ago + 1, days_ago + 2)
    Dossier.objects.update(next_deadline=None)
    assert _scan_queries() == few


def test_the_daily_job_reports_the_scan(mixed_dossiers) -> None:
    _scramble(mixed_dossiers)
    result = refresh_deadline_states.delay().get()
    assert (result["verlopen"], result["dreigt_te_verlopen"]) == (1, 1)
    assert refresh_deadline_states.delay().get()["bijgewerkt"] == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is checked on PostgreSQL")
def test_the_scan_reads_only_the_index_of_open_terms_on_postgresql(mixed_dossiers) -> None:
    sql, params = stale_sql()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using dossierdeadline_open" in plan
