"""Batch files of vroegsignalen for tests and the browser tests: the issue's "20 rows from two partners".

``arrears_file`` writes what a partner would deliver: 20 signals from a housing corporation and an energy
company, two of them invalid (a BSN failing the elfproef on regel 7, an unknown partner on regel 14) and two
about the first resident (rent and energy: one household, one casus with two signals). Residents beyond those
given become people the municipality does not know (they wait in the queue).
"""

import csv
import io
import json
from collections.abc import Sequence
from datetime import date, timedelta

from django.utils import timezone

from partners.models import Partner, PartnerKind, Scope
from residents.models import Inwoner
from vroegsignalering.formats import COLUMNS

HOUSING_CODE = "woonstad"
ENERGY_CODE = "energie-noord"
ROWS = 20
#: File lines (the header is line 1) of the two invalid rows.
BAD_BSN_LINE = 7
UNKNOWN_PARTNER_LINE = 14


def signal_partners() -> tuple[Partner, Partner]:
    """The housing corporation and the energy company of the example file (made once)."""
    housing, _ = Partner.objects.get_or_create(
        code=HOUSING_CODE,
        defaults={
            "name": "Woonstad Voorbeeldstad",
            "kind": PartnerKind.WONINGVERHUURDER,
            "scopes": [Scope.VROEGSIGNALEN],
        },
    )
    energy, _ = Partner.objects.get_or_create(
        code=ENERGY_CODE,
        defaults={"name": "Energie Noord", "kind": PartnerKind.ENERGIE, "scopes": [Scope.VROEGSIGNALEN]},
    )
    return housing, energy


def _person(inwoner: Inwoner) -> dict[str, str]:
    return {
        "bsn": inwoner.bsn or "",
        "voorletters": inwoner.voornamen[:1] + "." if inwoner.voornamen else "",
        "tussenvoegsel": inwoner.tussenvoegsel,
        "achternaam": inwoner.achternaam,
        "geboortedatum": inwoner.geboortedatum.isoformat(),
        "postcode": inwoner.postcode,
        "huisnummer": str(inwoner.huisnummer or 1),
        "toevoeging": inwoner.huisnummer_toevoeging,
    }


def _stranger(number: int) -> dict[str, str]:
    return {
        "bsn": "",
        "voorletters": "K.",
        "tussenvoegsel": "",
        "achternaam": f"Onbekend{number}",
        "geboortedatum": "1975-03-01",
        "postcode": "9999ZZ",
        "huisnummer": str(number),
        "toevoeging": "",
    }


def arrears_rows(
    residents: Sequence[Inwoner], *, reported_on: date | None = None, threat_first: bool = False
) -> list[dict[str, str]]:
    """The 20 rows as dicts (the API's shape); see the module docstring."""
    day = reported_on or timezone.localdate() - timedelta(days=1)
    rows = []
    people = [_person(inwoner) for inwoner in residents]
    for index in range(ROWS):
        line = index + 2
        housing = index % 2 == 0
        # Rows 0 and 1 are both about the first resident (rent, then energy); row k > 1 about resident k - 1.
        position = max(index - 1, 0)
        person = people[position] if position < len(people) else _stranger(index)
        row = {
            "partner": HOUSING_CODE if housing else ENERGY_CODE,
            "kenmerk": f"{'HUUR' if housing else 'EN'}-2026-{index + 1:04d}",
            "soort": "huur" if housing else "energie",
            "gemeld_op": day.isoformat(),
            "bedrag": f"{450 + 37 * index},{index % 10}0",
            "maanden": str(2 + index % 3),
            "dreiging": "huisuitzetting" if threat_first and index == 0 else "",
            **person,
        }
        if line == BAD_BSN_LINE:
            row["bsn"] = "123456789"
        if line == UNKNOWN_PARTNER_LINE:
            row["partner"] = "onbekende-partner"
        rows.append(row)
    return rows


def arrears_file(
    residents: Sequence[Inwoner], *, fmt: str = "csv", reported_on: date | None = None, threat_first: bool = False
) -> bytes:
    """The 20 rows as a CSV file (``;``, UTF-8 with BOM, as a spreadsheet saves it) or a JSON file."""
    rows = arrears_rows(residents, reported_on=reported_on, threat_first=threat_first)
    if fmt == "json":
        return json.dumps({"signalen": rows}, ensure_ascii=False, indent=2).encode()
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode()
