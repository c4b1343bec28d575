"""The monitor's interface on the small hand-made municipality of test_monitor: the XLSX export holds exactly the
table the page shows (hidden cells as the text "< 5"), the filters live in the URL, the team leader's start page
leads into the monitor on the own team, and suppression is worked out once per table of counts."""

import html
import re
from datetime import datetime
from io import BytesIO
from unittest import mock

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from audit.models import AccessAction, AccessLogEntry
from consent.tests.support import logged_in
from dossiers.models import Route
from monitor import cubes, exports
from monitor.facts import rebuild
from monitor.models import InflowFact
from monitor.suppression import Grid
from monitor.tables import PublishedTable
from monitor.tests import test_monitor
from monitor.tests.test_monitor import AMSTERDAM, URL, _meldingen
from testsupport.factories import TeamFactory, UserFactory, WijkFactory, member_of

pytestmark = pytest.mark.django_db
#: The small hand-made municipality of test_monitor (Noord and Zuid, 3 school meldingen in Noord).
town = test_monitor.town


def _policy_client():
    return logged_in(UserFactory(role=Role.BELEIDSMEDEWERKER))


def _xlsx(client, table_key: str, query: dict[str, object]):
    response = client.get(reverse("monitor:export_xlsx", args=[table_key]), query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert f'filename="monitor-{table_key}.xlsx"' in response["Content-Disposition"]
    return load_workbook(BytesIO(response.content)).active


def _page_table(page: str, table_key: str) -> list[list[str]]:
    """The header and rows of one table on the page, as the texts a reader sees."""
    start = page.index(f'id="titel-{table_key}"')
    table = page[page.index("<table", start) : page.index("</table>", start)]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    return [[html.unescape(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)] for row in rows]


def _comparable(value: object) -> object:
    """A page text ("1.000,0", "15") or a spreadsheet value (1000, 15) as a number when it is one."""
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).replace(".", "").replace(",", "."))
    except ValueError:
        return value


def _inflow_only():
    """Only indicator 1 on the page: the counts below are about its tables, whatever other indicators exist."""
    from monitor.indicators import inflow

    return mock.patch("monitor.views.registered", return_value=[inflow.INDICATOR])


def test_the_xlsx_holds_the_same_header_and_rows_as_the_page(town) -> None:
    client = _policy_client()
    query = {"periode": "2026-K2"}
    page = client.get(URL, query).content.decode()
    sheet = _xlsx(client, "instroom-wijk", query)

    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    shown = _page_table(page, "instroom-wijk")
    assert [[_comparable(value) for value in row] for row in rows] == [
        [_comparable(text) for text in row] for row in shown
    ]
    assert rows[0][0] == "Wijk" and [row[0] for row in rows[1:]] == ["Noord", "Zuid", "Totaal"]


def test_the_xlsx_gives_shown_counts_as_numbers_and_hidden_ones_as_text(town) -> None:
    sheet = _xlsx(_policy_client(), "instroom-wijk", {"periode": "2026-K2"})
    header = [cell.value for cell in sheet[1]]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    school, total = header.index(str(Route.SCHOOL.label)), header.index("Totaal")

    hidden = rows["Noord"][school]
    assert hidden.value == "< 5" and hidden.data_type == "s", "the 3 school meldingen in Noord stay hidden"
    assert 3 not in [cell.value for cell in rows["Noord"]]
    shown = [cell for row in rows.values() for cell in row[1 : total + 1] if cell.value != "< 5"]
    assert shown and all(isinstance(cell.value, int) and cell.data_type == "n" for cell in shown)
    assert rows["Totaal"][total].value == 39 - 7, "the grand total of the quarter, a number"


def test_the_xlsx_of_a_filtered_view_shows_only_the_rows_of_the_page(town) -> None:
    sheet = _xlsx(_policy_client(), "instroom-wijk", {"periode": "2026-K2", "wijk": town["south"].pk})
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Zuid"]


def test_a_name_that_looks_like_a_formula_stays_text_in_the_xlsx(town) -> None:
    WijkFactory(name="=HYPERLINK(1)")
    sheet = _xlsx(_policy_client(), "instroom-wijk", {"periode": "2026-K2"})
    cell = next(row[0] for row in sheet.iter_rows(min_row=2) if str(row[0].value).startswith("="))
    assert cell.data_type == "s"


def test_the_xlsx_export_is_logged_with_its_filters(town) -> None:
    client = _policy_client()
    client.get(reverse("monitor:export_xlsx", args=["instroom-team"]), {"periode": "2026-K2"})
    entry = AccessLogEntry.objects.get(object_type="monitor")
    assert entry.basis == "geaggregeerd" and entry.dossier_id is None
    assert "xlsx instroom-team" in entry.detail and "periode=2026-K2" in entry.detail


def test_an_unknown_table_is_refused_and_logged(town) -> None:
    response = _policy_client().get(reverse("monitor:export_xlsx", args=["geen-tabel"]))
    assert response.status_code == 404
    assert AccessLogEntry.objects.get(object_type="monitor").action == AccessAction.DENIED


@pytest.mark.parametrize(
    "role", [Role.GENERALIST, Role.CONSULENT, Role.PRIVACY_OFFICER, Role.SPECIALIST, Role.FUNCTIONEEL_BEHEERDER]
)
def test_roles_without_figures_get_no_xlsx(town, role: str) -> None:
    response = logged_in(UserFactory(role=role)).get(reverse("monitor:export_xlsx", args=["instroom-wijk"]))
    assert response.status_code == 403


