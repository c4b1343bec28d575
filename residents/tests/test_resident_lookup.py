"""Finding and registering residents for a melding (residents.selectors / residents.services)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from residents.models import HuishoudenLid, Inwoner, LidRol
from residents.selectors import find_residents, households_of, normalise_postcode, possible_duplicates
from residents.services import add_to_household, create_household, create_inwoner
from testsupport.factories import InwonerFactory, household_with


def test_postcode_is_normalised_without_space_in_capitals() -> None:
    assert normalise_postcode(" 1234 ab ") == "1234AB"


def test_bsn_takes_precedence_over_other_criteria(db) -> None:
    person = InwonerFactory()
    InwonerFactory(achternaam="Anders", geboortedatum=date(1970, 1, 1))
    found = find_residents(bsn=person.bsn, achternaam="Anders", geboortedatum=date(1970, 1, 1))
    assert list(found) == [person]


def test_possible_duplicates_ignore_case_of_the_surname(db) -> None:
    person = InwonerFactory(achternaam="de Vries", geboortedatum=date(1960, 6, 6))
    assert list(possible_duplicates("DE VRIES", date(1960, 6, 6))) == [person]


def test_no_criteria_finds_nobody(db) -> None:
    InwonerFactory()
    assert not find_residents().exists()


def test_households_of_leaves_out_households_the_person_left(db) -> None:
    person = InwonerFactory()
    current = household_with(person)
    old = household_with(person)
    HuishoudenLid.objects.filter(huishouden=old).update(end=date(2020, 1, 1))
    assert list(households_of(person)) == [current]


def test_create_inwoner_refuses_an_invalid_bsn(db) -> None:
    with pytest.raises(ValidationError):
        create_inwoner(Inwoner(bsn="123456789", voornamen="A", achternaam="B", geboortedatum=date(1990, 1, 1)))
    assert not Inwoner.objects.exists()


def test_create_household_makes_the_person_its_head(db) -> None:
    person = InwonerFactory()
    huishouden = create_household(person, "alleenstaand")
    assert HuishoudenLid.objects.get(huishouden=huishouden).rol == LidRol.HOOFD


def test_adding_someone_twice_to_a_household_keeps_one_membership(db) -> None:
    person, child = InwonerFactory(), InwonerFactory()
    huishouden = household_with(person)
    add_to_household(huishouden, child, LidRol.KIND)
    add_to_household(huishouden, child, LidRol.KIND)
    assert HuishoudenLid.objects.filter(huishouden=huishouden, inwoner=child).count() == 1
