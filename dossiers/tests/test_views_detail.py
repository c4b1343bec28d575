"""The dossier page and its actions: status, deadlines, network, timeline."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dossiers import parts
from dossiers.models import DossierDeadline, Involvement, TimelineEvent
from dossiers.tests.views_support import logged_in, with_deadline, with_events
from dossiers.transitions import CloseReason, Status
from residents.models import HuishoudenLid, LidRol, Netwerkrelatie
from testsupport.factories import InwonerFactory, dossier_for


def _url(dossier, name="dossiers:detail") -> str:
    return reverse(name, args=[dossier.pk])


def _tab(dossier, tab: parts.Tab) -> str:
    return parts.tab_url(dossier.pk, tab)


def test_dossier_page_shows_members_with_age_and_bsn(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    inwoner = dossier.huishouden.members.get()
    content = logged_in(generalist).get(_tab(dossier, parts.HUISHOUDEN)).content.decode()
    assert inwoner.full_name in content
    assert str(inwoner.bsn) in content
    assert f'<td class="utrecht-table__cell">{inwoner.age_on(timezone.localdate())}</td>' in content


def test_the_heading_names_the_household_with_a_capital_tussenvoegsel(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    dossier.huishouden.members.update(voornamen="Sanne", tussenvoegsel="de", achternaam="Vries")
    content = logged_in(generalist).get(_url(dossier)).content.decode()
    assert '<h1 class="utrecht-heading-1">Huishouden De Vries</h1>' in content
    assert "Sanne de Vries" in logged_in(generalist).get(_tab(dossier, parts.HUISHOUDEN)).content.decode()


def test_dossier_page_includes_the_other_apps_sections_on_their_tabs(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    client = logged_in(generalist)
    for tab, template in (
        (parts.ONDERZOEK, "assessments/_dossier_sections.html"),
        (parts.PLAN, "plans/_dossier_section.html"),
    ):
        response = client.get(_tab(dossier, tab))
        assert template in {used.name for used in response.templates}, tab.key


def test_dossier_page_offers_only_allowed_next_steps(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    response = logged_in(generalist).get(_url(dossier))
    assert [step["status"] for step in response.context["next_steps"]] == [Status.PLAN]
    assert response.context["may_close"]


def test_script_tag_in_a_name_is_rendered_escaped(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    dossier.huishouden.members.update(voornamen="<script>alert(1)</script>")
    content = logged_in(generalist).get(_tab(dossier, parts.HUISHOUDEN)).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_invalid_transition_is_refused_in_dutch_and_changes_nothing(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    events = TimelineEvent.objects.filter(dossier=dossier).count()
    response = logged_in(generalist).post(_url(dossier, "dossiers:status"), {"target": Status.EVALUATIE}, follow=True)
    assert "is geen toegestane stap" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Status.IN_ONDERZOEK
    assert TimelineEvent.objects.filter(dossier=dossier).count() == events


def test_closing_without_reason_is_refused(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    response = logged_in(generalist).post(_url(dossier, "dossiers:status"), {"target": Status.AFGESLOTEN}, follow=True)
    assert "Geef een reden op om het dossier af te sluiten." in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Status.IN_ONDERZOEK
    assert dossier.closed_at is None


def test_closing_with_reason_closes_and_ends_involvement(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    response = logged_in(generalist).post(
        _url(dossier, "dossiers:status"),
        {"target": Status.AFGESLOTEN, "close_reason": CloseReason.VERHUISD, "reason": "Naar Utrecht"},
    )
    # Access ends with the involvement, so the user lands on the worklist.
    assert response["Location"] == reverse("dossiers:werkvoorraad")
    dossier.refresh_from_db()
    assert (dossier.status, dossier.close_reason) == (Status.AFGESLOTEN, CloseReason.VERHUISD)
    assert not Involvement.objects.filter(dossier=dossier, end__isnull=True).exists()


def test_unknown_status_value_is_refused_in_dutch(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    response = logged_in(generalist).post(_url(dossier, "dossiers:status"), {"target": "weg"}, follow=True)
    assert "Kies een geldige nieuwe status." in response.content.decode()


def test_status_change_requires_post(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    assert logged_in(generalist).get(_url(dossier, "dossiers:status")).status_code == 405


def _postpone(client, deadline, **data):
    url = reverse("dossiers:termijn_verdagen", args=[deadline.dossier_id, deadline.pk])
    return client.post(url, data, follow=True)


def test_postponing_a_deadline_moves_its_due_date(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    deadline = with_deadline(dossier, timezone.localdate() + timedelta(days=10))
    _postpone(logged_in(generalist), deadline, weeks=2, reason="In overleg met de inwoner")
    deadline.refresh_from_db()
    assert deadline.postponed_weeks == 2
    assert deadline.due > timezone.localdate() + timedelta(days=10)


def test_postponing_beyond_the_maximum_is_refused_in_dutch(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    deadline = with_deadline(dossier, timezone.localdate() + timedelta(days=10))
    response = _postpone(logged_in(generalist), deadline, weeks=7, reason="Te lang")
    assert "ten hoogste" in response.content.decode()
    deadline.refresh_from_db()
    assert deadline.postponed_weeks == 0


def test_postponing_without_reason_is_refused(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    deadline = with_deadline(dossier, timezone.localdate() + timedelta(days=10))
    _postpone(logged_in(generalist), deadline, weeks=1, reason="")
    deadline.refresh_from_db()
    assert deadline.postponed_weeks == 0


def test_postponing_a_deadline_of_another_dossier_gives_404(team, generalist) -> None:
    mine = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    other = with_deadline(dossier_for(team, status=Status.IN_ONDERZOEK), timezone.localdate() + timedelta(days=9))
    url = reverse("dossiers:termijn_verdagen", args=[mine.pk, other.pk])
    response = logged_in(generalist).post(url, {"weeks": 1, "reason": "x"})
    assert response.status_code == 404
    assert DossierDeadline.objects.get(pk=other.pk).postponed_weeks == 0


def test_adding_a_netwerkrelatie_records_it_and_the_timeline(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    logged_in(generalist).post(
        _url(dossier, "dossiers:netwerk_toevoegen"), {"name": "Buurvrouw Ans", "type": "buur", "note": "Boodschappen"}
    )
    assert Netwerkrelatie.objects.filter(huishouden=dossier.huishouden, name="Buurvrouw Ans").exists()
    assert TimelineEvent.objects.filter(dossier=dossier, summary__contains="Buurvrouw Ans").exists()


def test_netwerkrelatie_for_someone_outside_the_household_is_refused(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    stranger = InwonerFactory()
    logged_in(generalist).post(
        _url(dossier, "dossiers:netwerk_toevoegen"), {"name": "Ans", "type": "buur", "for_inwoner": stranger.pk}
    )
    assert not Netwerkrelatie.objects.exists()


def test_timeline_shows_newest_first_limited_to_fifty_with_more_link(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    with_events(dossier, 55)
    response = logged_in(generalist).get(_tab(dossier, parts.TIJDLIJN))
    assert len(response.context["timeline"]) == 50
    assert response.context["timeline"][0].summary == "Gebeurtenis 54"
    assert reverse("dossiers:tijdlijn", args=[dossier.pk]) + "?pagina=2" in response.content.decode()


def test_more_timeline_via_htmx_returns_the_next_items_only(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    with_events(dossier, 55)
    response = logged_in(generalist).get(_url(dossier, "dossiers:tijdlijn"), {"pagina": 2}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert "Gebeurtenis 0" in content
    assert "<html" not in content


#: The tabs that list the timeline, the members, the network and the deadlines.
GROWING_TABS = (parts.OVERZICHT, parts.HUISHOUDEN, parts.TIJDLIJN)


def _count_queries(client, dossier) -> dict[str, int]:
    counts = {}
    for tab in GROWING_TABS:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(_tab(dossier, tab))
        assert response.status_code == 200
        counts[tab.key] = len(queries)
    return counts


def test_dossier_tabs_query_count_does_not_grow_with_timeline_or_members(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    client = logged_in(generalist)
    with_events(dossier, 2)
    with_deadline(dossier, timezone.localdate() + timedelta(days=9))
    small = _count_queries(client, dossier)
    with_events(dossier, 28)
    for _ in range(5):
        HuishoudenLid.objects.create(huishouden=dossier.huishouden, inwoner=InwonerFactory(), rol=LidRol.KIND)
        Netwerkrelatie.objects.create(huishouden=dossier.huishouden, name="Oma", type="familie")
        with_deadline(dossier, timezone.localdate() + timedelta(days=20))
    assert _count_queries(client, dossier) == small
