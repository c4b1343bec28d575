"""The monitor on a small hand-made municipality: the inflow counted right, small counts hidden everywhere they show
(page, CSV), only the roles that may see figures get them, a team leader only their own teams, and every look logged."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from accounts.models import Role
from audit.models import AccessLogEntry
from consent.tests.support import logged_in
from dossiers.models import Melding, Route
from monitor.facts import rebuild
from monitor.models import InflowFact
from testsupport.factories import (
    BuurtFactory,
    InwonerFactory,
    TeamFactory,
    UserFactory,
    WijkFactory,
    dossier_for,
    member_of,
)

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
URL = "/monitor/"


def _meldingen(team, wijk, route: str, count: int, when: datetime, born: int = 1980, regime: str = "") -> None:
    buurt = BuurtFactory(wijk=wijk)
    registrar = UserFactory(role=Role.GENERALIST)
    for _index in range(count):
        dossier = dossier_for(team)
        inwoner = InwonerFactory(buurt=buurt, geboortedatum=datetime(born, 6, 1).date())
        Melding.objects.create(
            dossier=dossier,
            inwoner=inwoner,
            route=route,
            regime=regime,
            received_at=when,
            description="x",
            registered_by=registrar,
        )


@pytest.fixture
def town():
    north, south = WijkFactory(name="Noord"), WijkFactory(name="Zuid")
    team_north, team_south = TeamFactory(name="Team Noord"), TeamFactory(name="Team Zuid")
    spring = datetime(2026, 4, 10, 10, tzinfo=AMSTERDAM)
    _meldingen(team_north, north, Route.HUISARTS, 12, spring)
    _meldingen(team_north, north, Route.SCHOOL, 3, spring, born=2014)  # a small count: must read "< 5"
    _meldingen(team_south, south, Route.HUISARTS, 9, spring)
    _meldingen(team_south, south, Route.SCHOOL, 8, spring, born=2012)
    _meldingen(team_south, south, Route.ZELFMELDER, 7, datetime(2026, 9, 1, 10, tzinfo=AMSTERDAM))
    rebuild()
    return {"north": north, "south": south, "team_north": team_north, "team_south": team_south}


def test_the_rebuild_counts_meldingen_per_month_wijk_route_and_age_band(town) -> None:
    facts = {(f.month.isoformat(), f.wijk.name, f.route, f.age_band): f.count for f in InflowFact.objects.all()}
    assert facts[("2026-04-01", "Noord", "huisarts", "27-64")] == 12
    assert facts[("2026-04-01", "Noord", "school", "0-17")] == 3
    assert facts[("2026-09-01", "Zuid", "zelfmelder", "27-64")] == 7
    assert sum(facts.values()) == 39


def test_a_small_count_reads_less_than_five_and_the_totals_do_not_give_it_away(town) -> None:
    policy = UserFactory(role=Role.BELEIDSMEDEWERKER)
    html = logged_in(policy).get(URL, {"periode": "2026-K2"}).content.decode()
    assert "&lt; 5" in html
    noord = html[html.index('<th scope="row" class="utrecht-table__header-cell">Noord</th>') :]
    noord = noord[: noord.index("</tr>")]
    assert ">3<" not in noord
    # With 3 hidden in Noord, Noord's total (15) and the school total (11) must not both be shown with the rest.
    assert not (">15<" in noord and ">12<" in noord)


def test_the_csv_export_hides_the_same_cells(town) -> None:
    policy = UserFactory(role=Role.BELEIDSMEDEWERKER)
    response = logged_in(policy).get(reverse("monitor:export_csv", args=["instroom-wijk"]), {"periode": "2026-K2"})
    text = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    noord = next(line for line in text.splitlines() if line.startswith("Noord;"))
    assert "< 5" in noord and ";3;" not in f"{noord};"


@pytest.mark.parametrize(
    "role", [Role.GENERALIST, Role.CONSULENT, Role.PRIVACY_OFFICER, Role.SPECIALIST, Role.FUNCTIONEEL_BEHEERDER]
)
def test_roles_without_figures_get_a_refusal(town, role: str) -> None:
    client = logged_in(UserFactory(role=role))
    assert client.get(URL).status_code == 403
    assert client.get(reverse("monitor:export_csv", args=["instroom-wijk"])).status_code == 403


def test_a_team_leader_sees_only_the_own_team_even_when_asking_for_another(town) -> None:
    leader = member_of(town["team_north"], UserFactory(role=Role.TEAMLEIDER), leader=True)
    client = logged_in(leader)
    html = client.get(URL, {"periode": "2026-K2", "team": town["team_south"].pk}).content.decode()
    assert "Team Noord" in html and "Team Zuid" not in html
    assert ">Zuid<" not in html


def test_every_look_is_logged_with_its_filters(town) -> None:
    policy = UserFactory(role=Role.BELEIDSMEDEWERKER)
    logged_in(policy).get(URL, {"periode": "2026-K2", "wijk": town["north"].pk})
    entry = AccessLogEntry.objects.filter(user=policy, object_type="monitor").get()
    assert entry.basis == "geaggregeerd" and "periode=2026-K2" in entry.detail
    assert entry.dossier_id is None


@pytest.mark.parametrize("query", [{"periode": "1999-K9"}, {"periode": "<script>"}, {"wijk": "abc"}, {"team": "-1"}])
def test_hostile_filters_fall_back_to_the_default_view(town, query: dict[str, str]) -> None:
    response = logged_in(UserFactory(role=Role.BELEIDSMEDEWERKER)).get(URL, query)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_no_monitor_page_links_to_a_dossier_or_names_a_resident(town) -> None:
    html = logged_in(UserFactory(role=Role.BELEIDSMEDEWERKER)).get(URL, {"periode": "2026"}).content.decode()
    assert "/dossiers/" not in html.replace('href="/dossiers/"', "")
    assert "Jansen" not in html and "Fatima" not in html


def test_a_wijk_named_like_a_formula_does_not_run_in_the_csv(town) -> None:
    town["north"].name = '=HYPERLINK("http://evil.example","Noord")'
    town["north"].save()
    policy = UserFactory(role=Role.BELEIDSMEDEWERKER)
    text = logged_in(policy).get(reverse("monitor:export_csv", args=["instroom-wijk"]), {"periode": "2026-K2"}).content
    first_cells = [row[0] for row in csv.reader(io.StringIO(text.decode()), delimiter=";") if row]
    assert "'" + town["north"].name in first_cells
    assert not any(cell.startswith("=") for cell in first_cells)
