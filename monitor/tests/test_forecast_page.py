"""Indicator 11 on a small hand-made municipality: the rebuild's facts, the team's figures worked back from them,
the forecast on the monitor page and on its own what-if page; who may see it, hostile input, bounded queries."""

import re
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from audit.models import AccessAction, AccessLogEntry
from consent.tests.support import logged_in
from dossiers.models import Dossier
from dossiers.transitions import Status
from monitor import forecast
from monitor.indicators import Request, Scope
from monitor.indicators import forecast as indicator
from monitor.models import MonitorFact
from monitor.periods import Period
from testsupport.factories import TeamFactory, UserFactory, dossier_for, member_of

pytestmark = pytest.mark.django_db
URL = "/monitor/prognose/"


def _moment(months_back: int, day: int) -> datetime:
    first = indicator.month_start(timezone.localdate(), months_back)
    return timezone.make_aware(datetime(first.year, first.month, day, 12))


def _dossiers(team, count: int, opened: datetime, status: str = Status.UITVOERING, closed: datetime | None = None):
    """`count` dossiers of one household (the forecast counts dossiers, never looks at whose they are)."""
    household = dossier_for(team, status=Status.AFGESLOTEN, closed_at=opened).huishouden
    Dossier.objects.filter(huishouden=household).delete()
    Dossier.objects.bulk_create(
        Dossier(
            huishouden=household,
            team=team,
            status=Status.AFGESLOTEN if closed else status,
            opened_at=opened,
            closed_at=closed,
        )
        for _index in range(count)
    )


def _rebuild() -> None:
    MonitorFact.objects.filter(indicator=indicator.FACT).delete()
    MonitorFact.objects.bulk_create(indicator.build(timezone.localdate()))


@pytest.fixture
def town():
    """Team Noord: 60 dossiers opened 14 months ago, 3 of them closed in each of the last 12 full months; 5 new ones
    in each of those months, those of the last two still waiting. Two generalists of 0.8 FTE. Team Zuid: 3 open."""
    north, south = TeamFactory(name="Team Noord"), TeamFactory(name="Team Zuid")
    _dossiers(north, 24, _moment(14, 5))  # the 24 of the 60 that stay open
    for back in range(1, 13):
        _dossiers(north, 3, _moment(14, 5), closed=_moment(back, 20))
        _dossiers(north, 5, _moment(back, 10), status=Status.AANGEMELD if back <= 2 else Status.UITVOERING)
    for _index in range(2):
        member_of(north, UserFactory(role=Role.GENERALIST))
    member_of(north, UserFactory(role=Role.TEAMLEIDER), leader=True)  # not a generalist: no capacity
    _dossiers(south, 3, _moment(4, 10))
    member_of(south, UserFactory(role=Role.GENERALIST))
    _rebuild()
    return {"north": north, "south": south}


def _request(scope: Scope | None = None) -> Request:
    period = Period.parse("2026-K3")
    assert period is not None
    return Request(period=period, now=timezone.now(), threshold=5, scope=scope or Scope(None, None))


def _three_months_ahead(html: str) -> list[str]:
    """The cells of the page's row three months ahead."""
    row = html[html.index("(over 3 maanden)") :]
    return re.findall(r"<td[^>]*>(.*?)</td>", row[: row.index("</tr>")])


def _north(town) -> indicator.TeamForecast:
    (north,) = indicator.team_figures(timezone.now(), 5, [town["north"].pk])
    return north


def test_the_rebuild_writes_opened_closed_and_open_per_team(town) -> None:
    facts = MonitorFact.objects.filter(indicator=indicator.FACT, team=town["north"])
    assert sum(f.value for f in facts if f.category == indicator.OPENED) == 60
    assert sum(f.value for f in facts if f.category == indicator.CLOSED) == 36
    assert [f.value for f in facts if f.category == indicator.OPEN] == [84]


def test_the_team_figures_are_worked_back_from_the_facts(town) -> None:
    figures = _north(town).figures
    assert figures.inflow == (5,) * 12
    # Open at the start of the k-th month of the window (k = 0..11): 60 − 3k + 5k; 36 closed over them.
    assert figures.closing_rate == pytest.approx(36 / sum(60 + 2 * k for k in range(12)))
    assert (figures.waiting, figures.caseload, figures.fte) == (10, 74, 1.6)


def test_the_monitor_table_gives_the_forecast_per_team_and_none_for_a_small_team(town) -> None:
    (table,) = indicator.tables(_request())
    north, south, total = table.body()
    # 1.6 FTE × 40 = room for 64, and 74 in work: nobody starts until closures free a place (74 × (1 − 0.042)³ is
    # still 65 after three months), so the 10 waiting become 10 + 3 × 5.
    assert north[1][:4] == ["1,6", "64", "5,0", "25"]
    expected = forecast.simulate(_north(town).figures, forecast.WhatIf(norm=40)).waiting_bands()
    assert north[1][4:] == [indicator.band_text(expected[6]), indicator.band_text(expected[12])]
    assert south == ("Team Zuid", ["0,8", "32", "–", "–", "–", "–"])
    assert total[0] == "Totaal" and total[1][:3] == ["2,4", "96", "5,0"]


def test_a_team_leader_sees_the_own_team_row_only(town) -> None:
    (table,) = indicator.tables(_request(Scope(wijk_ids=frozenset(), team_ids=frozenset([town["north"].pk]))))
    assert [label for label, _texts in table.body()] == ["Team Noord"]


