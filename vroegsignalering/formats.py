"""Reading a batch of vroegsignalen (CSV or JSON, docs/vroegsignalering-import.md) and checking each row on its own.

Pure parsing and validation, no database: ``intake`` decides about partners and matching. Two kinds of failure:
a file that cannot be read as a batch at all (not UTF-8, not CSV or JSON, a missing column, too large) raises
``FileRefused`` and nothing of it is used; a row with a bad value becomes one ``RowError`` and the other rows
go on. An error names the row and the field, never the value: the error list is stored and shown to the
beheerder, who has no business reading a resident's BSN or arrears.
"""

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from dossiers.models import WgsThreat
from residents.bsn import is_valid_bsn
from vroegsignalering.models import SignalKind

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000

#: The columns (CSV) or keys (JSON) of one signal, in the order of the documented format.
COLUMNS: tuple[str, ...] = (
    "partner",
    "kenmerk",
    "soort",
    "gemeld_op",
    "bedrag",
    "maanden",
    "dreiging",
    "bsn",
    "voorletters",
    "tussenvoegsel",
    "achternaam",
    "geboortedatum",
    "postcode",
    "huisnummer",
    "toevoeging",
)

_POSTCODE = re.compile(r"^[1-9][0-9]{3}[A-Z]{2}$")
_AMOUNT = re.compile(r"^[0-9]{1,8}([.,][0-9]{1,2})?$")
_CODE = re.compile(r"^[-a-zA-Z0-9_]{1,40}$")
_KENMERK = re.compile(r"^[-a-zA-Z0-9_./:]{1,64}$")
_EARLIEST_BIRTH = date(1900, 1, 1)
MAX_MONTHS = 240
MAX_HOUSE_NUMBER = 99_999


class FileRefused(ValueError):
    """The file as a whole cannot be read as a batch of signals; its message is shown as it is."""


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "field": self.field, "message": self.message}

    def __str__(self) -> str:
        return _("Regel %(row)s, %(field)s: %(message)s") % {
            "row": self.row,
            "field": self.field,
            "message": self.message,
        }


@dataclass(frozen=True)
class SignalRow:
    """One valid row, with typed values; ``row`` is its number as shown in errors."""

    row: int
    partner: str
    kenmerk: str
    soort: str
    gemeld_op: date
    bedrag: Decimal
    maanden: int
    dreiging: str
    bsn: str
    voorletters: str
    tussenvoegsel: str
    achternaam: str
    geboortedatum: date | None
    postcode: str
    huisnummer: int
    toevoeging: str


@dataclass(frozen=True)
class Batch:
    """A file read as rows: its format, and each row as raw values keyed by column, with its number."""

    file_format: str
    rows: list[tuple[int, Mapping[str, object]]]


