"""The privacy officer's log search stays cheap as the log grows: a constant number of queries, and a
count that stops at COUNT_CAP instead of counting millions of rows (timings: `manage.py bench`)."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit import selectors
from audit.models import AccessAction, AccessBasis, AccessLogEntry
from audit.services import log_shown
from audit.tests.conftest import logged_in
from audit.views import person_key

pytestmark = pytest.mark.django_db

LOGBOEK = reverse("audit:logboek")


def _lines(user: Any, dossier_ids: list[int], action: str = AccessAction.VIEW) -> None:
    log_shown(None, user=user, basis=AccessBasis.REGISSEUR, dossier_ids=dossier_ids, detail="x", action=action)


def _queries(client: Any, url: str, params: dict[str, Any] | None = None) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries.captured_queries), response


@pytest.mark.parametrize(
    "params",
    [
        {"handeling": "view"},
        {"medewerker": "Sam"},
        {"grondslag": "regisseur", "pagina": "2"},
        {"van": "2000-01-01", "tot": "2100-12-31"},
    ],
)
def test_the_log_search_costs_the_same_number_of_queries_with_more_rows(
    privacy_officer, generalist, params: dict[str, str]
) -> None:
    client = logged_in(privacy_officer)
    _lines(generalist, list(range(1, 61)))
    few, first = _queries(client, LOGBOEK, params)
    _lines(generalist, list(range(100, 400)))
    many, second = _queries(client, LOGBOEK, params)
    assert second.context["page"].paginator.count > first.context["page"].paginator.count
    assert many == few


def test_the_person_page_costs_the_same_number_of_queries_with_more_rows(privacy_officer, family, generalist) -> None:
    dossier, parent, _child = family
    client = logged_in(privacy_officer)
    url = reverse(
        "audit:persoon", kwargs={"key": person_key(privacy_officer, parent, aanleiding="klacht", kenmerk="K-1")}
    )
    _lines(generalist, [dossier.pk])
    few, _ = _queries(client, url)
    for _ in range(60):
        _lines(generalist, [dossier.pk])
    many, response = _queries(client, url)
    assert response.context["page"].paginator.num_pages == 2
    assert many == few


def test_a_search_with_more_matches_than_the_cap_says_so_and_pages_over_the_first_ones(
    privacy_officer, generalist, monkeypatch
) -> None:
    monkeypatch.setattr(selectors, "COUNT_CAP", 5)
    _lines(generalist, list(range(1, 9)))
    response = logged_in(privacy_officer).get(LOGBOEK, {"handeling": "view"})
    paginator = response.context["page"].paginator
    assert paginator.is_capped and paginator.count == 5
    assert "Meer dan 5 logregels gevonden" in response.content.decode()


def test_a_search_under_the_cap_gives_the_exact_count(privacy_officer, generalist, monkeypatch) -> None:
    monkeypatch.setattr(selectors, "COUNT_CAP", 5)
    _lines(generalist, [1, 2, 3])
    _lines(generalist, [4, 5], action=AccessAction.UPDATE)
    response = logged_in(privacy_officer).get(LOGBOEK, {"handeling": "update"})
    paginator = response.context["page"].paginator
    assert not paginator.is_capped and paginator.count == 2
    assert "2 logregels gevonden." in response.content.decode()


def test_the_medewerker_filter_matches_every_word_in_name_or_user_name(privacy_officer, generalist) -> None:
    from testsupport.factories import UserFactory

    other = UserFactory(username="anders", first_name="Sam", last_name="Anders")
    _lines(generalist, [1])
    _lines(other, [2])
    query = selectors.LogQuery(medewerker=f"sam {generalist.last_name.lower()}")
    assert {entry.user_id for entry in selectors.search(query)} == {generalist.pk}
    assert AccessLogEntry.objects.filter(user=other).exists()


def test_a_later_page_holds_the_next_lines_newest_first(privacy_officer, generalist) -> None:
    _lines(generalist, list(range(1, 121)))
    expected = list(selectors.search(selectors.LogQuery(action="view")).values_list("pk", flat=True))
    paginator = selectors.CappedPaginator(selectors.search(selectors.LogQuery(action="view")), 50)
    assert [entry.pk for entry in paginator.page(2).object_list] == expected[50:100]
    assert [entry.pk for entry in paginator.page(3).object_list] == expected[100:120]


def test_a_deep_page_counts_in_its_own_query_and_holds_the_right_lines(
    privacy_officer, generalist, monkeypatch
) -> None:
    """From the second half of the capped rows on, the page's ordered walk also counts: no second walk to count."""
    monkeypatch.setattr(selectors, "COUNT_CAP", 10)
    _lines(generalist, list(range(1, 13)))
    expected = list(selectors.search(selectors.LogQuery(action="view")).values_list("pk", flat=True))
    shallow = selectors.CappedPaginator(selectors.search(selectors.LogQuery(action="view")), 3)
    deep = selectors.CappedPaginator(selectors.search(selectors.LogQuery(action="view")), 3)
    first = [entry.pk for entry in shallow.get_page(1).object_list]
    with CaptureQueriesContext(connection) as walked:
        page = deep.get_page(3)
        lines = [entry.pk for entry in page.object_list]
    assert first == expected[:3]
    assert (page.number, lines) == (3, expected[6:9])
    assert deep.count == 10 and deep.is_capped and deep.num_pages == 4
    assert len(walked.captured_queries) == 2  # the numbered walk, then the page's rows
    assert not any(query["sql"].startswith("SELECT COUNT(") for query in walked.captured_queries)


def test_a_page_past_the_end_shows_the_last_page(privacy_officer, generalist) -> None:
    _lines(generalist, list(range(1, 8)))
    expected = list(selectors.search(selectors.LogQuery(action="view")).values_list("pk", flat=True))
    paginator = selectors.CappedPaginator(selectors.search(selectors.LogQuery(action="view")), 3)
    page = paginator.get_page(9)
    assert (page.number, [entry.pk for entry in page.object_list]) == (3, expected[6:])
    assert [entry.pk for entry in paginator.get_page("x").object_list] == expected[:3]


def test_the_log_table_names_action_ground_section_and_role(privacy_officer, generalist) -> None:
    log_shown(None, user=generalist, basis=AccessBasis.REGISSEUR, dossier_ids=[7], detail="bekeken", section="notities")
    content = logged_in(privacy_officer).get(LOGBOEK, {"dossier": "7"}).content.decode()
    entry = AccessLogEntry.objects.get(dossier_id=7, user=generalist)
    for label in (
        entry.get_action_display(),
        entry.get_basis_display(),
        entry.get_section_display(),
        f"{generalist.get_full_name()} ({generalist.get_role_display()})",
        "dossier #7 – bekeken",
    ):
        assert str(label) in content
