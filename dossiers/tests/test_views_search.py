"""Search finds dossiers by name, BSN or address, only among the dossiers the user may see."""

from django.urls import reverse

from audit.models import AccessAction, AccessLogEntry
from dossiers.tests.views_support import logged_in
from dossiers.transitions import Status
from testsupport.factories import InwonerFactory, dossier_for, household_with

URL = reverse("dossiers:zoeken")


def _found(response) -> list[int]:
    return [row.dossier.pk for row in response.context["rows"]]


def test_search_by_name_finds_my_dossier(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    surname = dossier.huishouden.members.get().achternaam
    assert _found(logged_in(generalist).get(URL, {"q": surname})) == [dossier.pk]


def test_search_never_shows_dossiers_outside_my_access(team, generalist, colleague) -> None:
    hidden = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=colleague)
    person = hidden.huishouden.members.get()
    client = logged_in(generalist)
    for query in (person.achternaam, person.bsn, f"{person.postcode} {person.huisnummer}"):
        response = client.get(URL, {"q": query})
        assert _found(response) == []
        assert person.full_name not in response.content.decode()


def test_search_by_bsn_finds_the_dossier(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    bsn = dossier.huishouden.members.get().bsn
    assert _found(logged_in(generalist).get(URL, {"q": bsn})) == [dossier.pk]


def test_search_by_postcode_and_house_number(team, generalist) -> None:
    inwoner = InwonerFactory(postcode="4321BA", huisnummer=12)
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    dossier.huishouden = household_with(inwoner)
    dossier.save()
    assert _found(logged_in(generalist).get(URL, {"q": "4321 ba 12"})) == [dossier.pk]


def test_bsn_search_is_logged_without_the_number(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    bsn = dossier.huishouden.members.get().bsn
    logged_in(generalist).get(URL, {"q": bsn})
    entry = AccessLogEntry.objects.get(user=generalist, action=AccessAction.SEARCH)
    assert entry.detail == "zoeken op bsn: 1 resultaten"
    assert str(bsn) not in entry.path


def test_a_search_logs_the_kind_of_criterion_and_the_dossiers_shown_never_the_terms(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    person = dossier.huishouden.members.get()
    client = logged_in(generalist)
    client.get(URL, {"q": person.achternaam})
    client.get(URL, {"q": f"{person.postcode} {person.huisnummer}"})
    lines = AccessLogEntry.objects.filter(user=generalist)
    stored = " ".join(f"{line.detail} {line.path} {line.object_id}" for line in lines)
    assert person.achternaam not in stored and person.postcode not in stored
    searches = [line.detail for line in lines.filter(action=AccessAction.SEARCH).order_by("id")]
    assert searches == ["zoeken op naam: 1 resultaten", "zoeken op adres: 1 resultaten"]
    shown = lines.filter(action=AccessAction.VIEW, dossier_id=dossier.pk)
    assert [line.detail for line in shown.order_by("id")] == [
        "in zoekresultaat (zoeken op naam)",
        "in zoekresultaat (zoeken op adres)",
    ]


def test_sql_like_input_is_harmless(team, generalist) -> None:
    dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    response = logged_in(generalist).get(URL, {"q": "' OR 1=1; DROP TABLE residents_inwoner; --"})
    assert response.status_code == 200
    assert _found(response) == []
    assert InwonerFactory._meta.model.objects.exists()


def test_script_in_search_query_is_escaped(generalist) -> None:
    content = logged_in(generalist).get(URL, {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in content


def test_empty_search_shows_no_results_and_logs_nothing(generalist) -> None:
    response = logged_in(generalist).get(URL)
    assert response.context["rows"] is None
    assert not AccessLogEntry.objects.filter(action=AccessAction.SEARCH).exists()


def test_search_pages_carry_the_total_and_a_page_past_the_end_shows_the_last(team, generalist, monkeypatch) -> None:
    monkeypatch.setattr("dossiers.views.PAGE_SIZE", 2)
    dossiers = []
    for _ in range(5):
        dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
        dossier.huishouden = household_with(InwonerFactory(achternaam="Paginaweg"))
        dossier.save()
        dossiers.append(dossier.pk)
    client = logged_in(generalist)
    seen = []
    for number in ("1", "2", "3"):
        response = client.get(URL, {"q": "Paginaweg", "pagina": number})
        assert response.context["page"].paginator.count == 5
        assert response.context["page"].number == int(number)
        seen += _found(response)
    assert sorted(seen) == sorted(dossiers) and len(seen) == 5
    for past_the_end in ("4", "99", "0", "x"):
        response = client.get(URL, {"q": "Paginaweg", "pagina": past_the_end})
        expected = 1 if past_the_end == "x" else 3
        assert response.context["page"].number == expected, past_the_end
        assert response.context["page"].paginator.count == 5
        assert len(_found(response)) == (2 if expected == 1 else 1)
