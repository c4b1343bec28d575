"""The triage queue sorts on a key stored on the dossier; the queue order stays what it was.

The key is the newest melding's urgency (crisis first) and arrival. ``register_melding`` keeps it in
step, the migration fills it for existing dossiers, and the queue pages from an index.
"""

import importlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Case, F, OuterRef, QuerySet, Subquery, Value, When
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from dossiers.models import Dossier, Melding, Route, Urgency
from dossiers.selectors import (
    active_team_ids,
    triage_board,
    triage_queue,
    visible_dossiers,
    with_triage_columns_for_page,
)
from dossiers.services import NewMelding, assign_regisseur, change_status, register_melding, repair_triage_keys
from dossiers.transitions import TRIAGE_STATUSES, Status
from organisation.models import Team
from residents.models import Inwoner
from testsupport.factories import InwonerFactory, TeamFactory, dossier_for, household_with

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
MONDAY = datetime(2026, 11, 2, 9, 0, tzinfo=AMS)


def _register(team: Team, actor: User, received_at: datetime, urgency: str, dossier: Dossier | None = None) -> Melding:
    """A melding through the service; with `dossier`, a second melding about the same household."""
    if dossier is None:
        inwoner: Inwoner = InwonerFactory.create()
        huishouden = household_with(inwoner)
    else:
        huishouden = dossier.huishouden
        inwoner = huishouden.members.get()
    return register_melding(
        actor=actor,
        team=team,
        inwoner=inwoner,
        huishouden=huishouden,
        melding=NewMelding(
            route=Route.SCHOOL, description="Zorgen om een kind", urgency=urgency, received_at=received_at
        ),
    )


def _order_by_newest_melding(user: User) -> QuerySet[Dossier]:
    """The queue as it was sorted before the key was stored: looking up every dossier's newest melding."""
    newest = Melding.objects.filter(dossier=OuterRef("pk")).order_by("-received_at", "-pk")
    return (
        visible_dossiers(user)
        .filter(team_id__in=active_team_ids(user), status__in=TRIAGE_STATUSES)
        .annotate(
            urgency=Subquery(newest.values("urgency")[:1]),
            received=Subquery(newest.values("received_at")[:1]),
        )
        .annotate(
            rank=Case(
                When(urgency=Urgency.CRISIS, then=Value(0)),
                When(urgency=Urgency.HOOG, then=Value(1)),
                default=Value(2),
            )
        )
        .order_by("rank", F("received").asc(nulls_last=True), "pk")
    )


def _ids(dossiers: QuerySet[Dossier]) -> list[int]:
    return list(dossiers.values_list("pk", flat=True))


@pytest.fixture
def mixed_queue(team: Team, generalist: User) -> dict[str, Dossier]:
    """Waiting dossiers of every kind: urgencies, equal arrival times, no melding, a second melding."""
    normal_early = _register(team, generalist, MONDAY, Urgency.NORMAAL).dossier
    normal_late = _register(team, generalist, MONDAY + timedelta(days=2), Urgency.NORMAAL).dossier
    same_time = _register(team, generalist, MONDAY + timedelta(days=2), Urgency.NORMAAL).dossier
    hoog = _register(team, generalist, MONDAY + timedelta(days=3), Urgency.HOOG).dossier
    crisis = _register(team, generalist, MONDAY + timedelta(days=4), Urgency.CRISIS).dossier
    # Came in as normaal first; a second melding, days later, is a crisis: the dossier moves up.
    escalated = _register(team, generalist, MONDAY - timedelta(days=10), Urgency.NORMAAL).dossier
    _register(team, generalist, MONDAY + timedelta(days=1), Urgency.CRISIS, dossier=escalated)
    # A crisis reported first, then a normaal melding: the newest melding decides, as before.
    calmed = _register(team, generalist, MONDAY - timedelta(days=20), Urgency.CRISIS).dossier
    _register(team, generalist, MONDAY + timedelta(days=1), Urgency.NORMAAL, dossier=calmed)
    without_melding = dossier_for(team, status=Status.IN_TRIAGE)
    picked_up = _register(team, generalist, MONDAY - timedelta(days=30), Urgency.HOOG).dossier
    assign_regisseur(picked_up, generalist, actor=generalist)  # aangemeld -> in triage: still waiting
    return {
        "normal_early": normal_early,
        "normal_late": normal_late,
        "same_time": same_time,
        "hoog": hoog,
        "crisis": crisis,
        "escalated": escalated,
        "calmed": calmed,
        "without_melding": without_melding,
        "picked_up": picked_up,
    }


