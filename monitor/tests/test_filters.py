"""The law and age filters of the monitor: in the URL, exact on a small hand-made municipality, refused when they
make no sense, and never a way to work out a hidden count by setting a law's table off against the others."""

from datetime import datetime
from unittest import mock

import pytest
from django.urls import reverse

from accounts.models import Role
from consent.tests.support import logged_in
from dossiers.models import Regime, Route
from monitor.facts import rebuild
from monitor.indicators import inflow, registered
from monitor.tests.test_interface import _page_table
from monitor.tests.test_monitor import AMSTERDAM, URL
from monitor.tests.test_monitor import _meldingen as meldingen
from testsupport.factories import (
    TeamFactory,
    UserFactory,
    WijkFactory,
    member_of,
)

pytestmark = pytest.mark.django_db
SPRING = datetime(2026, 4, 10, 10, tzinfo=AMSTERDAM)
QUARTER = {"periode": "2026-K2"}


def _meldingen(team, wijk, route: str, regime: str, count: int, born: int = 1980) -> None:
    meldingen(team, wijk, route, count, SPRING, born=born, regime=regime)


@pytest.fixture
def town():
    """Noord: 12 Wmo by the GP, 6 Jeugdwet by school (children); Zuid: 9 Wmo by the GP, 8 Jeugdwet by school
    (children), 7 Participatiewet self-reported. No count below 5 anywhere: every figure is shown."""
    north, south = WijkFactory(name="Noord"), WijkFactory(name="Zuid")
    team_north, team_south = TeamFactory(name="Team Noord"), TeamFactory(name="Team Zuid")
    _meldingen(team_north, north, Route.HUISARTS, Regime.WMO, 12)
    _meldingen(team_north, north, Route.SCHOOL, Regime.JEUGDWET, 6, born=2014)
    _meldingen(team_south, south, Route.HUISARTS, Regime.WMO, 9)
    _meldingen(team_south, south, Route.SCHOOL, Regime.JEUGDWET, 8, born=2012)
    _meldingen(team_south, south, Route.ZELFMELDER, Regime.PARTICIPATIEWET, 7)
    return {"north": north, "south": south, "team_north": team_north, "team_south": team_south}


def _policy():
    return logged_in(UserFactory(role=Role.BELEIDSMEDEWERKER))


def _inflow_only():
    return mock.patch("monitor.views.registered", return_value=[inflow.INDICATOR])


def _rows(page: str, key: str) -> dict[str, dict[str, str]]:
    """The rows of one table on the page by their label, each as {column header: text}."""
    header, *rows = _page_table(page, key)
    return {row[0]: dict(zip(header, row, strict=True)) for row in rows}


def test_the_law_filter_counts_only_the_meldingen_under_that_law(town) -> None:
    rebuild()
    with _inflow_only():
        page = _policy().get(URL, {**QUARTER, "wet": Regime.JEUGDWET}).content.decode()
    rows = _rows(page, "instroom-wijk")
    assert rows["Noord"]["School"] == "6" and rows["Noord"]["Huisarts"] == "0" and rows["Noord"]["Totaal"] == "6"
    assert rows["Zuid"]["Totaal"] == "8" and rows["Totaal"]["Totaal"] == "14"
    teams = _rows(page, "instroom-team")
    assert teams["Team Zuid"]["School"] == "8" and teams["Team Zuid"]["Zelfmelder"] == "0"
    assert "Meldingen per wijk en route: Jeugdwet" in page


def test_without_a_law_every_melding_counts(town) -> None:
    rebuild()
    with _inflow_only():
        page = _policy().get(URL, QUARTER).content.decode()
    rows = _rows(page, "instroom-wijk")
    assert rows["Noord"]["Totaal"] == "18" and rows["Zuid"]["Totaal"] == "24" and rows["Totaal"]["Totaal"] == "42"


