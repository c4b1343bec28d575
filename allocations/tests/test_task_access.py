"""Issue 11: the message worklist asks per task whether its dossier is workable, and counts its pages in one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import User
from allocations.incoming import receive
from allocations.models import BerichtTaak
from allocations.tests.test_incoming import build_world, example, to_jw
from allocations.tests.test_task_views import request_task
from dossiers.models import Dossier, Involvement, InvolvementRole
from dossiers.tests.views_support import logged_in
from organisation.models import Team


@pytest.fixture
def world(team: Team, consulent: User):
    """As in test_task_views: the example messages' client has a dossier in the own team, the consulent involved."""
    world = build_world()
    Dossier.objects.filter(pk=world.dossier.pk).update(team=team)
    Involvement.objects.create(dossier=world.dossier, user=consulent, role=InvolvementRole.CONSULENT)
    return world


def _listed(user: User) -> set[int]:
    response = logged_in(user).get(reverse("allocations:taken"))
    assert response.status_code == 200
    return {row.task.pk for row in response.context["rows"]}


def test_a_team_leader_lists_the_tasks_of_the_own_teams_dossiers_only(
    world,
    teamleider: User,
    other_team: Team,
) -> None:
    task = request_task(example("WMO315"))
    assert task.pk in _listed(teamleider)

    Dossier.objects.filter(pk=world.dossier.pk).update(team=other_team)

    assert task.pk not in _listed(teamleider)


def test_a_team_leader_does_not_list_tasks_of_messages_without_a_dossier(world, teamleider: User) -> None:
    task = request_task(example("WMO315"))
    type(task.bericht).objects.filter(pk=task.bericht_id).update(dossier=None)

    assert _listed(teamleider) == set()


def test_the_team_leaders_worklist_takes_the_same_number_of_queries_for_more_tasks(
    world,
    teamleider: User,
) -> None:
    client = logged_in(teamleider)
    request_task(example("WMO315"))
    client.get(reverse("allocations:taken"))  # warm up the session
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("allocations:taken"))
    for number in range(4):
        receive(f"JW315-{number}.xml", to_jw(example("WMO315").replace(b"123456789012", f"X{number}".encode()), "315"))
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("allocations:taken"))

    assert len(response.context["rows"]) == BerichtTaak.objects.filter(done_at__isnull=True).count() > 1
    assert len(many) == len(few)


def _five_tasks() -> None:
    request_task(example("WMO315"))
    for number in range(3):
        receive(f"JW315-{number}.xml", to_jw(example("WMO315").replace(b"123456789012", f"X{number}".encode()), "315"))
    assert BerichtTaak.objects.filter(done_at__isnull=True).count() == 5


def test_a_page_of_tasks_counts_its_total_without_a_count_query(
    world,
    consulent: User,
    monkeypatch,
) -> None:
    from allocations import task_views

    monkeypatch.setattr(task_views, "PAGE_SIZE", 2)
    _five_tasks()
    client = logged_in(consulent)
    client.get(reverse("allocations:taken"))  # warm up the session

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("allocations:taken"), {"pagina": "2"})

    assert not [query for query in queries.captured_queries if "COUNT(*) AS" in query["sql"]]
    page = response.context["page"]
    assert (page.number, page.paginator.num_pages, len(response.context["rows"])) == (2, 3, 2)
    assert "Pagina 2 van 3" in response.content.decode()


@pytest.mark.parametrize(("asked", "shown"), [("9", 3), ("nul", 1), ("0", 3), ("-1", 3)])
def test_a_page_out_of_range_shows_the_page_the_paginator_gives(
    world,
    consulent: User,
    monkeypatch,
    asked: str,
    shown: int,
) -> None:
    from allocations import task_views

    monkeypatch.setattr(task_views, "PAGE_SIZE", 2)
    _five_tasks()

    response = logged_in(consulent).get(reverse("allocations:taken"), {"pagina": asked})

    assert response.context["page"].number == shown
    assert len(response.context["rows"]) == (1 if shown == 3 else 2)


def test_a_row_shows_an_open_tasks_note_and_hides_a_handled_ones(world, consulent: User) -> None:
    task = request_task(example("WMO315"))
    BerichtTaak.objects.filter(pk=task.pk).update(note="bel de aanbieder")
    client = logged_in(consulent)
    assert (
        '<br><span class="app-muted">bel de aanbieder</span>'
        in client.get(reverse("allocations:taken")).content.decode()
    )

    BerichtTaak.objects.filter(pk=task.pk).update(done_at=timezone.now())
    handled = client.get(reverse("allocations:taken"), {"status": "afgehandeld"}).content.decode()

    assert "bel de aanbieder" not in handled
    assert f"afgehandeld {date_format(timezone.localdate())}" in handled


def test_a_row_without_a_client_shows_a_dash(world, consulent: User) -> None:
    task = request_task(example("WMO315"))
    BerichtTaak.objects.filter(pk=task.pk).update(inwoner=None)

    content = logged_in(consulent).get(reverse("allocations:taken")).content.decode()
    row = content[content.index(reverse("allocations:taak", args=[task.pk])) :].split("</tr>", 1)[0]

    assert '<td class="utrecht-table__cell">–</td>' in row
    assert "BSN" not in row
