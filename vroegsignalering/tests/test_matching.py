"""The matching rule for partner reports (residents.matching): BSN first, else address, surname and birth date."""

from datetime import date

import pytest

from residents.matching import PersonAsReported, match_resident
from residents.models import Inwoner
from testsupport.factories import InwonerFactory

pytestmark = pytest.mark.django_db


def _resident(**fields: object) -> Inwoner:
    inwoner: Inwoner = InwonerFactory(**fields)  # type: ignore[assignment]
    return inwoner


def _as_reported(inwoner: Inwoner, **changes: object) -> PersonAsReported:
    values: dict[str, object] = {
        "achternaam": inwoner.achternaam,
        "postcode": inwoner.postcode,
        "huisnummer": inwoner.huisnummer,
        "huisnummer_toevoeging": inwoner.huisnummer_toevoeging,
        "geboortedatum": inwoner.geboortedatum,
        "bsn": "",
    }
    values.update(changes)
    return PersonAsReported(**values)  # type: ignore[arg-type]


def test_a_known_bsn_matches_whatever_the_address_says() -> None:
    inwoner = _resident()
    match = match_resident(_as_reported(inwoner, bsn=inwoner.bsn, postcode="9999ZZ", achternaam="Anders"))
    assert match.inwoner == inwoner
    assert match.method == "bsn"


def test_without_bsn_address_surname_and_birth_date_together_match() -> None:
    inwoner = _resident(postcode="3511AB", huisnummer=4)
    match = match_resident(_as_reported(inwoner, achternaam=inwoner.achternaam.upper()))
    assert match.inwoner == inwoner
    assert match.method == "adres"


def test_an_unknown_bsn_falls_back_to_the_address() -> None:
    inwoner = _resident()
    match = match_resident(_as_reported(inwoner, bsn="111222333"))
    assert match.inwoner == inwoner
    assert match.method == "adres"


def test_a_different_birth_date_does_not_match() -> None:
    inwoner = _resident()
    assert match_resident(_as_reported(inwoner, geboortedatum=date(1990, 1, 1))).inwoner is None


def test_without_a_birth_date_the_address_alone_does_not_match() -> None:
    inwoner = _resident()
    assert match_resident(_as_reported(inwoner, geboortedatum=None)).inwoner is None


def test_two_residents_fitting_the_description_leave_the_report_unmatched() -> None:
    first = _resident(achternaam="Bakker", postcode="3511AB", huisnummer=8, huisnummer_toevoeging="")
    _resident(
        achternaam="Bakker",
        postcode="3511AB",
        huisnummer=8,
        huisnummer_toevoeging="",
        geboortedatum=first.geboortedatum,
    )
    match = match_resident(_as_reported(first))
    assert match.inwoner is None
    assert match.method == ""


def test_the_addition_tells_two_flats_apart_when_the_partner_gives_it() -> None:
    upstairs = _resident(achternaam="Smit", postcode="3511AB", huisnummer=9, huisnummer_toevoeging="B")
    _resident(
        achternaam="Smit",
        postcode="3511AB",
        huisnummer=9,
        huisnummer_toevoeging="A",
        geboortedatum=upstairs.geboortedatum,
    )
    assert match_resident(_as_reported(upstairs)).inwoner == upstairs
