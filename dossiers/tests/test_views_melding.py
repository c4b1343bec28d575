"""A new melding: find the resident first, never register a person twice, change nothing on bad input."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessAction, AccessLogEntry
from dossiers.models import Dossier, Melding
from dossiers.tests.views_support import logged_in
from dossiers.views import resident_token
from residents.models import Huishouden, HuishoudenLid, Inwoner
from testsupport.factories import InwonerFactory, household_with, next_bsn

URL = reverse("dossiers:melding_nieuw")


def _melding_fields(team, **overrides) -> dict:
    fields = {
        "route": "huisarts",
        "reporter_name": "Dr. Bakker",
        "reporter_organisation": "Huisartsenpraktijk",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "description": "Zorgen om zelfstandig wonen",
        "urgency": "normaal",
        "regime": "wmo",
        "team": team.pk,
    }
    return fields | overrides


def _new_resident_fields(**overrides) -> dict:
    fields = {
        "bsn": next_bsn(),
        "voornamen": "Karin",
        "tussenvoegsel": "van",
        "achternaam": "Dijk",
        "geboortedatum": "1975-03-02",
        "straat": "Dorpsstraat",
        "huisnummer": "4",
        "postcode": "1234 ab",
        "woonplaats": "Voorbeeldstad",
        "huishouden": "nieuw",
        "type": "alleenstaand",
        "rol": "overig",
    }
    return fields | overrides


@pytest.fixture
def client(generalist):
    return logged_in(generalist)


def test_new_resident_household_and_dossier_are_registered(client, team) -> None:
    response = client.post(URL, _new_resident_fields() | _melding_fields(team))
    inwoner = Inwoner.objects.get(achternaam="Dijk")
    dossier = Dossier.objects.get(huishouden__leden__inwoner=inwoner)
    assert response["Location"] == reverse("dossiers:detail", args=[dossier.pk])
    assert inwoner.postcode == "1234AB"
    assert Melding.objects.filter(dossier=dossier, inwoner=inwoner, route="huisarts").exists()


def test_successful_melding_shows_a_success_message(client, team) -> None:
    response = client.post(URL, _new_resident_fields() | _melding_fields(team), follow=True)
    assert "De melding is geregistreerd." in response.content.decode()


def test_invalid_bsn_is_refused_in_dutch_and_nothing_is_created(client, team) -> None:
    response = client.post(URL, _new_resident_fields(bsn="123456789") | _melding_fields(team))
    assert response.status_code == 200
    assert "elfproef" in response.content.decode()
    assert not Inwoner.objects.exists()
    assert not Huishouden.objects.exists()
    assert not Dossier.objects.exists()


def test_future_birth_date_is_refused_and_nothing_is_created(client, team) -> None:
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    response = client.post(URL, _new_resident_fields(geboortedatum=tomorrow) | _melding_fields(team))
    assert "De geboortedatum ligt in de toekomst." in response.content.decode()
    assert not Inwoner.objects.exists()
    assert not Dossier.objects.exists()


def test_invalid_melding_fields_create_no_resident_either(client, team) -> None:
    client.post(URL, _new_resident_fields() | _melding_fields(team, description=""))
    assert not Inwoner.objects.exists()


def test_field_error_is_linked_to_its_input(client, team) -> None:
    content = client.post(URL, _new_resident_fields(bsn="123456789") | _melding_fields(team)).content.decode()
    assert 'aria-describedby="id_bsn_error"' in content
    assert 'id="id_bsn_error"' in content


def test_search_by_bsn_selects_that_person(client) -> None:
    known = InwonerFactory()
    response = client.get(URL, {"zoek": "1", "bsn": known.bsn})
    assert response.context["inwoner"].name == known.full_name
    assert response.context["candidates"] == [known]


def test_resident_search_is_logged_without_the_bsn(client, generalist) -> None:
    known = InwonerFactory()
    client.get(URL, {"zoek": "1", "bsn": known.bsn})
    entry = AccessLogEntry.objects.get(user=generalist, action=AccessAction.SEARCH)
    assert str(known.bsn) not in entry.detail
    assert str(known.bsn) not in entry.path


def test_search_by_name_and_birth_date_finds_candidates(client) -> None:
    known = InwonerFactory(achternaam="Yilmaz", geboortedatum=date(1990, 1, 1))
    InwonerFactory(achternaam="Yilmaz", geboortedatum=date(1991, 1, 1))
    response = client.get(URL, {"zoek": "1", "achternaam": "yilmaz", "geboortedatum": "1990-01-01"})
    assert response.context["candidates"] == [known]


def test_search_by_address_alone_finds_nobody_because_it_would_list_the_neighbours(client) -> None:
    InwonerFactory(postcode="9999ZZ", huisnummer=7)
    response = client.get(URL, {"zoek": "1", "postcode": "9999 zz", "huisnummer": "7"})
    assert response.context["candidates"] is None
    assert "Vul een BSN in, of de achternaam met de geboortedatum." in response.content.decode()


def test_search_without_enough_criteria_explains_in_dutch(client) -> None:
    response = client.get(URL, {"zoek": "1", "achternaam": "Jansen"})
    assert "Vul een BSN in" in response.content.decode()


def test_same_bsn_is_not_registered_twice(client, team) -> None:
    known = InwonerFactory()
    response = client.post(URL, _new_resident_fields(bsn=known.bsn) | _melding_fields(team))
    assert "Er is al een inwoner met dit BSN" in response.content.decode()
    assert response.context["candidates"] == [known]
    assert Inwoner.objects.count() == 1


def test_same_name_and_birth_date_asks_whether_it_is_the_same_person(client, team) -> None:
    known = InwonerFactory(achternaam="Dijk", geboortedatum=date(1975, 3, 2), bsn=None)
    response = client.post(URL, _new_resident_fields(bsn="") | _melding_fields(team))
    assert "Mogelijk dezelfde persoon" in response.content.decode()
    assert response.context["candidates"] == [known]
    assert Inwoner.objects.count() == 1


def test_confirmed_different_person_with_same_name_is_registered(client, team) -> None:
    InwonerFactory(achternaam="Dijk", geboortedatum=date(1975, 3, 2), bsn=None)
    client.post(URL, _new_resident_fields(bsn="", bevestig_nieuw="1") | _melding_fields(team))
    assert Inwoner.objects.filter(achternaam="Dijk").count() == 2


def test_melding_about_known_person_joins_their_household(client, team) -> None:
    known = InwonerFactory()
    huishouden = household_with(known)
    client.post(
        URL,
        {"inwoner": resident_token(known), "huishouden": huishouden.pk, "type": "alleenstaand", "rol": "overig"}
        | _melding_fields(team),
    )
    assert Dossier.objects.get().huishouden == huishouden
    assert Inwoner.objects.count() == 1


def test_new_person_can_be_added_to_the_household_of_a_found_person(client, team) -> None:
    parent = InwonerFactory()
    huishouden = household_with(parent)
    client.post(
        URL,
        _new_resident_fields(bij=resident_token(parent), huishouden=huishouden.pk, rol="kind", voornamen="Noah")
        | _melding_fields(team),
    )
    child = Inwoner.objects.get(voornamen="Noah")
    assert HuishoudenLid.objects.filter(huishouden=huishouden, inwoner=child, rol="kind").exists()


def test_household_of_someone_else_cannot_be_chosen(client, team) -> None:
    known = InwonerFactory()
    other_household = household_with(InwonerFactory())
    client.post(
        URL,
        {"inwoner": resident_token(known), "huishouden": other_household.pk, "type": "alleenstaand", "rol": "overig"}
        | _melding_fields(team),
    )
    assert not Dossier.objects.exists()


def test_team_must_be_one_of_my_teams(client, team, other_team) -> None:
    client.post(URL, _new_resident_fields() | _melding_fields(other_team))
    assert not Inwoner.objects.exists()


def test_a_resident_cannot_be_opened_by_guessing_an_id(client) -> None:
    known = InwonerFactory()
    response = client.get(URL, {"inwoner": str(known.pk)})
    assert response.context["inwoner"] is None
    assert known.full_name not in response.content.decode()


def test_melding_with_a_forged_resident_reference_registers_a_new_person_instead(client, team) -> None:
    known = InwonerFactory()
    client.post(URL, {"inwoner": str(known.pk)} | _new_resident_fields() | _melding_fields(team))
    assert not Dossier.objects.filter(huishouden__leden__inwoner=known).exists()


def test_search_result_links_choose_the_person(client) -> None:
    known = InwonerFactory()
    response = client.get(
        URL, {"zoek": "1", "achternaam": known.achternaam, "geboortedatum": known.geboortedatum.isoformat()}
    )
    token = response.context["candidate_choices"][0].token
    assert client.get(URL, {"inwoner": token}).context["inwoner"].name == known.full_name