def test_the_monitor_page_has_the_section_and_links_to_the_what_if(town) -> None:
    html = logged_in(UserFactory(role=Role.BELEIDSMEDEWERKER)).get("/monitor/").content.decode()
    assert "Capaciteitsprognose" in html and f'href="{URL}"' in html


def test_the_policy_advisor_sees_a_team_forecast_and_the_look_is_logged(town) -> None:
    client = logged_in(UserFactory(role=Role.BELEIDSMEDEWERKER))
    response = client.get(URL, {"team": town["north"].pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Wachtlijst van Team Noord de komende 12 maanden" in html and "<svg" in html
    assert _three_months_ahead(html)[0] == "25"
    entry = AccessLogEntry.objects.filter(object_type="monitor").latest("id")
    assert entry.action == AccessAction.VIEW and entry.basis == "geaggregeerd"
    assert entry.detail == f"prognose team={town['north'].pk} instroom=0 fte=0 norm=40"


def test_the_what_if_changes_the_answer(town) -> None:
    client = logged_in(UserFactory(role=Role.BELEIDSMEDEWERKER))
    html = client.get(URL, {"team": town["north"].pk, "fte": "1,5"}).content.decode()
    # 3.1 FTE: room for 124, so the waiting list is picked up; the list without changes stays beside it.
    assert "Wachtlijst zonder veranderingen" in html
    figures = _north(town).figures
    changed = forecast.simulate(figures, forecast.WhatIf(norm=40, fte_change=1.5)).waiting_bands()
    assert changed[3].median < 25
    in_work = forecast.simulate(figures, forecast.WhatIf(norm=40, fte_change=1.5)).caseload_bands()[3].median
    assert _three_months_ahead(html) == [
        indicator.dossiers_text(changed[3].median),
        indicator.dossiers_text(changed[3].low),  # no spread in the inflow: no margin
        indicator.dossiers_text(in_work),
        "25",
    ]


def test_the_team_leader_gets_the_own_team_by_default(town) -> None:
    leader = member_of(town["north"], UserFactory(role=Role.TEAMLEIDER), leader=True)
    html = logged_in(leader).get(URL).content.decode()
    assert "Wachtlijst van Team Noord" in html


def test_a_team_leader_asking_for_another_team_is_refused_with_a_message(town) -> None:
    leader = member_of(town["north"], UserFactory(role=Role.TEAMLEIDER), leader=True)
    response = logged_in(leader).get(URL, {"team": town["south"].pk})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Dit team kunt u niet kiezen" in html and "Wachtlijst van" not in html
    assert AccessLogEntry.objects.filter(action=AccessAction.DENIED, detail__startswith="prognose").exists()


@pytest.mark.parametrize(
    "role", [Role.GENERALIST, Role.CONSULENT, Role.PRIVACY_OFFICER, Role.SPECIALIST, Role.FUNCTIONEEL_BEHEERDER]
)
def test_roles_without_figures_get_a_refusal(town, role: str) -> None:
    assert logged_in(UserFactory(role=role)).get(URL).status_code == 403


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"instroom": "veel"}, "Vul een heel getal in"),
        ({"instroom": "1000000000000000000000"}, "hoogstens 100"),
        ({"instroom": "-80"}, "minstens -50"),
        ({"fte": "1e308"}, "hoogstens 50"),
        ({"fte": "-2"}, "er kan niet meer af dan dat"),
        ({"fte": "NaN"}, "Vul een getal in"),
        ({"norm": "0"}, "minstens 1"),
        ({"norm": "<script>"}, "Vul een getal in"),
        ({"team": "abc"}, "Dit team kunt u niet kiezen"),
        ({"team": "99999999999999999999999"}, "Dit team kunt u niet kiezen"),
    ],
)
def test_hostile_input_gives_a_dutch_form_error_not_a_500(town, query: dict[str, str], message: str) -> None:
    response = logged_in(UserFactory(role=Role.BELEIDSMEDEWERKER)).get(URL, {"team": town["north"].pk, **query})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html.replace("&#x27;", "'") and "Wachtlijst van" not in html
    assert "<script>" not in html


def test_a_small_team_gets_no_forecast(town) -> None:
    html = logged_in(UserFactory(role=Role.BELEIDSMEDEWERKER)).get(URL, {"team": town["south"].pk}).content.decode()
    assert "Voor dit team is er geen prognose" in html and "<svg" not in html


def test_the_page_queries_do_not_grow_with_the_dossiers(town, django_assert_max_num_queries) -> None:
    client = logged_in(UserFactory(role=Role.BELEIDSMEDEWERKER))
    with CaptureQueriesContext(connection) as before:
        client.get(URL, {"team": town["north"].pk, "instroom": "10"})
    for back in range(1, 13):
        _dossiers(town["north"], 2, _moment(back, 11))
    _rebuild()
    with django_assert_max_num_queries(len(before.captured_queries)):
        assert client.get(URL, {"team": town["north"].pk, "instroom": "10"}).status_code == 200
    assert len(before.captured_queries) <= 45  # most of them the cache of the suppression and of the runs


def test_a_membership_that_ended_does_not_count_as_fte(town) -> None:
    from organisation.models import TeamMembership

    TeamMembership.objects.filter(team=town["south"]).update(end=timezone.localdate() - timedelta(days=1))
    assert indicator.generalist_fte(timezone.localdate()).get(town["south"].pk) is None
    assert indicator.generalist_fte(timezone.localdate())[town["north"].pk] == Decimal("1.60")
