"""Mijn werkvoorraad: my open dossiers, most urgent first, filterable, in a constant number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dossiers.models import Involvement, InvolvementRole
from dossiers.tests.views_support import logged_in, with_deadline
from dossiers.transitions import Status
from testsupport.factories import dossier_for

URL = reverse("dossiers:werkvoorraad")


def _rows(response) -> list[int]:
    return [row.dossier.pk for row in response.context["rows"]]


def test_worklist_sorts_overdue_first_then_by_deadline_and_no_deadline_last(team, generalist) -> None:
    today = timezone.localdate()
    without = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    later = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    with_deadline(later, today + timedelta(days=30))
    overdue = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    with_deadline(overdue, today - timedelta(days=3))
    soon = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    with_deadline(soon, today + timedelta(days=2))
    response = logged_in(generalist).get(URL)
    assert _rows(response) == [overdue.pk, soon.pk, later.pk, without.pk]


def test_worklist_shows_only_dossiers_i_am_involved_in(team, generalist, colleague) -> None:
    mine = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=colleague)
    assert _rows(logged_in(generalist).get(URL)) == [mine.pk]


def test_worklist_leaves_out_dossiers_whose_involvement_ended(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    Involvement.objects.filter(dossier=dossier).update(end=timezone.now() - timedelta(days=1))
    assert _rows(logged_in(generalist).get(URL)) == []


def test_worklist_leaves_out_closed_dossiers(team, generalist) -> None:
    dossier_for(team, status=Status.AFGESLOTEN, regisseur=generalist)
    assert _rows(logged_in(generalist).get(URL)) == []


def test_worklist_shows_next_deadline_label_and_state(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    with_deadline(dossier, timezone.localdate() - timedelta(days=1), label="Onderzoek na melding")
    content = logged_in(generalist).get(URL).content.decode()
    assert "Onderzoek na melding" in content
    assert "verlopen" in content


def test_worklist_filters_by_status(team, generalist) -> None:
    dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    planned = dossier_for(team, status=Status.PLAN, regisseur=generalist)
    assert _rows(logged_in(generalist).get(URL, {"status": Status.PLAN})) == [planned.pk]


@pytest.mark.parametrize(
    ("state", "expected_index"),
    [("verlopen", 0), ("dreigt_te_verlopen", 1), ("op_tijd", 2)],
)
def test_worklist_filters_by_deadline_state(team, generalist, state, expected_index) -> None:
    today = timezone.localdate()
    dossiers = []
    for offset in (-2, 1, 40):
        dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
        with_deadline(dossier, today + timedelta(days=offset))
        dossiers.append(dossier)
    response = logged_in(generalist).get(URL, {"termijn": state})
    assert _rows(response) == [dossiers[expected_index].pk]
    assert response.context["rows"][0].state.value == state


def test_deadline_state_filter_agrees_with_the_engine_on_every_day_of_the_next_weeks(team, generalist) -> None:
    today = timezone.localdate()
    for offset in range(-1, 15):
        with_deadline(
            dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist), today + timedelta(days=offset)
        )
    client = logged_in(generalist)
    seen = 0
    for state in ("verlopen", "dreigt_te_verlopen", "op_tijd"):
        rows = client.get(URL, {"termijn": state}).context["rows"]
        assert {row.state.value for row in rows} <= {state}
        seen += len(rows)
    assert seen == 16


def test_htmx_filter_request_gets_only_the_table(team, generalist) -> None:
    dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    response = logged_in(generalist).get(URL, {"status": ""}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert 'id="werkvoorraad-tabel"' in content
    assert "<html" not in content


def test_teamleider_sees_whole_team_with_the_toggle(team, generalist, teamleider) -> None:
    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    client = logged_in(teamleider)
    assert _rows(client.get(URL)) == []
    assert _rows(client.get(URL, {"team": "on"})) == [dossier.pk]


def test_teamleider_opens_one_regisseurs_dossiers_from_the_team_overview(
    team, generalist, colleague, teamleider
) -> None:
    mine = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    theirs = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=colleague)
    waiting = dossier_for(team, status=Status.AANGEMELD)
    client = logged_in(teamleider)
    response = client.get(URL, {"team": "on", "regisseur": str(generalist.pk)})
    assert _rows(response) == [mine.pk]
    assert f"Alleen de dossiers van {generalist}." in response.content.decode()
    assert _rows(client.get(URL, {"team": "on", "regisseur": "geen"})) == [waiting.pk]
    assert sorted(_rows(client.get(URL, {"team": "on"}))) == sorted([mine.pk, theirs.pk, waiting.pk])


def test_the_regisseur_filter_names_no_one_outside_the_team_and_refuses_garbage(team, other_team, teamleider) -> None:
    from accounts.models import Role
    from testsupport.factories import UserFactory, member_of

    outsider = member_of(other_team, UserFactory(role=Role.GENERALIST, first_name="Geheim", last_name="Buiten"))
    dossier_for(other_team, status=Status.UITVOERING, regisseur=outsider)
    client = logged_in(teamleider)
    response = client.get(URL, {"team": "on", "regisseur": str(outsider.pk)})
    assert response.status_code == 200 and _rows(response) == []
    assert "Geheim" not in response.content.decode()
    for garbage in ("1 OR 1=1", "-1", "x" * 50):
        assert client.get(URL, {"team": "on", "regisseur": garbage}).status_code == 200


def test_team_overview_links_each_count_to_that_regisseurs_dossiers(team, generalist, teamleider) -> None:
    dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    dossier_for(team, status=Status.AANGEMELD)
    page = logged_in(teamleider).get(reverse("core:start_team")).content.decode()
    assert f"team=on&amp;regisseur={generalist.pk}" in page
    assert "team=on&amp;regisseur=geen" in page


def test_generalist_cannot_use_the_team_toggle(team, generalist, colleague) -> None:
    dossier_for(team, status=Status.UITVOERING, regisseur=colleague)
    assert _rows(logged_in(generalist).get(URL, {"team": "on"})) == []


def test_worklist_shows_main_member_name(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    head = dossier.huishouden.members.get()
    row = logged_in(generalist).get(URL).context["rows"][0]
    assert row.main_member == head.full_name


def test_worklist_writes_a_tussenvoegsel_small_after_the_first_names(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    dossier.huishouden.members.update(voornamen="Sanne", tussenvoegsel="De", achternaam="Vries")
    row = logged_in(generalist).get(URL).context["rows"][0]
    assert row.main_member == "Sanne de Vries"


def _count_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries)


def test_worklist_query_count_does_not_grow_with_the_number_of_dossiers(team, generalist) -> None:
    client = logged_in(generalist)
    for _ in range(2):
        with_deadline(dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist), timezone.localdate())
    small = _count_queries(client)
    for _ in range(18):
        dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
        with_deadline(dossier, timezone.localdate() + timedelta(days=9))
        Involvement.objects.create(dossier=dossier, user=generalist, role=InvolvementRole.COLLEGA)
    assert _count_queries(client) == small


def test_deep_worklist_pages_keep_the_order_and_show_every_column(team, generalist, monkeypatch) -> None:
    from dossiers import views

    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    today = timezone.localdate()
    order = []
    for days in range(7):
        dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
        with_deadline(dossier, today + timedelta(days=days), label=f"Termijn {days}")
        order.append(dossier)
    without = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    client = logged_in(generalist)
    pages = [client.get(URL, {"pagina": number}).context["rows"] for number in (1, 2, 3)]
    assert [[row.dossier.pk for row in rows] for rows in pages] == [
        [d.pk for d in order[0:3]],
        [d.pk for d in order[3:6]],
        [order[6].pk, without.pk],
    ]
    last = pages[2][0]
    assert last.main_member == order[6].huishouden.members.get().full_name
    assert last.dossier.next_deadline_label == "Termijn 6"
    assert last.state is not None