def test_every_table_has_a_csv_and_an_xlsx_link_with_the_filters(town) -> None:
    page = _policy_client().get(URL, {"periode": "2026-K2"}).content.decode()
    for key in ("instroom-wijk", "instroom-team", "wachtlijst"):
        assert f"/monitor/export/{key}.csv?periode=2026-K2" in page
        assert f"/monitor/export/{key}.xlsx?periode=2026-K2" in page


def test_the_periods_are_grouped_by_year_newest_first(town) -> None:
    page = _policy_client().get(URL).content.decode()
    years = re.findall(r'<optgroup label="(\d{4})">', page)
    assert years and years == sorted(years, reverse=True)
    group_2026 = page[page.index('<optgroup label="2026">') :]
    group_2026 = group_2026[: group_2026.index("</optgroup>")]
    assert 'value="2026-K2"' in group_2026 and 'value="2026-04"' in group_2026 and 'value="2025' not in group_2026


def test_a_shared_link_shows_the_same_filtered_view(town) -> None:
    page = _policy_client().get(URL, {"periode": "2026-K2", "wijk": town["north"].pk}).content.decode()
    assert 'value="2026-K2" selected' in page
    assert f'value="{town["north"].pk}" selected' in page
    assert 'scope="row" class="utrecht-table__header-cell">Noord<' in page
    assert 'scope="row" class="utrecht-table__header-cell">Zuid<' not in page


def test_filters_can_be_cleared_with_one_link(town) -> None:
    page = _policy_client().get(URL, {"periode": "2026-K2", "team": town["team_south"].pk}).content.decode()
    assert f'<a class="utrecht-link" href="{URL}">Filters wissen</a>' in page


def test_the_team_leaders_start_page_links_to_the_monitor_on_the_own_team(town) -> None:
    leader = member_of(town["team_north"], UserFactory(role=Role.TEAMLEIDER), leader=True)
    page = logged_in(leader).get(reverse("core:start_team")).content.decode()
    assert f'href="{URL}?team={town["team_north"].pk}">Cijfers van uw team in de monitor</a>' in page


def test_a_leader_of_two_teams_is_linked_to_the_monitor_of_both(town) -> None:
    leader = member_of(town["team_north"], UserFactory(role=Role.TEAMLEIDER), leader=True)
    member_of(TeamFactory(name="Team West"), leader, leader=True)
    page = logged_in(leader).get(reverse("core:start_team")).content.decode()
    assert f'href="{URL}">Cijfers van uw team in de monitor</a>' in page


def test_a_second_look_reuses_the_suppression_and_a_rebuild_with_new_counts_does_not(town) -> None:
    client = _policy_client()
    spy = mock.patch.object(cubes, "suppress_cubes", wraps=cubes.suppress_cubes)
    with _inflow_only(), spy as linked:
        client.get(URL, {"periode": "2026-K2"})
        first = linked.call_count
        client.get(URL, {"periode": "2026-K2"})
        client.get(reverse("monitor:export_xlsx", args=["instroom-wijk"]), {"periode": "2026-K2"})
        client.get(URL, {"periode": "2026-K2", "wijk": town["north"].pk})
        client.get(URL, {"periode": "2026-K2", "wet": "wmo"})
        client.get(URL, {"periode": "2026-K2", "groep": "0-17"})
        assert first == 1 and linked.call_count == 1, "the same counts are suppressed once, whatever the filter"

        _meldingen(town["team_south"], town["south"], Route.WIJKAGENT, 6, datetime(2026, 5, 2, 10, tzinfo=AMSTERDAM))
        rebuild()
        page = client.get(URL, {"periode": "2026-K2"}).content.decode()
        assert linked.call_count == 2, "new counts after the rebuild are suppressed afresh"
    assert "Wijkagent" in page and sum(InflowFact.objects.values_list("count", flat=True)) == 39 + 6


def test_the_cache_holds_the_hidden_cells_of_the_whole_municipality_not_of_the_view(town) -> None:
    leader = member_of(town["team_north"], UserFactory(role=Role.TEAMLEIDER), leader=True)
    spy = mock.patch.object(cubes, "suppress_cubes", wraps=cubes.suppress_cubes)
    with _inflow_only(), spy as linked:
        logged_in(leader).get(URL, {"periode": "2026-K2"})
        _policy_client().get(URL, {"periode": "2026-K2"})
    # The team leader's narrower view and the whole municipality share one suppression: a view never gets
    # suppression of its own that could be set off against another view.
    assert linked.call_count == 1


def test_figures_beside_the_counts_are_cells_of_their_own_in_the_page_csv_and_xlsx(town) -> None:
    table = PublishedTable(
        key="proef",
        title="Proef",
        row_header="Wijk",
        row_labels=["Noord"],
        column_labels=["A", "B"],
        grid=Grid.of([[6, 9]]),
        hidden=frozenset(),
        threshold=5,
        figure_headers=["Per 1.000", "Aandeel A"],
        figures=[["12,5", "40%"], ["–", "40%"]],
    )
    assert table.header == ["Wijk", "A", "B", "Totaal", "Per 1.000", "Aandeel A"]
    assert table.body() == [("Noord", ["6", "9", "15", "12,5", "40%"]), ("Totaal", ["6", "9", "15", "–", "40%"])]
    rows = exports.xlsx_rows(table)
    assert rows[1][4:] == [12.5, 0.4] and rows[2][4:] == ["–", 0.4]
    text = exports.csv_response(table).content.decode()
    assert text.splitlines()[1] == "Noord;6;9;15;12,5;40%"


def test_the_objections_xlsx_has_the_rate_and_the_share_in_columns_of_their_own(town) -> None:
    sheet = _xlsx(_policy_client(), "bezwaar", {"periode": "2026-K2"})
    header = [cell.value for cell in sheet[1]]
    assert header[-2:] == ["Per 100 beschikkingen", "Aandeel gegrond"]
