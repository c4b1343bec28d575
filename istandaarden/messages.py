"""Plain, typed values decoded from a valid iWmo/iJw message.

Only the fields the project acts on are mapped; names follow the standard (Dutch terms).
Amounts are in eurocents, as in the messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from istandaarden.kinds import MessageKind
from istandaarden.retourcodes import is_rejected


@dataclass(frozen=True)
class Header:
    berichtcode: int
    versie: str  # "3.2": BerichtVersie.BerichtSubversie
    afzender: str  # gemeentecode (4 digits) or AGB code of the aanbieder (8 digits)
    ontvanger: str
    identificatie: str
    dagtekening: date


@dataclass(frozen=True)
class Product:
    categorie: str
    code: str | None = None


@dataclass(frozen=True)
class Omvang:
    volume: int
    eenheid: str
    frequentie: str


@dataclass(frozen=True)
class Toewijzing:
    """301: one allocated product."""

    toewijzingnummer: str
    product: Product | None
    ingangsdatum: date
    einddatum: date | None
    omvang: Omvang | None
    reden_wijziging: str | None


@dataclass(frozen=True)
class StartZorg:
    """305: care started for one allocation."""

    toewijzingnummer: str | None
    product: Product | None
    toewijzing_ingangsdatum: date | None
    begindatum: date
    status_aanlevering: str


@dataclass(frozen=True)
class StopZorg:
    """307: care stopped for one allocation."""

    toewijzingnummer: str | None
    product: Product | None
    toewijzing_ingangsdatum: date | None
    begindatum: date
    einddatum: date
    reden_beeindiging: str
    status_aanlevering: str


@dataclass(frozen=True)
class AangevraagdProduct:
    """315: a product the aanbieder asks to be allocated."""

    referentie_aanbieder: str
    beschikkingnummer: str | None
    product: Product | None
    toewijzing_ingangsdatum: date
    toewijzing_einddatum: date | None
    omvang: Omvang | None


@dataclass(frozen=True)
class TeWijzigenProduct:
    """317: an existing allocation to change."""

    toewijzingnummer: str
    gewenste_ingangsdatum: date
    einddatum: date | None
    omvang: Omvang | None


@dataclass(frozen=True)
class NieuwProduct:
    """317: a product to add."""

    product: Product | None
    gewenste_ingangsdatum: date
    einddatum: date | None
    omvang: Omvang | None


@dataclass(frozen=True)
class Wijzigingsverzoek:
    """317: the request to change a client's allocations."""

    referentie_aanbieder: str
    reden_verzoek: str
    ongewijzigd: list[str]  # ToewijzingNummers that stay as they are
    te_wijzigen: list[TeWijzigenProduct]
    nieuw: list[NieuwProduct]


@dataclass(frozen=True)
class Antwoord:
    """319: the gemeente's answer to a 315/317 (1 afgewezen, 2 in onderzoek)."""

    referentie_aanbieder: str
    verzoek_antwoord: str
    reden_afwijzing: str | None
    woonplaatsbeginsel: str | None = None  # iJw only: gemeentecode of the responsible gemeente


@dataclass(frozen=True)
class Prestatie:
    """323: one declared delivery."""

    referentienummer: str
    toewijzingnummer: str
    product: Product
    begindatum: date
    einddatum: date
    geleverd_volume: int
    eenheid: str
    tarief: int | None  # eurocents per eenheid
    bedrag: int  # eurocents, negative for credit


@dataclass(frozen=True)
class Declaratie:
    """323: the declaration as a whole; its prestaties are on the clients."""

    nummer: str
    begindatum: date
    einddatum: date
    dagtekening: date
    totaal_bedrag: int  # eurocents, negative for credit


@dataclass(frozen=True)
class Client:
    bsn: str
    toewijzingen: list[Toewijzing] = field(default_factory=list)
    starts: list[StartZorg] = field(default_factory=list)
    stops: list[StopZorg] = field(default_factory=list)
    aangevraagd: list[AangevraagdProduct] = field(default_factory=list)
    verzoek: Wijzigingsverzoek | None = None
    prestaties: list[Prestatie] = field(default_factory=list)


@dataclass(frozen=True)
class RetourEntry:
    """The codes one berichtklasse got in a retour message."""

    element: str  # the class's element name: "Header", "Client", "ToegewezenProduct", "Antwoord" ...
    bsn: str | None  # the client it belongs to, None for the header and for classes outside a client
    key: str | None  # ToewijzingNummer, ReferentieAanbieder, ReferentieNummer, ... or "NieuwProduct#1"
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Retour:
    """302/306/308/316/318/320: the receiver's verdict on a message we sent.

    The header of a retour repeats the original message's header; its own identification is
    ``identificatie``/``dagtekening`` (IdentificatieRetour, DagtekeningRetour).
    """

    identificatie: str
    dagtekening: date
    header: tuple[str, ...]  # codes on the header; empty when the header carries none
    entries: list[RetourEntry] = field(default_factory=list)  # every class below the header

    @property
    def clients(self) -> dict[str, tuple[str, ...]]:
        """Bsn → codes of the Client class."""
        return {e.bsn: e.codes for e in self.entries if e.element == "Client" and e.bsn is not None}

    @property
    def items(self) -> dict[str, tuple[str, ...]]:
        """Key (ToewijzingNummer, ReferentieAanbieder ...) → codes, for the classes below a client."""
        return {e.key: e.codes for e in self.entries if e.element != "Client" and e.key is not None}

    @property
    def rejected(self) -> list[RetourEntry]:
        header = [RetourEntry("Header", None, None, self.header)] if is_rejected(self.header) else []
        return header + [e for e in self.entries if is_rejected(e.codes)]


@dataclass(frozen=True)
class Message:
    kind: MessageKind
    header: Header
    clients: list[Client] = field(default_factory=list)
    antwoord: Antwoord | None = None
    declaratie: Declaratie | None = None
    retour: Retour | None = None  # only on retour messages
