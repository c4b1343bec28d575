"""Indicator 5 on a small hand-made municipality: closed dossiers counted on their highest ladder step, the share
solved in the team, and small cells hidden with every share over them (docs/monitor.md)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from accounts.models import Role
from consent.tests.support import logged_in
from dossiers.models import Dossier, Melding, Route
from dossiers.transitions import CloseReason, Status
from monitor.facts import rebuild
from monitor.indicators import Request, Scope
from monitor.indicators.ladder import share_texts, solved_text, tables
from monitor.models import MonitorFact
from monitor.periods import Period
from monitor.suppression import Grid
from plans.models import Actie, Doel, Plan
from testsupport.factories import BuurtFactory, InwonerFactory, TeamFactory, UserFactory, WijkFactory, dossier_for

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SPRING = datetime(2026, 4, 15, 12, tzinfo=AMSTERDAM)


def _closed(team, wijk, count: int, *, step: str = "", reason: str = CloseReason.DOELEN_BEREIKT, network=False):
    buurt = BuurtFactory(wijk=wijk)
    registrar = UserFactory(role=Role.GENERALIST)
    for _index in range(count):
        dossier = dossier_for(team)
        Melding.objects.create(
            dossier=dossier,
            inwoner=InwonerFactory(buurt=buurt),
            route=Route.ZELFMELDER,
            received_at=SPRING,
            description="x",
            registered_by=registrar,
        )
        if network:
            doel = Doel.objects.create(plan=Plan.objects.create(dossier=dossier), description="Samen koken")
            Actie.objects.create(doel=doel, description="Dochter kookt mee", uitvoerder="netwerk")
        Dossier.objects.filter(pk=dossier.pk).update(
            status=Status.AFGESLOTEN, closed_at=SPRING, close_reason=reason, outcome_step=step
        )


@pytest.fixture
def town():
    north, south = WijkFactory(name="Noord"), WijkFactory(name="Zuid")
    team_north, team_south = TeamFactory(name="Team Noord"), TeamFactory(name="Team Zuid")
    _closed(team_north, north, 10, step="eigen_kracht")
    _closed(team_north, north, 6, network=True)  # the records say: netwerk
    _closed(team_north, north, 5, reason=CloseReason.OVERGEDRAGEN)  # the close reason says: overgedragen
    _closed(team_north, north, 3, step="maatwerk_wmo")  # a small count: "< 5"
    _closed(team_south, south, 8, step="algemene_voorziening")
    _closed(team_south, south, 7, step="maatwerk_jeugdwet")
    _closed(team_south, south, 6)  # nothing recorded and nothing said: niet vastgelegd
    rebuild()
    return {"north": north, "south": south, "team_north": team_north, "team_south": team_south}


def _request(scope: Scope | None = None) -> Request:
    period = Period.parse("2026-K2")
    assert period is not None
    return Request(period=period, now=SPRING, threshold=5, scope=scope or Scope(wijk_ids=None, team_ids=None))


def test_the_rebuild_counts_closed_dossiers_on_their_highest_step(town) -> None:
    facts = {(f.team.name, f.category): f.value for f in MonitorFact.objects.filter(indicator="ladder")}
    assert facts == {
        ("Team Noord", "eigen_kracht"): 10,
        ("Team Noord", "netwerk"): 6,
        ("Team Noord", "overgedragen"): 5,
        ("Team Noord", "maatwerk_wmo"): 3,
        ("Team Zuid", "algemene_voorziening"): 8,
        ("Team Zuid", "maatwerk_jeugdwet"): 7,
        ("Team Zuid", "niet_vastgelegd"): 6,
    }


def test_the_share_solved_in_the_team_leaves_out_the_unknown_steps() -> None:
    # eigen kracht 10, netwerk 6, algemene voorziening 4 solved; maatwerk 20 not; 7 unknown: 20 of 40 = 50%.
    row = [10, 6, 4, 20, 0, 0, 0, 0, 7]
    grid = Grid.of([row, row])
    assert solved_text(grid, frozenset(), 5, 0) == "50%"


def test_the_team_table_hides_the_small_step_and_the_shares_that_would_give_it_away(town) -> None:
    _counts_wijk, _shares_wijk, counts_team, shares_team = tables(_request())
    # Maatwerk Wmo (3) is small; Overgedragen (5) is hidden too, so the row total cannot give the 3 back.
    assert counts_team.body() == [
        ("Team Noord", ["10", "6", "0", "< 5", "0", "0", "0", "< 5", "0", "24"]),
        ("Team Zuid", ["0", "0", "8", "0", "7", "0", "0", "0", "6", "21"]),
        ("Totaal", ["10", "6", "8", "< 5", "7", "0", "0", "< 5", "6", "45"]),
    ]
    # Shares over the dossiers with a known step; none for a hidden count. Noord: 16 of 24 solved in the team;
    # Zuid: the 6 unknown left out, 8 of 15.
    assert shares_team.body() == [
        ("Team Noord", ["42%", "25%", "0%", "–", "0%", "0%", "0%", "–", "24", "67%"]),
        ("Team Zuid", ["0%", "0%", "53%", "0%", "47%", "0%", "0%", "0%", "15", "53%"]),
        ("Totaal", ["26%", "15%", "21%", "–", "18%", "0%", "0%", "–", "39", "62%"]),
    ]
    assert shares_team.header[-2:] == ["Afgesloten, trede bekend", "In het team opgelost"]


def test_shares_are_shown_where_every_count_of_the_row_is_shown() -> None:
    row = [10, 6, 0, 0, 0, 0, 0, 9, 0]
    grid = Grid.of([row, row])
    texts = share_texts(grid, frozenset(), 5)
    assert texts[0][:2] == ["40%", "24%"] and texts[0][7] == "36%" and texts[0][8] == "25"
    assert solved_text(grid, frozenset(), 5, 0) == "64%"


def test_a_share_over_a_known_total_below_the_threshold_is_hidden() -> None:
    row = [2, 0, 0, 0, 0, 0, 0, 1, 9]
    grid = Grid.of([row, row])
    hidden = frozenset({(0, 0), (0, 7), (1, 0), (1, 7)})
    texts = share_texts(grid, hidden, 5)
    assert texts[0][8] == "< 5" and set(texts[0][:8]) == {"–"}
    assert solved_text(grid, hidden, 5, 0) == "–"


def test_a_team_leader_sees_the_own_team_row_only(town) -> None:
    scope = Scope(wijk_ids=frozenset([town["south"].pk]), team_ids=frozenset([town["team_south"].pk]))
    labels = [[label for label, _texts in table.body()] for table in tables(_request(scope))]
    assert labels == [["Zuid"], ["Zuid"], ["Team Zuid"], ["Team Zuid"]]


def test_the_page_and_the_csv_show_the_ladder(town) -> None:
    client = logged_in(UserFactory(role=Role.BELEIDSMEDEWERKER))
    html = client.get("/monitor/", {"periode": "2026-K2"}).content.decode()
    assert "Zelf opgelost of doorverwezen" in html and "In het team opgelost" in html
    response = client.get(reverse("monitor:export_csv", args=["ladder-team-aandeel"]), {"periode": "2026-K2"})
    assert response.status_code == 200 and "In het team opgelost" in response.content.decode()


def test_the_queries_do_not_grow_with_the_number_of_dossiers(town, django_assert_max_num_queries) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        tables(_request())
    _closed(town["team_south"], town["south"], 9, step="netwerk")
    rebuild()
    with django_assert_max_num_queries(len(before.captured_queries)):
        tables(_request())
