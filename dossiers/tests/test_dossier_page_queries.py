"""The dossier page and the worklist in a fixed, small number of queries, whatever the amount of data.

The counts are pinned: a change that adds a query to every page view shows up here, not only in
`manage.py bench`. The worklist and each tab of the dossier page are counted on a small dossier and again
after it has grown.
"""

from datetime import date, timedelta
from typing import cast

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from assessments.models import InstrumentDomain
from assessments.selectors import default_instrument
from audit.models import AccessBasis
from consent.models import BreakGlass, Consent, ConsentCapacity, ConsentHow, Consultation
from deadlines.calendar_source import current_calendar
from deadlines.models import EquatedDay, EquatedDayDecree
from dossiers import parts
from dossiers.forms import NetwerkrelatieForm
from dossiers.models import DossierNote, Involvement, InvolvementRole, Melding, Regime, Route
from dossiers.selectors import dossier_access, dossier_with_access
from dossiers.tests.views_support import logged_in, with_deadline, with_events
from dossiers.transitions import Status
from residents.models import HuishoudenLid, Inwoner, LidRol, Netwerkrelatie
from testsupport.factories import InwonerFactory, UserFactory, dossier_for

#: Per tab of the dossier page, without the access log's own queries (audit/, counted apart: they differ per
#: database). Every tab: session, user and second factor (middleware), the dossier with every access ground (one
#: query), the Atw calendar (1) and the household's members (the header and the pseudonyms): 6. Then what the tab
#: shows: the overview its next steps (no query) and the deadlines (with their running suspension); huishouden the
#: network and its notes; meldingen the meldingen and their notes; onderzoek the onderzoek and ZRM (the instrument
#: in one, the scores, the onderzoek and, once there is one, its participants) and notes; plan the plan and its
#: notes; besluiten the decisions (3), the allocations (2) and notes; betrokkenen the involvements and "wie kijkt
#: mee" (consultations, emergency accesses and the number of consents); bijzonder the three sections' notes;
#: tijdlijn the timeline and its notes.
DOSSIER_TAB_QUERIES = {
    "overzicht": 7,
    "huishouden": 8,
    "meldingen": 8,
    # The persoonlijke plannen the household sent online (assessments.PersoonlijkPlan).
    "onderzoek": 11,
    # The escalations to a regieteam with their conference figures, and the running one's open agreements (regie).
    "plan": 10,
    "besluiten": 12,
    "betrokkenen": 10,
    "bijzonder": 7,
    # The messages with the household: marking the household's read, then the thread (messaging).
    "tijdlijn": 10,
}
#: Session, user and second factor; the first page of the worklist with its columns (no COUNT while it
#: is not full); the Atw calendar (1); the unread messages of the page's dossiers, one query for the page (messaging).
#: Again without the access log.
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
    later = timezone.now() + timedelta(days=7)
    for index in range(3):
        specialist = UserFactory(role=Role.SPECIALIST, organisation=f"Praktijk {index}")
        Consultation.objects.create(
            dossier=dossier,
            specialist=specialist,
            invited_by=generalist,
            sections=["plan"],
            ends_at=later,
            reason="mee",
        )
        BreakGlass.objects.create(
            user=UserFactory(role=Role.CONSULENT), dossier=dossier, reason="crisis", expires_at=later
        )


def test_the_pinned_counts_name_every_tab_of_the_dossier_page() -> None:
    assert set(DOSSIER_TAB_QUERIES) == {tab.key for tab in parts.tabs()}


@pytest.mark.parametrize("tab", list(DOSSIER_TAB_QUERIES))
def test_each_dossier_tab_runs_a_pinned_number_of_queries_whatever_the_dossier_holds(
    tab, team, generalist, colleague
) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    client = logged_in(generalist)
    url = parts.tab_url(dossier.pk, tab)
    client.get(url)  # the session settles on the first request
    small = _queries(client, url)
    _grow(dossier, generalist, colleague)
    large = _queries(client, url)
    assert (len(small), len(large)) == (DOSSIER_TAB_QUERIES[tab],) * 2, "\n".join(large)