def test_the_age_filter_counts_the_meldingen_about_that_age_and_rates_them_per_resident_of_that_age(town) -> None:
    rebuild()
    with _inflow_only():
        page = _policy().get(URL, {**QUARTER, "groep": "0-17"}).content.decode()
    rows = _rows(page, "instroom-wijk")
    assert rows["Noord"]["Totaal"] == "6" and rows["Zuid"]["Totaal"] == "8"
    # Each melding is about another child: 6 meldingen about the 6 children of Noord is 1,000 per 1,000 children.
    assert rows["Noord"]["Per 1.000 inwoners van die leeftijd"] == "1000,0"


def test_the_filters_live_in_the_url_and_in_the_export_links(town) -> None:
    rebuild()
    query = {**QUARTER, "wet": Regime.WMO}
    page = _policy().get(URL, query).content.decode()
    assert 'value="wmo" selected' in page
    assert "/monitor/export/instroom-wijk.xlsx?periode=2026-K2&amp;wet=wmo" in page
    text = _policy().get(reverse("monitor:export_csv", args=["instroom-wijk"]), query).content.decode()
    assert next(line for line in text.splitlines() if line.startswith("Noord;")).split(";")[1:3] == ["0", "12"]


def test_an_indicator_that_cannot_be_split_by_law_says_so_under_its_title(town) -> None:
    page = _policy().get(URL, {**QUARTER, "wet": Regime.WMO}).content.decode()
    unsplit = [item for item in registered() if "wet" not in item.splits]
    assert unsplit and page.count("Niet uitgesplitst naar wet") == len(unsplit)
    inflow_section = page[
        page.index('id="sectie-instroom"') : page.index("</section>", page.index('id="sectie-instroom"'))
    ]
    assert "Niet uitgesplitst" not in inflow_section
    assert "Niet uitgesplitst naar wet" not in _policy().get(URL, QUARTER).content.decode()


@pytest.mark.parametrize("query", [{"wet": "wlz"}, {"groep": "<script>"}, {"wet": "wmo", "groep": "0-17"}])
def test_a_law_or_age_that_cannot_be_shown_gets_a_clear_message_and_the_default_view(town, query) -> None:
    response = _policy().get(URL, {**QUARTER, **query})
    page = response.content.decode()
    assert response.status_code == 200 and "<script>" not in page
    assert "utrecht-form-field-error-message" in page
    if "groep" in query and "wet" in query:
        assert "Kies een wet of een leeftijd, niet allebei tegelijk." in page


def test_a_team_leader_asking_for_another_team_with_a_law_sees_only_the_own_team(town) -> None:
    rebuild()
    leader = member_of(town["team_north"], UserFactory(role=Role.TEAMLEIDER), leader=True)
    with _inflow_only():
        page = logged_in(leader).get(URL, {**QUARTER, "wet": Regime.JEUGDWET, "team": town["team_south"].pk})
    html = page.content.decode()
    assert "Team Noord" in html and "Team Zuid" not in html and ">Zuid<" not in html


def test_a_small_count_in_one_law_cannot_be_worked_out_from_the_other_laws_and_the_total(town) -> None:
    # 3 Jeugdwet meldingen by school in Noord beside 10 Wmo ones: the unfiltered school count of Noord (13) minus the
    # Wmo one (10) would give the 3 away if the law tables were suppressed each on their own.
    _meldingen(town["team_north"], town["north"], Route.SCHOOL, Regime.WMO, 10)
    _meldingen(town["team_north"], town["north"], Route.SCHOOL, Regime.PARTICIPATIEWET, 3)
    rebuild()
    client = _policy()
    shown: dict[str, str] = {}
    with _inflow_only():
        for law in ["", *Regime.values]:
            page = client.get(URL, {**QUARTER, "wet": law}).content.decode()
            shown[law] = _rows(page, "instroom-wijk")["Noord"]["School"]
    assert shown[Regime.PARTICIPATIEWET] == "< 5"
    # Noord's school count is 10 Wmo + 6 Jeugdwet + 3 Participatiewet = 19 in all. With only the 3 hidden, the total
    # minus the shown laws gives it back: a second figure of these six (total and five laws) must be hidden too.
    visible = [law for law in ["", *Regime.values] if shown[law] != "< 5"]
    assert len(visible) < len(Regime.values), shown
