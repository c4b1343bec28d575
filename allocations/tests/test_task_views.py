"""The message worklist and task screen: who may use them, what they show, and what handling does."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from allocations.incoming import receive
from allocations.models import BerichtTaak, TaakSoort, Toewijzing
from allocations.tests.test_incoming import build_world, contracted_products, example, to_jw
from audit.models import AccessAction, AccessLogEntry
from dossiers.models import Dossier, Involvement, InvolvementRole
from dossiers.tests.views_support import logged_in


@pytest.fixture
def world(team, consulent):
    """The example messages' gemeente, with the client's dossier in the own team and the consulent involved."""
    world = build_world()
    Dossier.objects.filter(pk=world.dossier.pk).update(team=team)
    Involvement.objects.create(dossier=world.dossier, user=consulent, role=InvolvementRole.CONSULENT)
    return world


def request_task(xml: bytes, name: str = "WMO315.xml") -> BerichtTaak:
    bericht = receive(name, xml)
    return BerichtTaak.objects.get(bericht=bericht, soort=TaakSoort.ANTWOORD_VERZOEK)


@pytest.mark.parametrize("role", ["generalist", "beleidsmedewerker", "functioneel_beheerder"])
def test_other_roles_may_not_see_the_message_tasks(world, role, request):
    user = request.getfixturevalue(role)
    task = request_task(example("WMO315"))

    assert logged_in(user).get(reverse("allocations:taken")).status_code == 403
    assert logged_in(user).get(reverse("allocations:taak", args=[task.pk])).status_code == 403


@pytest.mark.parametrize("role", ["consulent", "teamleider"])
def test_the_worklist_shows_open_tasks_with_client_term_and_state(world, role, request):
    user = request.getfixturevalue(role)
    request_task(example("WMO315"))

    response = logged_in(user).get(reverse("allocations:taken"))

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.task.soort for row in rows] == [TaakSoort.RETOUR_STUREN, TaakSoort.ANTWOORD_VERZOEK]
    assert all(row.state.label == "dreigt te verlopen" for row in rows)
    content = response.content.decode()
    assert "Tim de Wit" in content and "999900006" in content
    assert "iStandaarden iWmo/iJw, OP274/OP346" in content
    assert "Begeleiding Noord" in content
    assert AccessLogEntry.objects.filter(user=user, object_type="berichttaken", action=AccessAction.VIEW).exists()


def test_overdue_tasks_are_marked_verlopen(world, consulent):
    task = request_task(example("WMO315"))
    BerichtTaak.objects.filter(pk=task.pk).update(due=timezone.localdate() - timedelta(days=1))

    rows = logged_in(consulent).get(reverse("allocations:taken")).context["rows"]

    assert rows[0].task == task and rows[0].state.label == "verlopen"


def test_the_worklist_can_show_handled_tasks(world, consulent):
    task = request_task(example("WMO315"))
    BerichtTaak.objects.filter(pk=task.pk).update(done_at=timezone.now(), note="klaar")

    handled = logged_in(consulent).get(reverse("allocations:taken"), {"status": "afgehandeld"}).context["rows"]
    still_open = logged_in(consulent).get(reverse("allocations:taken")).context["rows"]

    assert [row.task for row in handled] == [task]
    assert handled[0].state.label == "gehaald"
    assert task not in [row.task for row in still_open]


def test_the_worklist_takes_the_same_number_of_queries_for_more_tasks(world, consulent):
    client = logged_in(consulent)
    request_task(example("WMO315"))
    client.get(reverse("allocations:taken"))  # warm up the session
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("allocations:taken"))
    for number in range(4):
        receive(f"JW315-{number}.xml", to_jw(example("WMO315").replace(b"123456789012", f"X{number}".encode()), "315"))
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("allocations:taken"))

    assert len(response.context["rows"]) == 6  # the JW316 retours were written at once
    assert len(many) == len(few)


def test_an_unknown_task_is_404_and_logged(world, consulent):
    response = logged_in(consulent).get(reverse("allocations:taak", args=[999999]))

    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(
        user=consulent, action=AccessAction.DENIED, object_type="berichttaak", object_id="999999"
    ).exists()


def test_the_task_screen_shows_the_request_and_logs_the_look(world, consulent):
    task = request_task(example("WMO315"))

    response = logged_in(consulent).get(reverse("allocations:taak", args=[task.pk]))

    assert response.status_code == 200
    lines = response.context["lines"]
    june_first, june_last = date_format(date(2023, 6, 1)), date_format(date(2023, 6, 30))
    assert [(line.referentie, line.periode, line.omvang) for line in lines] == [
        ("42420001", f"{june_first} – {june_last}", "4 etmaal per maand"),
        ("42420002", f"{june_first} – {june_last}", "4 etmaal per maand"),
    ]
    assert AccessLogEntry.objects.filter(
        user=consulent, action=AccessAction.VIEW, object_type="berichttaak", object_id=str(task.pk)
    ).exists()


def test_a_319_answer_closes_the_task(world, consulent):
    task = request_task(to_jw(example("WMO315"), "315"), "JW315.xml")
    url = reverse("allocations:taak", args=[task.pk])

    response = logged_in(consulent).post(url, {"actie": "antwoord", "verzoek_antwoord": "1", "reden_afwijzing": "7"})

    assert response.status_code == 302
    task.refresh_from_db()
    assert not task.is_open and task.answer.kind == "JW319" and task.done_by == consulent
    assert AccessLogEntry.objects.filter(user=consulent, action=AccessAction.UPDATE, object_type="berichttaak").exists()


def test_a_refusal_needs_its_reason(world, consulent):
    task = request_task(to_jw(example("WMO315"), "315"), "JW315.xml")

    response = logged_in(consulent).post(
        reverse("allocations:taak", args=[task.pk]), {"actie": "antwoord", "verzoek_antwoord": "1"}
    )

    assert response.status_code == 400
    assert "Kies de reden waarom het verzoek is afgewezen." in response.content.decode()
    assert BerichtTaak.objects.get(pk=task.pk).is_open


def test_toewijzen_allocates_the_request(world, consulent):
    contracted_products(world)
    task = request_task(example("WMO315"))

    response = logged_in(consulent).post(
        reverse("allocations:taak", args=[task.pk]), {"actie": "toewijzen"}, follow=True
    )

    assert "staat klaar voor verzending" in response.content.decode()
    assert Toewijzing.objects.filter(aanbieder=world.requester).count() == 2
    assert not BerichtTaak.objects.get(pk=task.pk).is_open


def test_toewijzen_without_a_contract_shows_why(world, consulent):
    task = request_task(example("WMO315"))

    response = logged_in(consulent).post(
        reverse("allocations:taak", args=[task.pk]), {"actie": "toewijzen"}, follow=True
    )

    assert "staat niet in de catalogus" in response.content.decode()
    assert BerichtTaak.objects.get(pk=task.pk).is_open


def test_a_retour_that_cannot_be_made_can_be_closed_by_hand(world, consulent):
    bericht = receive("WMO305.xml", example("WMO305"))
    task = BerichtTaak.objects.get(bericht=bericht, soort=TaakSoort.RETOUR_STUREN)
    client = logged_in(consulent)
    url = reverse("allocations:taak", args=[task.pk])

    retry = client.post(url, {"actie": "opnieuw"}, follow=True)
    assert "Geen XSD voor WMO306" in retry.content.decode()
    assert BerichtTaak.objects.get(pk=task.pk).is_open

    empty = client.post(url, {"actie": "afhandelen", "toelichting": ""})
    assert empty.status_code == 400

    client.post(url, {"actie": "afhandelen", "toelichting": "Retour via het VECOZO-portaal gestuurd."})
    task.refresh_from_db()
    assert not task.is_open
    assert task.note == "Afgehandeld zonder bericht: Retour via het VECOZO-portaal gestuurd."


@pytest.mark.parametrize("name", ["WMO305", "WMO317", "WMO323"])
def test_every_kind_of_task_can_be_opened(world, consulent, name):
    bericht = receive(f"{name}.xml", example(name))
    client = logged_in(consulent)

    for task in BerichtTaak.objects.filter(bericht=bericht):
        response = client.get(reverse("allocations:taak", args=[task.pk]))
        assert response.status_code == 200
        assert task.get_soort_display() in response.content.decode()


def test_the_worklist_lists_tasks_of_workable_and_unowned_messages_only(world, consulent):
    task = request_task(example("WMO315"))
    unowned = BerichtTaak.objects.create(
        bericht=task.bericht, soort=TaakSoort.DECLARATIE, term_code=task.term_code, due=task.due
    )
    Involvement.objects.filter(user=consulent).delete()
    assert [row.task for row in logged_in(consulent).get(reverse("allocations:taken")).context["rows"]] == []
    type(task.bericht).objects.filter(pk=task.bericht_id).update(dossier=None)
    listed = {row.task.pk for row in logged_in(consulent).get(reverse("allocations:taken")).context["rows"]}
    assert {task.pk, unowned.pk} <= listed


def test_the_worklist_asks_per_task_whether_its_dossier_may_be_worked_in(world, consulent):
    # As a set ("dossier in every dossier the user may work in, or none") the database built the whole set
    # first, reading every dossier of the city; per task it is an index lookup on the task's own dossier.
    request_task(example("WMO315"))
    with CaptureQueriesContext(connection) as queries:
        logged_in(consulent).get(reverse("allocations:taken"))
    listing = [query["sql"] for query in queries.captured_queries if 'FROM "allocations_berichttaak"' in query["sql"]]
    assert listing and all('EXISTS(SELECT 1 AS "a" FROM "dossiers_involvement"' in sql for sql in listing)
    assert not any("UNION" in sql for sql in listing)


def test_a_task_row_links_the_task_and_names_kind_client_and_due_date(world, consulent):
    task = request_task(example("WMO315"))
    content = logged_in(consulent).get(reverse("allocations:taken")).content.decode()
    link = (
        f'<a class="utrecht-link" href="{reverse("allocations:taak", args=[task.pk])}">{task.get_soort_display()}</a>'
    )
    assert link in content
    assert f'{task.inwoner.full_name}<br><span class="app-muted">BSN {task.inwoner.bsn}</span>' in content
    assert date_format(task.due) in content
