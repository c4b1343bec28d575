"""Dutch names with a tussenvoegsel: small letter after a first name, capital when it opens the name."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from residents.models import Inwoner
from residents.names import full_name, sort_name, surname

TUSSENVOEGSELS = ["", "de", "van", "van der", "van den", "ter", "in 't", "'t", "d'", "van de"]
first_names = st.lists(st.sampled_from(["Sanne", "Jan", "Fatima", "Anne-Marie", "S."]), max_size=3).map(" ".join)
surnames = st.sampled_from(["Vries", "Berg", "Hart", "Jansen", "Yılmaz", "Amstel"])


def test_full_name_keeps_the_tussenvoegsel_small_after_a_first_name() -> None:
    assert full_name("Sanne", "de", "Vries") == "Sanne de Vries"


def test_full_name_writes_a_stored_capital_small_after_a_first_name() -> None:
    assert full_name("Sanne", "De", "Vries") == "Sanne de Vries"


def test_full_name_after_an_initial() -> None:
    assert full_name("S.", "van der", "Berg") == "S. van der Berg"


def test_full_name_without_tussenvoegsel_has_no_double_space() -> None:
    assert full_name("Jan", "", "Jansen") == "Jan Jansen"


def test_full_name_without_first_names_opens_with_a_capital() -> None:
    assert full_name("", "van der", "Berg") == "Van der Berg"


def test_surname_alone_gives_the_tussenvoegsel_a_capital() -> None:
    assert surname("de", "Vries") == "De Vries"
    assert surname("van der", "Berg") == "Van der Berg"


def test_surname_without_tussenvoegsel_is_the_achternaam() -> None:
    assert surname("", "Jansen") == "Jansen"


@pytest.mark.parametrize(
    ("tussenvoegsel", "expected"),
    [("'t", "'t Hart"), ("in 't", "In 't Hart"), ("van 't", "Van 't Hart"), ("d'", "D' Hart")],
)
def test_surname_capital_goes_to_the_first_word_without_an_apostrophe(tussenvoegsel: str, expected: str) -> None:
    assert surname(tussenvoegsel, "Hart") == expected


def test_sort_name_puts_the_surname_first_and_the_tussenvoegsel_last() -> None:
    assert sort_name("Sanne", "de", "Vries") == "Vries, Sanne de"


def test_sort_name_without_tussenvoegsel_or_first_names() -> None:
    assert sort_name("Jan", "", "Jansen") == "Jansen, Jan"
    assert sort_name("", "", "Jansen") == "Jansen"
    assert sort_name("", "van der", "Berg") == "Berg, van der"


def test_inwoner_uses_the_same_rules() -> None:
    inwoner = Inwoner(voornamen="Sanne", tussenvoegsel="de", achternaam="Vries")
    assert (inwoner.full_name, inwoner.surname, inwoner.sort_name) == ("Sanne de Vries", "De Vries", "Vries, Sanne de")
    assert str(inwoner) == "Sanne de Vries"


@given(first_names.filter(bool), st.sampled_from(TUSSENVOEGSELS), surnames)
def test_after_first_names_the_tussenvoegsel_stays_small(voornamen: str, tussenvoegsel: str, achternaam: str) -> None:
    name = full_name(voornamen, tussenvoegsel.capitalize(), achternaam)
    assert name.startswith(f"{voornamen} ") and name.endswith(f" {achternaam}")
    assert name[len(voornamen) : -len(achternaam)].strip() == tussenvoegsel
    assert "  " not in name


@given(st.sampled_from(TUSSENVOEGSELS), surnames)
def test_without_first_names_the_name_opens_with_a_capital(tussenvoegsel: str, achternaam: str) -> None:
    name = full_name("", tussenvoegsel, achternaam)
    assert name == surname(tussenvoegsel, achternaam)
    first_real_word = next(word for word in name.split() if not word.startswith("'"))
    assert first_real_word[0].isupper()


@given(first_names, st.sampled_from(TUSSENVOEGSELS), surnames)
def test_the_three_forms_hold_the_same_words(voornamen: str, tussenvoegsel: str, achternaam: str) -> None:
    def words(text: str) -> list[str]:
        return sorted(text.replace(",", "").lower().split())

    expected = words(f"{voornamen} {tussenvoegsel} {achternaam}")
    assert words(full_name(voornamen, tussenvoegsel, achternaam)) == expected
    assert words(sort_name(voornamen, tussenvoegsel, achternaam)) == expected
    assert words(surname(tussenvoegsel, achternaam)) == words(f"{tussenvoegsel} {achternaam}")


@given(st.sampled_from(TUSSENVOEGSELS), surnames)
def test_sorting_by_sort_name_ignores_the_tussenvoegsel(tussenvoegsel: str, achternaam: str) -> None:
    assert sort_name("Sanne", tussenvoegsel, achternaam).startswith(f"{achternaam},")
