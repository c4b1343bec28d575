"""Plain values the gemeente puts into the messages it writes (see ``writing``).

Names follow the standard (Dutch terms). Optional fields left ``None`` are omitted from the
message; the XSD decides whether what remains is acceptable, so these classes hold no rules of
their own beyond their types.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time

from istandaarden.messages import Omvang, Product
from istandaarden.retourcodes import GEEN_OPMERKING


@dataclass(frozen=True)
class OutgoingHeader:
    """Who sends what to whom; BerichtCode, versions and XsdVersie come from the XSD."""

    afzender: str  # gemeentecode, 4 digits
    ontvanger: str  # AGB code of the aanbieder, 8 digits
    identificatie: str  # unique per message type for the sender, at most 12 characters
    dagtekening: date


@dataclass(frozen=True)
class Naam:
    """CDT_VolledigeNaam."""

    achternaam: str
    voorvoegsel: str | None = None
    partner_achternaam: str | None = None
    partner_voorvoegsel: str | None = None
    voornamen: str | None = None
    voorletters: str | None = None
    naamgebruik: str = "1"  # LDT_NaamGebruik: 1 = eigen naam


@dataclass(frozen=True)
class Adres:
    """CDT_Adres; every part is optional in the standard."""

    straatnaam: str | None = None
    huisnummer: int | None = None
    huisletter: str | None = None
    huisnummer_toevoeging: str | None = None
    postcode: str | None = None
    plaatsnaam: str | None = None
    landcode: str | None = None  # ISO 3166 alpha-2, e.g. "NL"


@dataclass(frozen=True)
class Contact:
    """One address or other way to reach the client (a 301 needs at least one)."""

    soort: str = "01"  # LDT_AdresSoort: 01 BRP-adres, 02 correspondentieadres, 03 verblijfadres ...
    adres: Adres | None = None
    organisatie: str | None = None
    telefoon: str | None = None  # digits only
    telefoon_landnummer: str = "0031"
    emailadres: str | None = None


@dataclass(frozen=True)
class ToegewezenProduct:
    """301: one allocation (all current and changed allocations of the client go in one 301)."""

    toewijzingnummer: str
    toewijzingsdatum: date
    toewijzingstijd: time
    ingangsdatum: date
    product: Product | None = None
    einddatum: date | None = None
    reden_wijziging: str | None = None
    omvang: Omvang | None = None
    budget: int | None = None  # whole euros, for a budget allocation
    referentie_aanbieder: str | None = None  # echoes the 315/317 that asked for it
    commentaar: str | None = None


@dataclass(frozen=True)
class ToewijzingClient:
    """301: the client and the allocations for one aanbieder."""

    bsn: str
    geboortedatum: date
    geslacht: str  # LDT_Geslacht: 0 onbekend, 1 man, 2 vrouw
    naam: Naam
    contacten: tuple[Contact, ...]
    producten: tuple[ToegewezenProduct, ...]
    juridische_status: str | None = None
    wettelijke_vertegenwoordiging: str | None = None
    commentaar: str | None = None


@dataclass(frozen=True)
class Beoordeling:
    """The gemeente's verdict on a received message, per berichtklasse, for its retour.

    ``header`` holds the codes on the message as a whole; any code but "0200" rejects the whole
    message, and the retour then holds the header only. ``clients`` maps a Bsn to the codes of
    that Client; ``items`` maps the key of a class inside a client (ToewijzingNummer for start,
    stop and te wijzigen producten, ReferentieAanbieder for aangevraagde producten and the
    verzoek, "NieuwProduct#1" for the first nieuw product; see ``retourcodes.KEY_PATHS``) to its
    codes. Classes not named get "0200". Naming a client or key that is not in the message is
    an error, so a rejection can never be lost to a typo.
    """

    header: tuple[str, ...] = (GEEN_OPMERKING,)
    clients: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    items: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
