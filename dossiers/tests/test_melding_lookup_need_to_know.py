"""The "Nieuwe melding" lookup shows only what is needed to pick the right person, and logs it.

Every caseworker may look up any resident of the municipality here, before anyone is involved
with them; so the screen shows the name, the birth date and a partial address, nobody else, and
each person shown gets a row in the access log (without the search terms).
"""

from datetime import date

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from audit.models import AccessAction, AccessBasis, AccessLogEntry
from dossiers.tests.views_support import logged_in
from dossiers.views import resident_token
from residents.models import Inwoner
from testsupport.factories import InwonerFactory, household_with

URL = reverse("dossiers:melding_nieuw")


@pytest.fixture
def client(generalist):
    return logged_in(generalist)


@pytest.fixture
def family(db) -> tuple[Inwoner, Inwoner]:
    mother = InwonerFactory(
        voornamen="Mirjam",
        achternaam="Verbeek",
        geboortedatum=date(1982, 4, 9),
        straat="Lindelaan",
        huisnummer=12,
        huisnummer_toevoeging="b",
        postcode="3511AB",
        telefoon="0612345678",
    )
    son = InwonerFactory(voornamen="Daan", achternaam="Verbeek", straat="Lindelaan", postcode="3511AB", huisnummer=12)
    household_with(mother, son)
    return mother, son


def test_lookup_by_bsn_shows_name_birth_date_and_partial_address_only(client, family) -> None:
    mother, _son = family
    content = client.get(URL, {"zoek": "1", "bsn": mother.bsn}).content.decode()
    assert "Mirjam Verbeek" in content
    assert date_format(date(1982, 4, 9)) in content
    assert "3511 12b" in content
    assert "Lindelaan" not in content and "3511AB" not in content and "0612345678" not in content


def test_lookup_does_not_show_the_household_members(client, family) -> None:
    mother, _son = family
    content = client.get(URL, {"zoek": "1", "bsn": mother.bsn}).content.decode()
    assert "Daan" not in content
    assert "2 leden" in content


def test_lookup_by_address_lists_nobody(client, family) -> None:
    content = client.get(URL, {"zoek": "1", "postcode": "3511 AB", "huisnummer": "12"}).content.decode()
    assert "Mirjam" not in content and "Daan" not in content


def test_choosing_a_found_person_shows_no_household_members_either(client, family) -> None:
    mother, _son = family
    content = client.get(URL, {"inwoner": resident_token(mother)}).content.decode()
    assert "Mirjam Verbeek" in content
    assert "Daan" not in content and "Lindelaan" not in content


def test_each_person_shown_gets_an_access_log_row_without_the_search_terms(client, generalist, family) -> None:
    mother, _son = family
    client.get(URL, {"zoek": "1", "achternaam": "verbeek", "geboortedatum": "1982-04-09"})

    shown = AccessLogEntry.objects.get(user=generalist, action=AccessAction.VIEW)
    assert (shown.object_type, shown.object_id, shown.basis) == ("inwoner", str(mother.pk), AccessBasis.REGISTRATIE)
    search = AccessLogEntry.objects.get(user=generalist, action=AccessAction.SEARCH)
    assert search.detail == "melding: naam en geboortedatum, 1 gevonden"
    for entry in (shown, search):
        assert "verbeek" not in (entry.detail + entry.path).casefold()
        assert "1982" not in entry.detail + entry.path


def test_lookup_by_bsn_logs_the_person_shown_without_the_bsn(client, generalist, family) -> None:
    mother, _son = family
    client.get(URL, {"zoek": "1", "bsn": mother.bsn})
    entries = AccessLogEntry.objects.filter(user=generalist)
    assert list(entries.filter(action=AccessAction.VIEW).values_list("object_id", flat=True)) == [str(mother.pk)]
    assert all(mother.bsn not in entry.detail + entry.path for entry in entries)


def test_lookup_without_a_match_logs_the_search_and_no_person(client, generalist, family) -> None:
    client.get(URL, {"zoek": "1", "achternaam": "Onbekend", "geboortedatum": "1982-04-09"})
    assert AccessLogEntry.objects.get(user=generalist, action=AccessAction.SEARCH).detail.endswith("0 gevonden")
    assert not AccessLogEntry.objects.filter(user=generalist, action=AccessAction.VIEW).exists()


def test_registering_with_a_known_bsn_logs_the_person_it_shows(client, generalist, team, family) -> None:
    mother, _son = family
    client.post(
        URL,
        {
            "bsn": mother.bsn,
            "voornamen": "Mirjam",
            "achternaam": "Verbeek",
            "geboortedatum": "1982-04-09",
            "huishouden": "nieuw",
            "type": "alleenstaand",
            "rol": "overig",
            "route": "huisarts",
            "received_at": "2024-01-02T10:00",
            "description": "Zorgen",
            "urgency": "normaal",
            "team": team.pk,
        },
    )
    assert AccessLogEntry.objects.filter(
        user=generalist, action=AccessAction.VIEW, object_type="inwoner", object_id=str(mother.pk)
    ).exists()


def test_the_search_and_every_person_shown_go_into_the_log_with_one_insert(client, generalist, db) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    twins = [InwonerFactory(achternaam="Tweeling", geboortedatum=date(2001, 5, 5)) for _ in range(3)]
    with CaptureQueriesContext(connection) as captured:
        client.get(URL, {"zoek": "1", "achternaam": "Tweeling", "geboortedatum": "2001-05-05"})
    inserts = [q for q in captured.captured_queries if 'INSERT INTO "audit_accesslogentry"' in q["sql"]]
    assert len(inserts) == 1
    shown = AccessLogEntry.objects.filter(user=generalist, action=AccessAction.VIEW, object_type="inwoner")
    assert set(shown.values_list("object_id", flat=True)) == {str(twin.pk) for twin in twins}