def test_the_grown_dossier_shows_who_looks_along_and_the_household_as_choices(team, generalist, colleague) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    _grow(dossier, generalist, colleague)
    for _ in range(2):
        Consent.objects.create(
            inwoner=HuishoudenLid.objects.filter(huishouden=dossier.huishouden).first().inwoner,
            dossier=dossier,
            purpose="afstemming",
            recipient="Huisarts",
            how=ConsentHow.values[0],
            given_by_name="Inwoner",
            given_by_capacity=ConsentCapacity.values[0],
            recorded_by=generalist,
        )
    client = logged_in(generalist)
    page = client.get(parts.tab_url(dossier.pk, "betrokkenen")).content.decode()
    for consultation in Consultation.objects.filter(dossier=dossier).select_related("specialist"):
        assert f"{consultation.specialist} ({consultation.specialist.organisation})" in page
    for use in BreakGlass.objects.filter(dossier=dossier).select_related("user"):
        assert str(use.user) in page
    assert "Toestemmingen (2)" in page
    response = client.get(parts.tab_url(dossier.pk, "huishouden"))
    choices = list(response.context["netwerk_form"].fields["for_inwoner"].choices)
    members = [row.inwoner for row in HuishoudenLid.objects.filter(huishouden=dossier.huishouden).order_by("pk")]
    assert [value for value, _label in choices[1:]] == [member.pk for member in members]
    assert [label for _value, label in choices[1:]] == [member.full_name for member in members]


def test_the_network_form_checks_a_posted_choice_against_the_members_it_was_given(team) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK)
    member = cast(Inwoner, InwonerFactory())
    HuishoudenLid.objects.create(huishouden=dossier.huishouden, inwoner=member, rol=LidRol.KIND)
    stranger = InwonerFactory()
    data = {"name": "Buur", "type": "buur"}
    assert NetwerkrelatieForm({**data, "for_inwoner": member.pk}, members=[member]).is_valid()
    refused = NetwerkrelatieForm({**data, "for_inwoner": stranger.pk}, members=[member])
    assert not refused.is_valid() and "for_inwoner" in refused.errors
    with CaptureQueriesContext(connection) as captured:
        assert "Het hele huishouden" in str(NetwerkrelatieForm(members=[member])["for_inwoner"])
    assert len(captured) == 0


def test_the_atw_calendar_is_read_in_one_query_and_a_saved_decree_counts_at_once(db) -> None:
    with CaptureQueriesContext(connection) as captured:
        before = current_calendar()
    assert len(captured) == 1
    assert current_calendar() is before  # unchanged rows: the calendar already built is used again
    decree = EquatedDayDecree.objects.create(
        title="Besluit", reference="Stcrt. 2040, 1", first_year=2040, last_year=2042
    )
    assert not current_calendar().is_rest_day(date(2040, 5, 14))
    day = EquatedDay.objects.create(decree=decree, date=date(2040, 5, 14), name="Maandag")
    assert current_calendar().is_rest_day(date(2040, 5, 14))
    day.date = date(2040, 5, 15)
    day.save()
    assert not current_calendar().is_rest_day(date(2040, 5, 14))
    assert current_calendar().is_rest_day(date(2040, 5, 15))
    day.delete()
    assert not current_calendar().is_rest_day(date(2040, 5, 15))


def test_the_default_instrument_is_one_query_and_a_changed_domain_counts_at_once(db) -> None:
    with CaptureQueriesContext(connection) as captured:
        instrument = default_instrument()
        assert instrument is not None
        domains = list(instrument.domains.all())
        levels = list(instrument.levels.all())
    assert len(captured) == 1
    assert [(d.order, d.pk) for d in domains] == sorted((d.order, d.pk) for d in domains) and domains
    assert [level.value for level in levels] == sorted(level.value for level in levels) and levels
    assert default_instrument() is instrument
    InstrumentDomain.objects.filter(pk=domains[0].pk).update(name="Geldzaken")
    renamed = default_instrument()
    assert renamed is not None and renamed.domains.all()[0].name == "Geldzaken"


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
    # The unread messages per dossier of the page are a count by nature; the page itself is not counted.
    assert not any("COUNT(" in sql.upper() and "messaging_message" not in sql for sql in large)


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
    for dossier in dossiers:  # each row links to its dossier page
        assert (
            f'href="{reverse("dossiers:detail", args=[dossier.pk])}">Dossier {dossier.pk}</a>'
            in response.content.decode()
        )
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
