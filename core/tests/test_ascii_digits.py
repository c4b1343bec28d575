"""Numbers typed or sent to us are ASCII digits: `\\d` and str.isdigit() also take "２０２６" (full width), "٣" and "²".

Such input once passed a check and then either reached int() and gave a 500 ("²"), or was stored as a code no
other system reads (a full-width AGB code in an iWmo message, a BSN no search finds). Each check below refuses it.
"""

import pytest
from django.core.exceptions import ValidationError

from audit.forms import validate_kenmerk
from catalogue.validators import validate_agb_code
from monitor.periods import Period
from residents.bsn import is_valid_bsn

FULL_WIDTH_BSN = "１１１２２２３３３"  # 111222333 passes the elfproef in ASCII


def test_a_bsn_in_other_digits_is_not_a_bsn() -> None:
    assert is_valid_bsn("111222333")
    assert not is_valid_bsn(FULL_WIDTH_BSN)


def test_an_agb_code_in_other_digits_is_refused() -> None:
    validate_agb_code("12345678")
    with pytest.raises(ValidationError):
        validate_agb_code("１２３４５６７８")


@pytest.mark.parametrize("key", ["２０２６", "2026\n", "2026-K3\n", "٢٠٢٦-11", "2026-1１"])
def test_a_monitor_period_in_other_digits_or_with_a_newline_is_no_period(key: str) -> None:
    assert Period.parse(key) is None


def test_a_kenmerk_with_a_trailing_newline_is_refused() -> None:
    validate_kenmerk("INZ-2026/17")
    with pytest.raises(ValidationError):
        validate_kenmerk("INZ-2026/17\n")


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["²", "１", "٣"])
def test_the_search_page_number_in_other_digits_shows_the_first_page(client, generalist, number: str) -> None:
    client.force_login(generalist)
    response = client.get("/dossiers/zoeken/", {"q": "de Vries", "pagina": number})
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_search_takes_a_full_width_bsn_as_a_name_not_a_bsn(client, generalist) -> None:
    from dossiers.forms import SearchForm

    form = SearchForm({"q": FULL_WIDTH_BSN})
    assert form.is_valid()
    assert "bsn" not in form.criteria()