class _Invalid(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


# --- The file -------------------------------------------------------------------------------------


def read_batch(content: bytes) -> Batch:
    """The rows of a CSV or JSON file, or ``FileRefused`` with the reason in Dutch.

    The format follows from the content, not the name (a drop folder or browser may name it anything):
    JSON starts with ``{``; anything else must be CSV with the header row.
    """
    if len(content) > MAX_FILE_BYTES:
        raise FileRefused(
            _("Het bestand is groter dan %(mb)s MB; splits het in kleinere bestanden.")
            % {"mb": MAX_FILE_BYTES // (1024 * 1024)}
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(_("Het bestand is geen tekst in UTF-8; sla het op als CSV (UTF-8) of JSON.")) from None
    if "\x00" in text:
        raise FileRefused(_("Het bestand is geen CSV- of JSON-bestand."))
    if not text.strip():
        raise FileRefused(_("Het bestand is leeg."))
    if text.lstrip().startswith(("{", "[")):
        return Batch("json", _json_rows(text))
    return Batch("csv", _csv_rows(text))


def _json_rows(text: str) -> list[tuple[int, Mapping[str, object]]]:
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        raise FileRefused(_("Het bestand is geen geldige JSON.")) from None
    if not isinstance(document, dict) or not isinstance(document.get("signalen"), list):
        raise FileRefused(_('Een JSON-bestand heeft de vorm {"signalen": [ ... ]}.'))
    signals = document["signalen"]
    _check_count(len(signals))
    return [(number, item) for number, item in enumerate(signals, start=1)]


def _csv_rows(text: str) -> list[tuple[int, Mapping[str, object]]]:
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = ";" if ";" in first_line else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error:
        raise FileRefused(_("Het bestand is geen geldig CSV-bestand.")) from None
    records = [record for record in records if any(cell.strip() for cell in record)]
    if not records:
        raise FileRefused(_("Het bestand is leeg."))
    header = [cell.strip().lower() for cell in records[0]]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise FileRefused(
            _("De kopregel mist de kolom(men): %(columns)s. Zie het beschreven bestandsformaat.")
            % {"columns": ", ".join(missing)}
        )
    doubled = sorted({column for column in header if column and header.count(column) > 1})
    if doubled:
        raise FileRefused(_("De kopregel noemt een kolom twee keer: %(columns)s.") % {"columns": ", ".join(doubled)})
    _check_count(len(records) - 1)
    position = {column: header.index(column) for column in COLUMNS}
    rows: list[tuple[int, Mapping[str, object]]] = []
    # Regel 1 is the header, so a row's number is the line a spreadsheet shows it on.
    for number, record in enumerate(records[1:], start=2):
        if len(record) > len(header):
            rows.append((number, {"__width__": len(record)}))
            continue
        rows.append(
            (number, {column: record[index] if index < len(record) else "" for column, index in position.items()})
        )
    return rows


def _check_count(count: int) -> None:
    if count == 0:
        raise FileRefused(_("Het bestand bevat geen signalen."))
    if count > MAX_ROWS:
        raise FileRefused(
            _("Het bestand bevat meer dan %(max)s signalen; splits het in kleinere bestanden.") % {"max": MAX_ROWS}
        )


# --- One row ----------------------------------------------------------------------------------------


def parse_row(number: int, raw: object) -> SignalRow | RowError:
    """The row's typed values, or the first thing wrong with it (in column order)."""
    if not isinstance(raw, Mapping):
        return RowError(number, _("signaal"), _("een signaal is een object met de beschreven velden."))
    if "__width__" in raw:
        return RowError(number, _("regel"), _("deze regel heeft meer waarden dan de kopregel kolommen."))
    unknown = sorted(str(key) for key in raw if key not in COLUMNS)
    if unknown:
        return RowError(number, unknown[0][:40], _("dit veld kent het formaat niet."))
    try:
        return _parse(number, raw)
    except _Invalid as error:
        return RowError(number, error.field, error.message)


def _parse(number: int, raw: Mapping[str, object]) -> SignalRow:
    values = {column: _text(raw, column) for column in COLUMNS}
    partner = _required(values, "partner")
    if not _CODE.match(partner):
        raise _Invalid("partner", _("dit is geen geldige partnercode."))
    kenmerk = _required(values, "kenmerk")
    if not _KENMERK.match(kenmerk):
        raise _Invalid("kenmerk", _("een kenmerk is ten hoogste 64 letters, cijfers of - _ . / :"))
    soort = _required(values, "soort").lower()
    if soort not in SignalKind.values:
        raise _Invalid("soort", _("kies een van: %(choices)s.") % {"choices": ", ".join(SignalKind.values)})
    gemeld_op = _date(_required(values, "gemeld_op"), "gemeld_op")
    if gemeld_op > timezone.localdate():
        raise _Invalid("gemeld_op", _("deze datum ligt in de toekomst."))
    bedrag = _amount(_required(values, "bedrag"))
    maanden = _whole(_required(values, "maanden"), "maanden", 1, MAX_MONTHS)
    dreiging = values["dreiging"].lower()
    if dreiging and dreiging not in WgsThreat.values:
        raise _Invalid(
            "dreiging", _("laat leeg of kies een van: %(choices)s.") % {"choices": ", ".join(WgsThreat.values)}
        )
    bsn = values["bsn"]
    if bsn and not is_valid_bsn(bsn):
        raise _Invalid("bsn", _("dit BSN klopt niet (elfproef)."))
    voorletters = _limited(values, "voorletters", 200)
    tussenvoegsel = _limited(values, "tussenvoegsel", 20)
    achternaam = _limited(values, "achternaam", 200)
    if not achternaam:
        raise _Invalid("achternaam", _("dit veld is verplicht."))
    geboortedatum = _date(values["geboortedatum"], "geboortedatum") if values["geboortedatum"] else None
    if geboortedatum is not None and not (_EARLIEST_BIRTH <= geboortedatum <= timezone.localdate()):
        raise _Invalid("geboortedatum", _("deze geboortedatum kan niet kloppen."))
    postcode = "".join(_required(values, "postcode").split()).upper()
    if not _POSTCODE.match(postcode):
        raise _Invalid("postcode", _("een postcode is vier cijfers en twee letters, bijv. 1234AB."))
    huisnummer = _whole(_required(values, "huisnummer"), "huisnummer", 1, MAX_HOUSE_NUMBER)
    toevoeging = _limited(values, "toevoeging", 10)
    return SignalRow(
        row=number,
        partner=partner.lower(),
        kenmerk=kenmerk,
        soort=soort,
        gemeld_op=gemeld_op,
        bedrag=bedrag,
        maanden=maanden,
        dreiging=dreiging,
        bsn=bsn,
        voorletters=voorletters,
        tussenvoegsel=tussenvoegsel,
        achternaam=achternaam,
        geboortedatum=geboortedatum,
        postcode=postcode,
        huisnummer=huisnummer,
        toevoeging=toevoeging,
    )


def _text(raw: Mapping[str, object], column: str) -> str:
    """A value as stripped text; JSON numbers are fine, anything else (a list, true) is not a value."""
    value = raw.get(column)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise _Invalid(column, _("dit is geen geldige waarde."))
    text = str(value).strip()
    if any(ord(character) < 32 for character in text):
        raise _Invalid(column, _("dit veld bevat tekens die niet zijn toegestaan."))
    return text


def _required(values: Mapping[str, str], column: str) -> str:
    if not values[column]:
        raise _Invalid(column, _("dit veld is verplicht."))
    return values[column]


def _limited(values: Mapping[str, str], column: str, length: int) -> str:
    if len(values[column]) > length:
        raise _Invalid(column, _("ten hoogste %(length)s tekens.") % {"length": length})
    return values[column]


def _date(value: str, column: str) -> date:
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise _Invalid(column, _("geef een datum als JJJJ-MM-DD.")) from None


def _amount(value: str) -> Decimal:
    if not _AMOUNT.match(value):
        raise _Invalid("bedrag", _("geef een bedrag in euro, bijv. 1250,50 (zonder punt voor duizendtallen)."))
    amount = Decimal(value.replace(",", "."))
    if amount <= 0:
        raise _Invalid("bedrag", _("het bedrag moet groter zijn dan nul."))
    return amount


def _whole(value: str, column: str, low: int, high: int) -> int:
    try:
        if not value.isascii() or not value.isdigit():
            raise ValueError(value)
        number = int(value)
    except (ValueError, InvalidOperation):
        raise _Invalid(column, _("geef een heel getal.")) from None
    if not low <= number <= high:
        raise _Invalid(column, _("geef een getal van %(low)s tot en met %(high)s.") % {"low": low, "high": high})
    return number


def errors_as_text(errors: Iterable[RowError]) -> list[str]:
    return [str(error) for error in errors]
