import pytest
from django.core.exceptions import ValidationError

from residents.bsn import complete_bsn, is_valid_bsn
from residents.models import validate_bsn


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "999999990"])
def test_bsn_passing_the_elfproef_is_valid(bsn: str) -> None:
    assert is_valid_bsn(bsn)


@pytest.mark.parametrize("bsn", ["123456789", "12345678", "1234567890", "12345678a", "000000000", ""])
def test_bsn_failing_the_elfproef_or_the_format_is_invalid(bsn: str) -> None:
    assert not is_valid_bsn(bsn)


def test_complete_bsn_yields_a_valid_number_or_none() -> None:
    results = [complete_bsn(f"{n:08d}") for n in range(10_000_000, 10_000_200)]
    assert all(is_valid_bsn(r) for r in results if r is not None)
    assert any(r is None for r in results)


def test_model_validator_gives_a_dutch_message() -> None:
    with pytest.raises(ValidationError) as error:
        validate_bsn("123456789")
    assert "elfproef" in str(error.value)
