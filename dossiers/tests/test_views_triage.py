"""Triage: the team picks up new meldingen, assigns a regisseur and starts the onderzoek."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import Role
from audit.models import AccessLogEntry
from dossiers import views
from dossiers.models import Involvement, InvolvementRole, Melding, Route, Urgency
from dossiers.selectors import triage_board
from dossiers.tests.views_support import logged_in
from dossiers.transitions import Status
from testsupport.factories import UserFactory, dossier_for, member_of

AMS = ZoneInfo("Europe/Amsterdam")


def _assign(client, dossier, regisseur, colleague=None):
    data = {"regisseur": regisseur.pk}
    if colleague is not None:
        data["colleague"] = colleague.pk
    return client.post(reverse("dossiers:triage_toewijzen", args=[dossier.pk]), data, follow=True)


def test_triage_board_lists_team_dossiers_in_aanmelding_and_triage(team, generalist) -> None:
    new = dossier_for(team, status=Status.AANGEMELD)
    in_triage = dossier_for(team, status=Status.IN_TRIAGE)
    dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    response = logged_in(generalist).get(reverse("dossiers:triage"))
    assert {row["pk"] for row in response.context["rows"]} == {new.pk, in_triage.pk}


def test_triage_board_leaves_out_other_teams(team, other_team, generalist) -> None:
    dossier_for(other_team, status=Status.AANGEMELD)
    response = logged_in(generalist).get(reverse("dossiers:triage"))
    assert response.context["rows"] == []


def test_triage_board_shows_newest_melding(team, generalist) -> None:
    dossier = dossier_for(team)
    inwoner = dossier.huishouden.members.get()
    for route, day in ((Route.SCHOOL, 1), (Route.HUISARTS, 5)):
        Melding.objects.create(
            dossier=dossier,
            inwoner=inwoner,
            route=route,
            received_at=datetime(2026, 3, day, 9, tzinfo=AMS),
            description="Zorgen",
            urgency=Urgency.HOOG,
            registered_by=generalist,
        )
    row = logged_in(generalist).get(reverse("dossiers:triage")).context["rows"][0]
    assert (row["route"], row["urgency"]) == ("Huisarts", Urgency.HOOG)


def test_assigning_a_regisseur_creates_involvement_and_moves_to_triage(team, generalist, colleague) -> None:
    dossier = dossier_for(team, status=Status.AANGEMELD)
    _assign(logged_in(generalist), dossier, colleague)
    dossier.refresh_from_db()
    assert dossier.regisseur == colleague
    assert dossier.status == Status.IN_TRIAGE
    assert Involvement.objects.filter(dossier=dossier, user=colleague, role=InvolvementRole.REGISSEUR).exists()


def test_assigning_a_second_colleague_involves_them_for_the_home_visit(team, generalist, colleague) -> None:
    dossier = dossier_for(team)
    _assign(logged_in(generalist), dossier, generalist, colleague)
    assert Involvement.objects.filter(dossier=dossier, user=colleague, role=InvolvementRole.COLLEGA).exists()


def test_regisseur_from_another_team_is_refused_in_dutch(team, other_team, generalist) -> None:
    dossier = dossier_for(team)
    outsider = member_of(other_team, UserFactory())
    response = _assign(logged_in(generalist), dossier, outsider)
    assert "Kies een regisseur uit het team." in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.regisseur is None
    assert not Involvement.objects.filter(dossier=dossier).exists()


def test_beleidsmedewerker_cannot_be_regisseur(team, generalist) -> None:
    dossier = dossier_for(team)
    advisor = member_of(team, UserFactory(role=Role.BELEIDSMEDEWERKER))
    response = _assign(logged_in(generalist), dossier, advisor)
    assert "Kies een regisseur uit het team." in response.content.decode()
    assert not Involvement.objects.filter(dossier=dossier).exists()


def test_same_person_as_regisseur_and_colleague_is_refused(team, generalist) -> None:
    dossier = dossier_for(team)
    response = _assign(logged_in(generalist), dossier, generalist, generalist)
    assert "iemand anders" in response.content.decode()
    assert not Involvement.objects.filter(dossier=dossier).exists()


def test_start_onderzoek_from_triage_moves_status(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_TRIAGE, regisseur=generalist)
    logged_in(generalist).post(
        reverse("dossiers:status", args=[dossier.pk]), {"target": Status.IN_ONDERZOEK, "return_to": "triage"}
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.IN_ONDERZOEK


def test_start_onderzoek_without_regisseur_is_refused_in_dutch(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_TRIAGE)
    response = logged_in(generalist).post(
        reverse("dossiers:status", args=[dossier.pk]),
        {"target": Status.IN_ONDERZOEK, "return_to": "triage"},
        follow=True,
    )
    assert "Wijs eerst een regisseur toe" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Status.IN_TRIAGE


def test_triage_board_puts_crisis_first_then_longest_waiting(team, generalist) -> None:
    now = timezone.now()
    order = []
    for days_ago, urgency in ((1, Urgency.NORMAAL), (9, Urgency.NORMAAL), (0, Urgency.CRISIS), (3, Urgency.HOOG)):
        dossier = dossier_for(team, status=Status.AANGEMELD)
        Melding.objects.create(
            dossier=dossier,
            inwoner=dossier.huishouden.members.first(),
            route=Route.ZELFMELDER,
            received_at=now - timedelta(days=days_ago),
            description="x",
            urgency=urgency,
            registered_by=generalist,
        )
        order.append(dossier.pk)
    assert [d.pk for d in triage_board(generalist)] == [order[2], order[3], order[1], order[0]]


def _melding(dossier, generalist, received_at, urgency=Urgency.NORMAAL) -> None:
    Melding.objects.create(
        dossier=dossier,
        inwoner=dossier.huishouden.members.first(),
        route=Route.ZELFMELDER,
        received_at=received_at,
        description="x",
        urgency=urgency,
        registered_by=generalist,
    )


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(views, "TRIAGE_PAGE_SIZE", 3)


def test_triage_board_is_paginated_in_queue_order(team, generalist, small_pages) -> None:
    now = timezone.now()
    queue = []
    for days_ago in range(7, 0, -1):  # the longest waiting first
        dossier = dossier_for(team, status=Status.AANGEMELD)
        _melding(dossier, generalist, now - timedelta(days=days_ago))
        queue.append(dossier.pk)
    client = logged_in(generalist)
    pages = [client.get(reverse("dossiers:triage"), {"pagina": number}) for number in (1, 2, 3)]
    assert [[row["pk"] for row in page.context["rows"]] for page in pages] == [
        queue[0:3],
        queue[3:6],
        queue[6:7],
    ]
    assert "Pagina 1 van 3" in pages[0].content.decode()


def test_triage_board_logs_only_the_households_on_the_page(team, generalist, small_pages) -> None:
    for _ in range(5):
        dossier_for(team, status=Status.AANGEMELD)
    before = AccessLogEntry.objects.filter(detail="op het triagebord").count()
    logged_in(generalist).get(reverse("dossiers:triage"))
    assert AccessLogEntry.objects.filter(detail="op het triagebord").count() - before == 3


def test_triage_board_renders_no_staff_list_per_row(team, generalist, colleague) -> None:
    for _ in range(3):
        dossier_for(team, status=Status.AANGEMELD)
    content = logged_in(generalist).get(reverse("dossiers:triage")).content.decode()
    assert "<select" not in content
    assert content.count(">Toewijzen<") == 3


def test_assign_page_offers_the_team_members_only(team, other_team, generalist, colleague) -> None:
    dossier = dossier_for(team)
    outsider = member_of(other_team, UserFactory())
    response = logged_in(generalist).get(reverse("dossiers:triage_toewijzen", args=[dossier.pk]))
    candidates = {user.pk for user in response.context["candidates"]}
    assert {generalist.pk, colleague.pk} <= candidates
    assert outsider.pk not in candidates


def test_assign_page_of_another_team_is_not_found(other_team, generalist) -> None:
    dossier = dossier_for(other_team)
    response = logged_in(generalist).get(reverse("dossiers:triage_toewijzen", args=[dossier.pk]))
    assert response.status_code == 404


def test_a_refused_assignment_returns_to_the_assign_page(team, other_team, generalist) -> None:
    dossier = dossier_for(team)
    outsider = member_of(other_team, UserFactory())
    response = logged_in(generalist).post(
        reverse("dossiers:triage_toewijzen", args=[dossier.pk]), {"regisseur": outsider.pk}
    )
    assert response.url == reverse("dossiers:triage_toewijzen", args=[dossier.pk])


def _triage_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dossiers:triage"))
    assert response.status_code == 200
    return len(queries)


def test_triage_query_count_does_not_grow_with_the_number_of_waiting_dossiers(
    team, other_team, generalist, small_pages
) -> None:
    member_of(other_team, generalist)
    client = logged_in(generalist)
    for _ in range(2):
        dossier_for(team, status=Status.AANGEMELD)
    small = _triage_queries(client)
    now = timezone.now()
    for index in range(8):
        dossier = dossier_for(other_team if index % 2 else team, status=Status.IN_TRIAGE)
        _melding(dossier, generalist, now - timedelta(hours=index))
    assert _triage_queries(client) == small


def test_triage_page_computes_row_columns_for_its_own_rows_only(team, generalist, small_pages, monkeypatch) -> None:
    # A deep page of a city-wide queue must not look up the newest melding of every skipped dossier.
    from dossiers import selectors

    for _ in range(7):
        dossier_for(team, status=Status.AANGEMELD)
    given: list[int] = []
    original = selectors._with_triage_columns

    def spy(dossiers):
        given.append(len(list(dossiers)))
        return original(dossiers)

    monkeypatch.setattr(selectors, "_with_triage_columns", spy)
    response = logged_in(generalist).get(reverse("dossiers:triage"), {"pagina": 2})
    assert len(response.context["rows"]) == 3
    assert given == [3]


def test_a_triage_row_links_its_dossier_and_names_team_status_and_regisseur(team, generalist, colleague) -> None:
    dossier = dossier_for(team, status=Status.IN_TRIAGE, regisseur=colleague)
    received = datetime(2026, 3, 2, 9, 30, tzinfo=AMS)
    _melding(dossier, generalist, received)
    content = logged_in(generalist).get(reverse("dossiers:triage")).content.decode()
    assert (
        f'<a class="utrecht-link" href="{reverse("dossiers:detail", args=[dossier.pk])}">Dossier {dossier.pk}</a><br>{team.name}'
        in content
    )
    assert f'href="{reverse("dossiers:triage_toewijzen", args=[dossier.pk])}"' in content
    assert f'action="{reverse("dossiers:status", args=[dossier.pk])}"' in content
    assert f"In triage<br>Regisseur: {colleague.get_full_name()}" in content
    assert date_format(received, "DATETIME_FORMAT") in content


def test_the_triage_page_reads_its_rows_as_values_not_as_dossiers(team, generalist, colleague, monkeypatch) -> None:
    # 50 Dossier, Team and User objects per page cost more than the page's queries.
    from dossiers.models import Dossier

    for _ in range(3):
        dossier_for(team, status=Status.IN_TRIAGE, regisseur=colleague)
    built: list[int] = []
    original = Dossier.from_db.__func__  # type: ignore[attr-defined]

    def counting(cls, db, field_names, values):  # type: ignore[no-untyped-def]
        built.append(1)
        return original(cls, db, field_names, values)

    monkeypatch.setattr(Dossier, "from_db", classmethod(counting))
    response = logged_in(generalist).get(reverse("dossiers:triage"))
    assert len(response.context["rows"]) == 3
    assert built == []