def test_queue_order_is_the_order_by_newest_melding(mixed_queue, generalist) -> None:
    expected = _ids(_order_by_newest_melding(generalist))
    assert _ids(triage_queue(generalist)) == expected
    assert [dossier.pk for dossier in triage_board(generalist)] == expected
    q = mixed_queue
    assert expected == [
        q["escalated"].pk,
        q["crisis"].pk,
        q["picked_up"].pk,
        q["hoog"].pk,
        q["normal_early"].pk,
        q["calmed"].pk,
        q["normal_late"].pk,
        q["same_time"].pk,
        q["without_melding"].pk,
    ]


def test_page_columns_come_from_the_newest_melding_in_queue_order(mixed_queue, generalist) -> None:
    page = triage_queue(generalist)[1:4]
    rows = list(with_triage_columns_for_page(page))
    assert [row.pk for row in rows] == _ids(_order_by_newest_melding(generalist))[1:4]
    picked_up = next(row for row in rows if row.pk == mixed_queue["picked_up"].pk)
    assert (picked_up.melding_route, picked_up.melding_urgency) == (Route.SCHOOL, Urgency.HOOG)
    assert picked_up.main_member_name.split()[0] == "Fatima"


def test_second_melding_updates_the_key_and_an_older_one_does_not(team, generalist) -> None:
    dossier = _register(team, generalist, MONDAY, Urgency.NORMAAL).dossier
    assert (dossier.last_melding_rank, dossier.last_melding_at) == (2, MONDAY)
    _register(team, generalist, MONDAY + timedelta(hours=3), Urgency.HOOG, dossier=dossier)
    dossier.refresh_from_db()
    assert (dossier.last_melding_rank, dossier.last_melding_at) == (1, MONDAY + timedelta(hours=3))
    # Registered late, but received before the newest: the queue key stays with the newest melding.
    _register(team, generalist, MONDAY - timedelta(days=1), Urgency.CRISIS, dossier=dossier)
    dossier.refresh_from_db()
    assert (dossier.last_melding_rank, dossier.last_melding_at) == (1, MONDAY + timedelta(hours=3))


def test_dossier_leaves_the_queue_when_the_onderzoek_starts_and_returns_when_reopened(team, generalist) -> None:
    dossier = _register(team, generalist, MONDAY, Urgency.HOOG).dossier
    assign_regisseur(dossier, generalist, actor=generalist)
    change_status(dossier, Status.IN_ONDERZOEK, actor=generalist)
    assert dossier.pk not in _ids(triage_queue(generalist))
    change_status(dossier, Status.AFGESLOTEN, actor=generalist, close_reason="overig")
    change_status(dossier, Status.HEROPEND, actor=generalist)
    change_status(dossier, Status.IN_TRIAGE, actor=generalist)
    dossier.refresh_from_db()
    assert (dossier.last_melding_rank, dossier.last_melding_at) == (1, MONDAY)
    assert dossier.pk in _ids(triage_queue(generalist))


def test_a_melding_saved_outside_the_service_also_moves_the_dossier(team, generalist) -> None:
    dossier = _register(team, generalist, MONDAY, Urgency.NORMAAL).dossier
    Melding.objects.create(
        dossier=dossier,
        inwoner=dossier.huishouden.members.first(),
        route=Route.HUISARTS,
        received_at=MONDAY + timedelta(days=1),
        description="Zorgen",
        urgency=Urgency.CRISIS,
        registered_by=generalist,
    )
    dossier.refresh_from_db()
    assert (dossier.last_melding_rank, dossier.last_melding_at) == (0, MONDAY + timedelta(days=1))


def test_repair_corrects_keys_written_around_save_and_only_those(mixed_queue, generalist) -> None:
    expected = _ids(_order_by_newest_melding(generalist))
    crisis, hoog = mixed_queue["crisis"], mixed_queue["hoog"]
    Dossier.objects.filter(pk=crisis.pk).update(last_melding_rank=2, last_melding_at=None)
    Dossier.objects.filter(pk=hoog.pk).update(last_melding_at=MONDAY - timedelta(days=100))
    assert _ids(triage_queue(generalist)) != expected
    assert repair_triage_keys() == 2
    assert _ids(triage_queue(generalist)) == expected
    assert repair_triage_keys() == 0


