"""Reading a batch file: each row checked on its own, one clear Dutch error naming the row and the field."""

import json
from datetime import date, timedelta

import pytest

from vroegsignalering.formats import (
    COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    FileRefused,
    RowError,
    SignalRow,
    parse_row,
    read_batch,
)

GOOD: dict[str, object] = {
    "partner": "woonstad",
    "kenmerk": "HUUR-2026-0001",
    "soort": "huur",
    "gemeld_op": "2026-11-02",
    "bedrag": "1250,50",
    "maanden": "3",
    "dreiging": "",
    "bsn": "111222333",
    "voorletters": "F.",
    "tussenvoegsel": "de",
    "achternaam": "Vries",
    "geboortedatum": "1980-05-17",
    "postcode": "1234 ab",
    "huisnummer": "12",
    "toevoeging": "A",
}


def _with(**changes: object) -> dict[str, object]:
    return {**GOOD, **changes}


def _error(raw: dict[str, object]) -> RowError:
    result = parse_row(7, raw)
    assert isinstance(result, RowError), result
    return result


def test_a_good_row_gives_typed_values_with_a_normalised_postcode() -> None:
    row = parse_row(2, GOOD)
    assert isinstance(row, SignalRow)
    assert row.postcode == "1234AB"
    assert str(row.bedrag) == "1250.50"
    assert row.gemeld_op == date(2026, 11, 2)
    assert row.huisnummer == 12


def test_an_amount_may_use_a_point_or_a_comma() -> None:
    point = parse_row(2, _with(bedrag="99.95"))
    comma = parse_row(2, _with(bedrag="99,95"))
    assert isinstance(point, SignalRow) and isinstance(comma, SignalRow)
    assert point.bedrag == comma.bedrag


def test_a_bsn_failing_the_elfproef_is_named_with_row_and_field() -> None:
    assert str(_error(_with(bsn="123456789"))) == "Regel 7, bsn: dit BSN klopt niet (elfproef)."


def test_an_empty_bsn_is_allowed() -> None:
    assert isinstance(parse_row(2, _with(bsn="")), SignalRow)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("partner", ""),
        ("partner", "woon stad!"),
        ("kenmerk", ""),
        ("kenmerk", "x" * 65),
        ("soort", "gas"),
        ("gemeld_op", "02-11-2026"),
        ("gemeld_op", "2026-02-30"),
        ("gemeld_op", (date.today() + timedelta(days=2)).isoformat()),
        ("bedrag", "1.250,50"),
        ("bedrag", "0"),
        ("bedrag", "-5"),
        ("maanden", "drie"),
        ("maanden", "0"),
        ("dreiging", "brand"),
        ("bsn", "12345678"),
        ("voorletters", "x" * 201),
        ("tussenvoegsel", "x" * 21),
        ("achternaam", ""),
        ("geboortedatum", "17-05-1980"),
        ("geboortedatum", "1850-01-01"),
        ("postcode", "123AB"),
        ("huisnummer", "12a"),
        ("huisnummer", "0"),
        ("toevoeging", "x" * 11),
    ],
)
def test_each_field_is_checked_and_the_error_names_that_field(field: str, value: str) -> None:
    error = _error(_with(**{field: value}))
    assert error.field == field
    assert error.row == 7
    assert str(error).startswith(f"Regel 7, {field}: ")


def test_an_error_never_repeats_the_value_it_refused() -> None:
    error = _error(_with(bsn="987654321"))
    assert "987654321" not in str(error)
    error = _error(_with(geboortedatum="31-12-1999"))
    assert "1999" not in str(error)


def test_only_the_first_problem_of_a_row_is_reported() -> None:
    error = _error(_with(soort="gas", bsn="123456789"))
    assert error.field == "soort"


def test_a_json_row_with_an_unknown_key_is_refused() -> None:
    assert _error(_with(geboorte_datum="1980-05-17")).field == "geboorte_datum"


def test_a_json_row_that_is_not_an_object_is_refused() -> None:
    assert isinstance(parse_row(3, ["woonstad"]), RowError)


def test_json_numbers_are_read_like_text() -> None:
    row = parse_row(2, _with(huisnummer=12, maanden=3, bedrag=99.5))
    assert isinstance(row, SignalRow)
    assert row.huisnummer == 12


def test_a_json_value_that_is_a_list_or_boolean_is_refused() -> None:
    assert _error(_with(huisnummer=True)).field == "huisnummer"
    assert _error(_with(achternaam=["Vries"])).field == "achternaam"


def _csv(rows: list[dict[str, object]], delimiter: str = ";", columns: tuple[str, ...] = COLUMNS) -> bytes:
    lines = [delimiter.join(columns)]
    lines += [delimiter.join(str(row.get(column, "")) for column in columns) for row in rows]
    return "\r\n".join(lines).encode()


def test_csv_with_semicolons_and_a_bom_is_read() -> None:
    batch = read_batch(b"\xef\xbb\xbf" + _csv([GOOD]))
    assert batch.file_format == "csv"
    assert [number for number, _ in batch.rows] == [2]
    assert isinstance(parse_row(*batch.rows[0]), SignalRow)


def test_csv_with_commas_is_read() -> None:
    batch = read_batch(_csv([_with(bedrag="12.50")], delimiter=","))
    assert isinstance(parse_row(*batch.rows[0]), SignalRow)


def test_csv_header_is_case_insensitive_in_any_order() -> None:
    columns = tuple(reversed(COLUMNS))
    content = _csv([GOOD], columns=columns).replace(b"partner", b"Partner", 1)
    assert isinstance(parse_row(*read_batch(content).rows[0]), SignalRow)


def test_a_csv_file_missing_a_column_is_refused_as_a_whole() -> None:
    columns = tuple(column for column in COLUMNS if column != "geboortedatum")
    with pytest.raises(FileRefused, match="geboortedatum"):
        read_batch(_csv([GOOD], columns=columns))


def test_json_with_signalen_is_read() -> None:
    batch = read_batch(json.dumps({"signalen": [GOOD, GOOD]}).encode())
    assert batch.file_format == "json"
    assert [number for number, _ in batch.rows] == [1, 2]


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"   \n",
        b"\x89PNG\r\n\x1a\n\x00\x00",
        "geen csv".encode("utf-16"),
        b"a;b;c\n1;2;3\n",
        b'{"meldingen": []}',
        b'{"signalen": []}',
        b"[1, 2]",
        b"{not json",
    ],
)
def test_a_file_that_is_no_batch_is_refused_with_a_reason(content: bytes) -> None:
    with pytest.raises(FileRefused) as refusal:
        read_batch(content)
    assert str(refusal.value)


def test_a_file_over_the_size_limit_is_refused() -> None:
    with pytest.raises(FileRefused, match="MB"):
        read_batch(b" " * (MAX_FILE_BYTES + 1))


def test_a_file_over_the_row_limit_is_refused() -> None:
    with pytest.raises(FileRefused, match=str(MAX_ROWS)):
        read_batch(json.dumps({"signalen": [{}] * (MAX_ROWS + 1)}).encode())


def test_a_csv_row_wider_than_the_header_is_refused() -> None:
    content = _csv([GOOD]) + b";extra"
    assert isinstance(parse_row(*read_batch(content).rows[0]), RowError)
