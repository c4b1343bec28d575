"""The dossier page and the worklist in a fixed, small number of queries, whatever the amount of data.

The counts are pinned: a change that adds a query to every page view shows up here, not only in
`manage.py bench`. Both pages are counted on a small dossier and again after it has grown.
"""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessBasis
from dossiers.models import DossierNote, Involvement, InvolvementRole, Melding, Regime, Route
from dossiers.selectors import dossier_access, dossier_with_access
from dossiers.tests.views_support import logged_in, with_deadline, with_events
from dossiers.transitions import Status
from residents.models import HuishoudenLid, LidRol, Netwerkrelatie
from testsupport.factories import InwonerFactory, dossier_for

#: Without the access log's own queries (audit/, counted apart: they differ per database): session, user and
#: second factor (middleware); the dossier with every access ground (one query); the Atw calendar (2); notes,
#: members, involvements, network, meldingen, deadlines (with their running suspension) and the timeline;
#: the onderzoek and ZRM (6; the participants only once there is an onderzoek), plan, decision (3), allocation
#: (2) and "wie kijkt mee" (3) sections; the household members for the network form.
DOSSIER_PAGE_QUERIES = 29
#: Session, user and second factor; the first page of the worklist with its columns (no COUNT while it
#: is not full); the Atw calendar (2). Again without the access log.
WORKLIST_QUERIES = 6


def _is_access_log(sql: str) -> bool:
    return "audit_" in sql or "advisory" in sql


def _queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries if not _is_access_log(query["sql"])]


def _grow(dossier, generalist, colleague) -> None:
    """More of everything the dossier page lists."""
    with_events(dossier, 30)
    for index in range(4):
        inwoner = InwonerFactory()
        HuishoudenLid.objects.create(huishouden=dossier.huishouden, inwoner=inwoner, rol=LidRol.KIND)
        Netwerkrelatie.objects.create(huishouden=dossier.huishouden, name=f"Buur {index}", type="buur")
        Melding.objects.create(
            dossier=dossier,
            inwoner=inwoner,
            route=Route.ZELFMELDER,
            regime=Regime.WMO,
            description="Zorg",
            registered_by=generalist,
        )
        with_deadline(dossier, timezone.localdate() + timedelta(days=10 + index))
        DossierNote.objects.create(dossier=dossier, section="plan", text=f"Notitie {index}", author=generalist)
    Involvement.objects.create(dossier=dossier, user=colleague, role=InvolvementRole.COLLEGA)


def test_dossier_page_runs_a_pinned_number_of_queries_whatever_the_dossier_holds(team, generalist, colleague) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    client = logged_in(generalist)
    url = reverse("dossiers:detail", args=[dossier.pk])
    client.get(url)  # the session settles on the first request
    small = _queries(client, url)
    _grow(dossier, generalist, colleague)
    large = _queries(client, url)
    assert len(small) == len(large) == DOSSIER_PAGE_QUERIES, "\n".join(large)


def test_worklist_runs_a_pinned_number_of_queries_and_no_count_for_a_short_first_page(team, generalist) -> None:
    client = logged_in(generalist)
    client.get(reverse("dossiers:werkvoorraad"))
    with_deadline(dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist), timezone.localdate())
    small = _queries(client, reverse("dossiers:werkvoorraad"))
    for days in range(12):
        with_deadline(
            dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist),
            timezone.localdate() + timedelta(days=days),
        )
    large = _queries(client, reverse("dossiers:werkvoorraad"))
    assert len(small) == len(large) == WORKLIST_QUERIES, "\n".join(large)
    assert not any("COUNT(" in sql.upper() for sql in large)


def test_a_full_first_worklist_page_still_counts_for_the_pagination(team, generalist, monkeypatch) -> None:
    from dossiers import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for _ in range(3):
        dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    response = logged_in(generalist).get(reverse("dossiers:werkvoorraad"))
    assert len(response.context["rows"]) == 2
    assert response.context["page"].paginator.num_pages == 2
    assert "pagina=2" in response.content.decode()


def test_a_short_first_worklist_page_is_the_whole_list(team, generalist) -> None:
    dossiers = [dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist) for _ in range(3)]
    response = logged_in(generalist).get(reverse("dossiers:werkvoorraad"))
    assert sorted(row.dossier.pk for row in response.context["rows"]) == sorted(d.pk for d in dossiers)
    assert response.context["page"].paginator.count == 3
    assert not response.context["page"].has_other_pages()


def test_the_access_decision_for_one_dossier_is_one_query(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    with CaptureQueriesContext(connection) as captured:
        loaded, access = dossier_with_access(generalist, dossier.pk)
    assert loaded == dossier and access is not None and access.basis == AccessBasis.REGISSEUR
    assert len(captured) == 1
    with CaptureQueriesContext(connection) as captured:
        assert dossier_access(generalist, dossier) == access
    assert len(captured) == 1


def test_the_one_query_decision_leaves_no_access_facts_on_the_dossier(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    loaded, _access = dossier_with_access(generalist, dossier.pk)
    assert loaded is not None
    assert not [name for name in vars(loaded) if name.startswith("_access_")]


def test_one_query_decision_refuses_a_stranger_and_a_missing_dossier(team, generalist, colleague) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    assert dossier_with_access(colleague, dossier.pk) == (dossier, None)
    assert dossier_with_access(generalist, dossier.pk + 1000) == (None, None)
    assert dossier_with_access(generalist, None) == (None, None)
