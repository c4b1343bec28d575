"""Indicator 8 on a small hand-made municipality: open dossiers by how long they are open, and their spread over
the regisseurs of a team without a name, hidden where the group is small (docs/monitor.md)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from accounts.models import Role
from consent.tests.support import logged_in
from dossiers.models import Dossier
from dossiers.transitions import Status
from monitor.indicators import Request, Scope
from monitor.indicators.caseload import months_before, spread_texts, tables
from monitor.periods import Period
from testsupport.factories import TeamFactory, UserFactory, dossier_for

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 11, 30, 12, tzinfo=AMSTERDAM)


def _open(team, count: int, opened: datetime, regisseur=None, status: str = Status.UITVOERING) -> None:
    for _index in range(count):
        dossier = dossier_for(team, status=status, regisseur=regisseur)
        Dossier.objects.filter(pk=dossier.pk).update(opened_at=opened)


@pytest.fixture
def town():
    north, south = TeamFactory(name="Team Noord"), TeamFactory(name="Team Zuid")
    workers = [UserFactory(role=Role.GENERALIST) for _index in range(5)]
    for k, worker in enumerate(workers):  # 1 + 2 + 3 + 4 + 5 = 15 open dossiers, under 6 months
        _open(north, k + 1, datetime(2026, 9, 1, tzinfo=AMSTERDAM), regisseur=worker)
    _open(north, 6, datetime(2026, 3, 1, tzinfo=AMSTERDAM), regisseur=workers[0])  # 6 to 12 months
    _open(north, 7, datetime(2025, 1, 1, tzinfo=AMSTERDAM), regisseur=workers[1])  # 12 months or longer
    _open(south, 8, datetime(2026, 10, 1, tzinfo=AMSTERDAM), regisseur=UserFactory(role=Role.GENERALIST))
    _open(south, 2, datetime(2026, 3, 1, tzinfo=AMSTERDAM), status=Status.AANGEMELD)  # small: "< 5"
    _open(south, 4, datetime(2020, 1, 1, tzinfo=AMSTERDAM), status=Status.AFGESLOTEN)  # closed: not counted
    return {"north": north, "south": south}


def _request(scope: Scope | None = None) -> Request:
    period = Period.parse("2026-K4")
    assert period is not None
    return Request(period=period, now=NOW, threshold=5, scope=scope or Scope(wijk_ids=None, team_ids=None))


def test_months_before_keeps_the_day_or_takes_the_last_of_a_shorter_month() -> None:
    assert months_before(NOW, 6) == datetime(2026, 5, 30, 12, tzinfo=AMSTERDAM)
    assert months_before(datetime(2026, 8, 31, tzinfo=AMSTERDAM), 6) == datetime(2026, 2, 28, tzinfo=AMSTERDAM)
    assert months_before(NOW, 12) == datetime(2025, 11, 30, 12, tzinfo=AMSTERDAM)


def test_open_dossiers_per_team_by_months_open_with_the_small_cells_hidden(town) -> None:
    open_table, _spread = tables(_request())
    # Zuid has 2 open 6 to 12 months (waiting, without a regisseur): hidden, and with it three more cells, so the
    # totals do not give it back. Closed dossiers do not count.
    assert open_table.body() == [
        ("Team Noord", ["< 5", "< 5", "7", "28"]),
        ("Team Zuid", ["< 5", "< 5", "0", "10"]),
        ("Totaal", ["23", "8", "7", "38"]),
    ]
    assert open_table.grid.values[:2] == ((15, 6, 7, 28), (8, 2, 0, 10))


def test_the_spread_over_regisseurs_names_nobody_and_hides_a_small_team(town) -> None:
    _open_table, spread = tables(_request())
    # Noord: five regisseurs with 1+6, 2+7, 3, 4, 5 open dossiers: median 5, most 9. Zuid: one regisseur.
    north, south, total = spread.body()
    assert north == ("Team Noord", ["5", "5", "9"])
    assert south == ("Team Zuid", ["< 5", "–", "–"])
    assert total[0] == "Totaal" and total[1][0] == "6"
    assert spread.header == [
        "Team",
        "Regisseurs met open dossiers",
        "Middelste regisseur (mediaan)",
        "Drukste regisseur (hoogste aantal)",
    ]


def test_no_median_over_a_hidden_number_of_open_dossiers() -> None:
    assert spread_texts([3, 4, 5, 6, 7], open_shown=False, threshold=5) == ["5", "–", "–"]
    assert spread_texts([3, 4, 5, 6], open_shown=True, threshold=5) == ["< 5", "–", "–"]
    assert spread_texts([3, 4, 5, 6, 7, 8], open_shown=True, threshold=5) == ["6", "5,5", "8"]


def test_a_team_leader_sees_the_own_team_only(town) -> None:
    leader_scope = Scope(wijk_ids=frozenset(), team_ids=frozenset([town["north"].pk]))
    for table in tables(_request(leader_scope)):
        assert [label for label, _texts in table.body()] == ["Team Noord"]


def test_the_page_shows_the_caseload_without_a_name(town) -> None:
    html = logged_in(UserFactory(role=Role.BELEIDSMEDEWERKER)).get("/monitor/").content.decode()
    assert "Caseload en langlopende dossiers nu" in html and "Drukste regisseur (hoogste aantal)" in html
    regisseur = Dossier.objects.filter(regisseur__isnull=False).select_related("regisseur").first().regisseur
    assert regisseur.last_name not in html


def test_the_queries_do_not_grow_with_the_number_of_dossiers(town, django_assert_max_num_queries) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        tables(_request())
    _open(town["south"], 12, datetime(2024, 1, 1, tzinfo=AMSTERDAM), regisseur=UserFactory(role=Role.GENERALIST))
    with django_assert_max_num_queries(len(before.captured_queries)):
        tables(_request())


def test_the_live_counts_read_only_the_open_caseload_index(town) -> None:
    """At city size a count over the dossier table itself takes 130 ms a page (SQLite, 1,000,000 residents); the
    covering index dossiers_open_caseload answers both counts (docs/performance.md)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "sqlite":
        pytest.skip("the plan is SQLite's; PostgreSQL chooses by its statistics (timed by make bench)")
    with CaptureQueriesContext(connection) as captured:
        tables(_request())
    counts = [q["sql"] for q in captured.captured_queries if 'FROM "dossiers_dossier"' in q["sql"]]
    assert len(counts) == 2
    with connection.cursor() as cursor:
        for sql in counts:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "COVERING INDEX dossiers_open_caseload" in plan, plan
