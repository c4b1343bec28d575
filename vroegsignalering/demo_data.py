"""Vroegsignalen for the demo municipality: two partners and a handful of signals, one casus stacked, one unmatched.

Through the real intake (``import_rows``), as the drop folder would deliver them, so matching, stacking and the
norm terms are the product's own. Safe to run twice: the partners are made once and a signal received before
changes nothing.
"""

from datetime import date, timedelta

from django.db.models import QuerySet

from residents.models import Inwoner
from vroegsignalering.intake import import_rows
from vroegsignalering.intake_folder import system_user
from vroegsignalering.models import ImportSource, SignalImport
from vroegsignalering.testing import ENERGY_CODE, HOUSING_CODE, signal_partners


def _residents() -> QuerySet[Inwoner]:
    """Synthetic residents with an address in a buurt and a current household: the ones matching can find."""
    return (
        Inwoner.objects.filter(
            is_synthetic=True,
            buurt__isnull=False,
            postcode__regex=r"^[1-9][0-9]{3}[A-Z]{2}$",
            huisnummer__isnull=False,
            lidmaatschappen__end__isnull=True,
        )
        .distinct()
        .order_by("pk")
    )


def _one_per_household(count: int) -> list[Inwoner]:
    """The first ``count`` residents that share no household, so each stack below is the demo's own."""
    chosen: list[Inwoner] = []
    households: set[int] = set()
    for inwoner in _residents().prefetch_related("lidmaatschappen")[: count * 20]:
        current = {lid.huishouden_id for lid in inwoner.lidmaatschappen.all() if lid.end is None}
        if current & households:
            continue
        households |= current
        chosen.append(inwoner)
        if len(chosen) == count:
            break
    return chosen


def _row(inwoner: Inwoner, *, partner: str, kenmerk: str, day: date, amount: str, threat: str = "") -> dict[str, str]:
    return {
        "partner": partner,
        "kenmerk": kenmerk,
        "soort": "huur" if partner == HOUSING_CODE else "energie",
        "gemeld_op": day.isoformat(),
        "bedrag": amount,
        "maanden": "3" if partner == HOUSING_CODE else "2",
        "dreiging": threat,
        "bsn": inwoner.bsn or "",
        "voorletters": f"{inwoner.voornamen[:1]}." if inwoner.voornamen else "",
        "tussenvoegsel": inwoner.tussenvoegsel,
        "achternaam": inwoner.achternaam,
        "geboortedatum": inwoner.geboortedatum.isoformat(),
        "postcode": inwoner.postcode,
        "huisnummer": str(inwoner.huisnummer),
        "toevoeging": inwoner.huisnummer_toevoeging,
    }


def seed_vroegsignalen(today: date) -> SignalImport | None:
    """Two partners and seven signals for five households and one unknown person; None when there are too few residents."""
    signal_partners()
    people = _one_per_household(5)
    if len(people) < 5:
        return None
    first, second, third, fourth, neighbour = people
    rows = [
        _row(first, partner=HOUSING_CODE, kenmerk="DEMO-HUUR-001", day=today - timedelta(days=9), amount="1380,00"),
        _row(first, partner=ENERGY_CODE, kenmerk="DEMO-EN-001", day=today - timedelta(days=6), amount="412,35"),
        _row(
            second,
            partner=HOUSING_CODE,
            kenmerk="DEMO-HUUR-002",
            day=today - timedelta(days=2),
            amount="2745,00",
            threat="huisuitzetting",
        ),
        _row(third, partner=ENERGY_CODE, kenmerk="DEMO-EN-002", day=today - timedelta(days=12), amount="289,90"),
        _row(third, partner=HOUSING_CODE, kenmerk="DEMO-HUUR-003", day=today - timedelta(days=4), amount="960,00"),
        _row(fourth, partner=HOUSING_CODE, kenmerk="DEMO-HUUR-004", day=today - timedelta(days=1), amount="615,00"),
    ]
    # Someone the municipality does not know, at a neighbour's address: waits in that team's queue.
    stranger = _row(
        neighbour, partner=ENERGY_CODE, kenmerk="DEMO-EN-003", day=today - timedelta(days=3), amount="530,10"
    )
    stranger.update(
        {"bsn": "", "voorletters": "R.", "tussenvoegsel": "", "achternaam": "Verhoeven", "geboortedatum": "1968-02-14"}
    )
    rows.append(stranger)
    return import_rows(rows, source=ImportSource.MAP, actor=system_user(), filename="demo-vroegsignalen.csv").batch