def test_a_dossier_entering_triage_reads_its_key_again(team, generalist) -> None:
    dossier = _register(team, generalist, MONDAY, Urgency.CRISIS).dossier
    assign_regisseur(dossier, generalist, actor=generalist)
    change_status(dossier, Status.AFGESLOTEN, actor=generalist, close_reason="overig")
    Dossier.objects.filter(pk=dossier.pk).update(last_melding_rank=2, last_melding_at=None)  # e.g. a bulk import
    change_status(dossier, Status.HEROPEND, actor=generalist)
    change_status(dossier, Status.IN_TRIAGE, actor=generalist)
    dossier.refresh_from_db()
    assert (dossier.last_melding_rank, dossier.last_melding_at) == (0, MONDAY)


def test_migration_fills_the_key_of_existing_dossiers(mixed_queue, generalist) -> None:
    expected = _ids(_order_by_newest_melding(generalist))
    keys = {d.pk: (d.last_melding_rank, d.last_melding_at) for d in Dossier.objects.all()}
    Dossier.objects.update(last_melding_rank=2, last_melding_at=None)
    migration = importlib.import_module("dossiers.migrations.0007_triage_key_and_open_deadline_index")
    migration.fill_triage_key(apps, None)
    assert {d.pk: (d.last_melding_rank, d.last_melding_at) for d in Dossier.objects.all()} == keys
    assert _ids(triage_queue(generalist)) == expected


def _page_queries(user: User, page: int, size: int = 5) -> int:
    with CaptureQueriesContext(connection) as queries:
        list(with_triage_columns_for_page(triage_queue(user)[(page - 1) * size : page * size]))
    return len(queries)


def test_queries_per_page_stay_the_same_as_the_queue_grows(team, generalist) -> None:
    for day in range(6):
        _register(team, generalist, MONDAY + timedelta(days=day), Urgency.NORMAAL)
    small = _page_queries(generalist, 2)
    for day in range(24):
        _register(team, generalist, MONDAY + timedelta(days=day, hours=1), Urgency.HOOG)
    assert _page_queries(generalist, 2) == small == _page_queries(generalist, 5)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is checked on PostgreSQL")
def test_queue_is_read_from_its_index_on_postgresql(team, generalist) -> None:
    for day in range(3):
        _register(team, generalist, MONDAY + timedelta(days=day), Urgency.NORMAAL)
    # The plan depends on the table's statistics, which other tests in the same database (an ANALYZE among them)
    # leave behind: give the table a shape of its own and fresh statistics, so the plan is this test's.
    others = [TeamFactory() for _ in range(4)]
    huishouden = household_with(InwonerFactory.create())
    Dossier.objects.bulk_create(
        Dossier(huishouden=huishouden, team=others[n % 4], status=Status.UITVOERING if n % 5 else Status.AANGEMELD)
        for n in range(4000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE dossiers_dossier")
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = triage_queue(generalist)[100:150].explain()
    # An index serves the queue (which one is the planner's choice: with a short own-team queue it may take the
    # (team, status) index and sort the few rows; at city size the benchmarks time the deep pages).
    assert "Seq Scan on dossiers_dossier" not in plan
    assert "Index" in plan and "dossiers_dossier" in plan


def test_the_queue_is_the_visible_waiting_dossiers_of_the_own_teams(mixed_queue, team, other_team, generalist) -> None:
    dossier_for(other_team, status=Status.AANGEMELD)
    dossier_for(team, status=Status.IN_ONDERZOEK)
    waiting = visible_dossiers(generalist).filter(team_id__in=active_team_ids(generalist), status__in=TRIAGE_STATUSES)
    assert set(_ids(triage_queue(generalist))) == set(_ids(waiting)) == {d.pk for d in mixed_queue.values()}


def test_no_queue_for_who_does_no_casework(mixed_queue, team, beleidsmedewerker) -> None:
    from testsupport.factories import member_of

    member_of(team, beleidsmedewerker)
    assert not triage_queue(beleidsmedewerker).exists()
