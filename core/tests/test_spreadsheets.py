import pytest

from core.spreadsheets import spreadsheet_text


@pytest.mark.parametrize("typed", ['=HYPERLINK("http://x")', "+31 6 1234", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_a_text_a_spreadsheet_would_run_shows_as_typed(typed: str) -> None:
    assert spreadsheet_text(typed) == "'" + typed


@pytest.mark.parametrize("plain", ["Noord", "< 5", "12", "", "– geen"])
def test_other_texts_are_left_alone(plain: str) -> None:
    assert spreadsheet_text(plain) == plain
