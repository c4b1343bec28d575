"""Identify, validate and read iWmo/iJw messages.

The type comes from the root element's namespace (``.../iwmo/3_2/wmo301/schema``); each
message XSD fixes its BerichtCode (414 for WMO301 ...), so validation makes the two agree. Every
message is validated against the official XSD before it is read, so the reader can rely on the
structure and keep to plain lookups. The bytes are parsed by ``istandaarden.parsing`` only: never
taken as a location, never past the bounds of ``istandaarden.limits``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any
from xml.etree.ElementTree import Element

import xmlschema

from istandaarden import limits
from istandaarden.errors import InvalidMessage as InvalidMessage
from istandaarden.errors import MalformedXml as MalformedXml
from istandaarden.errors import MessageError as MessageError
from istandaarden.errors import MessageTooLarge as MessageTooLarge
from istandaarden.errors import UnknownMessageType as UnknownMessageType
from istandaarden.kinds import RETOUR_OF, MessageKind
from istandaarden.messages import (
    AangevraagdProduct,
    Antwoord,
    Client,
    Declaratie,
    Header,
    Message,
    NieuwProduct,
    Omvang,
    Prestatie,
    Product,
    Retour,
    RetourEntry,
    StartZorg,
    StopZorg,
    TeWijzigenProduct,
    Toewijzing,
    Wijzigingsverzoek,
)
from istandaarden.parsing import parse
from istandaarden.retourcodes import KEY_PATHS, position_key
from istandaarden.schemas import SchemaSet

_ROOT_TAG = re.compile(r"^\{http://www\.istandaarden\.nl/i(wmo|jw)/3_2/(wmo|jw)(\d{3})/schema\}Bericht$")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _kind_of(root: Element) -> MessageKind:
    match = _ROOT_TAG.match(root.tag)
    if not match or match.group(1) != match.group(2):
        raise UnknownMessageType([f"Onbekend berichttype: rootelement {root.tag}"])
    return MessageKind(match.group(1).upper(), match.group(3))


def identify(xml_bytes: bytes) -> MessageKind:
    """The message type, from the root element's namespace."""
    return _kind_of(parse(xml_bytes).root)


def _check(xml_bytes: bytes, schemas: SchemaSet) -> tuple[MessageKind, xmlschema.XMLResource, list[str]]:
    resource = parse(xml_bytes)
    kind = _kind_of(resource.root)
    if not schemas.has(kind):
        raise UnknownMessageType([f"Onbekend berichttype: {kind} (geen XSD in {schemas.root})"])
    return kind, resource, _schema_reasons(kind, resource, schemas)


def _schema_reasons(kind: MessageKind, resource: xmlschema.XMLResource, schemas: SchemaSet) -> list[str]:
    """At most ``MAX_REASONS`` XSD errors: the validator is iterated lazily and stopped there."""
    reasons: list[str] = []
    errors = schemas.schema(kind).iter_errors(resource, use_location_hints=False)
    try:
        for error in errors:
            if len(reasons) == limits.MAX_REASONS:
                reasons.append(f"De controle is gestopt na {limits.MAX_REASONS} fouten; er kunnen er meer zijn.")
                break
            where = f"regel {error.sourceline}, " if error.sourceline else ""
            reasons.append(f"Ongeldig volgens {kind}.xsd: {where}{error.path}: {error.reason}")
    except (ValueError, ArithmeticError) as exc:
        # xmlschema converts values while checking them; a year of 20 digits overflows there.
        reasons.append(f"Ongeldig volgens {kind}.xsd: een waarde kan niet worden gecontroleerd ({exc}).")
    return reasons


def validate(xml_bytes: bytes, schemas: SchemaSet) -> list[str]:
    """Readable reasons why the message is not acceptable; empty when it is valid."""
    try:
        return _check(xml_bytes, schemas)[2]
    except MessageError as exc:
        return exc.reasons


def parse_valid(xml_bytes: bytes, schemas: SchemaSet) -> tuple[MessageKind, Element]:
    """The type and root element of a message that is valid against its XSD; raises otherwise."""
    kind, resource, reasons = _check(xml_bytes, schemas)
    if reasons:
        raise InvalidMessage(reasons)
    return kind, resource.root


def read(xml_bytes: bytes, schemas: SchemaSet) -> Message:
    """Validate and decode a message; raises a ``MessageError`` with reasons otherwise.

    The XSD allows values Python cannot hold (the year 99999 is a valid ``xs:date``), so a
    conversion that fails after validation is a rejection too, never an exception of its own.
    """
    kind, root = parse_valid(xml_bytes, schemas)
    try:
        header_element = _one(root, "Header")
        reader = _BODY_READERS.get(kind.code)
        body: dict[str, Any] = reader(root) if reader else {}
        return Message(kind=kind, header=_header(header_element), retour=_retour(root, header_element), **body)
    except MessageError:
        raise
    except (ValueError, ArithmeticError) as exc:
        raise InvalidMessage([f"Ongeldig bericht: een waarde kan niet worden verwerkt ({exc})."]) from exc


# --- element helpers (namespace-agnostic: iWmo and iJw share element names) -------------


def _all(parent: Element, name: str) -> list[Element]:
    return [child for child in parent if _local(child.tag) == name]


def _opt(parent: Element | None, name: str) -> Element | None:
    if parent is None:
        return None
    found = _all(parent, name)
    return found[0] if found else None


def _one(parent: Element, name: str) -> Element:
    found = _opt(parent, name)
    if found is None:  # the XSD guarantees it; this guards against a schema/reader mismatch
        raise InvalidMessage([f"Ongeldig bericht: {name} ontbreekt in {_local(parent.tag)}"])
    return found


def _text(element: Element) -> str:
    return (element.text or "").strip()


def _str(parent: Element, name: str) -> str:
    return _text(_one(parent, name))


def _opt_str(parent: Element | None, name: str) -> str | None:
    element = _opt(parent, name)
    return None if element is None else _text(element)


def _to_date(name: str, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidMessage(
            [f"Ongeldig bericht: {name} {value!r} is geen datum die verwerkt kan worden (jaar 1 tot en met 9999)."]
        ) from None


def _date(parent: Element, name: str) -> date:
    return _to_date(name, _str(parent, name))


def _opt_date(parent: Element, name: str) -> date | None:
    value = _opt_str(parent, name)
    return None if value is None else _to_date(name, value)


def _items(parent: Element, container: str, item: str) -> list[Element]:
    found = _opt(parent, container)
    return [] if found is None else _all(found, item)


def _signed(parent: Element, amount: str) -> int:
    """A Bedrag with DebetCredit: credit becomes negative."""
    value = int(_str(parent, amount))
    return -value if _str(parent, "DebetCredit") == "C" else value


# --- parts ----------------------------------------------------------------------------


def _header(element: Element) -> Header:
    identificatie = _one(element, "BerichtIdentificatie")
    return Header(
        berichtcode=int(_str(element, "BerichtCode")),
        versie=f"{_str(element, 'BerichtVersie')}.{_str(element, 'BerichtSubversie')}",
        afzender=_str(element, "Afzender"),
        ontvanger=_str(element, "Ontvanger"),
        identificatie=_str(identificatie, "Identificatie"),
        dagtekening=_date(identificatie, "Dagtekening"),
    )


def _product(parent: Element) -> Product | None:
    element = _opt(parent, "Product")
    if element is None:
        return None
    return Product(categorie=_str(element, "Categorie"), code=_opt_str(element, "Code"))


def _omvang(parent: Element) -> Omvang | None:
    element = _opt(parent, "Omvang")
    if element is None:
        return None
    return Omvang(
        volume=int(_str(element, "Volume")),
        eenheid=_str(element, "Eenheid"),
        frequentie=_str(element, "Frequentie"),
    )


def _toewijzing(element: Element) -> Toewijzing:
    return Toewijzing(
        toewijzingnummer=_str(element, "ToewijzingNummer"),
        product=_product(element),
        ingangsdatum=_date(element, "Ingangsdatum"),
        einddatum=_opt_date(element, "Einddatum"),
        omvang=_omvang(element),
        reden_wijziging=_opt_str(element, "RedenWijziging"),
    )


def _start(element: Element) -> StartZorg:
    return StartZorg(
        toewijzingnummer=_opt_str(element, "ToewijzingNummer"),
        product=_product(element),
        toewijzing_ingangsdatum=_opt_date(element, "ToewijzingIngangsdatum"),
        begindatum=_date(element, "Begindatum"),
        status_aanlevering=_str(element, "StatusAanlevering"),
    )


def _stop(element: Element) -> StopZorg:
    return StopZorg(
        toewijzingnummer=_opt_str(element, "ToewijzingNummer"),
        product=_product(element),
        toewijzing_ingangsdatum=_opt_date(element, "ToewijzingIngangsdatum"),
        begindatum=_date(element, "Begindatum"),
        einddatum=_date(element, "Einddatum"),
        reden_beeindiging=_str(element, "RedenBeeindiging"),
        status_aanlevering=_str(element, "StatusAanlevering"),
    )


def _aangevraagd(element: Element) -> AangevraagdProduct:
    return AangevraagdProduct(
        referentie_aanbieder=_str(element, "ReferentieAanbieder"),
        beschikkingnummer=_opt_str(element, "BeschikkingNummer"),
        product=_product(element),
        toewijzing_ingangsdatum=_date(element, "ToewijzingIngangsdatum"),
        toewijzing_einddatum=_opt_date(element, "ToewijzingEinddatum"),
        omvang=_omvang(element),
    )


def _verzoek(element: Element) -> Wijzigingsverzoek:
    return Wijzigingsverzoek(
        referentie_aanbieder=_str(element, "ReferentieAanbieder"),
        reden_verzoek=_str(element, "RedenVerzoek"),
        ongewijzigd=[
            _str(item, "ToewijzingNummer") for item in _items(element, "OngewijzigdeProducten", "OngewijzigdProduct")
        ],
        te_wijzigen=[
            TeWijzigenProduct(
                toewijzingnummer=_str(item, "ToewijzingNummer"),
                gewenste_ingangsdatum=_date(item, "GewensteIngangsdatum"),
                einddatum=_opt_date(item, "Einddatum"),
                omvang=_omvang(item),
            )
            for item in _items(element, "TeWijzigenProducten", "TeWijzigenProduct")
        ],
        nieuw=[
            NieuwProduct(
                product=_product(item),
                gewenste_ingangsdatum=_date(item, "GewensteIngangsdatum"),
                einddatum=_opt_date(item, "Einddatum"),
                omvang=_omvang(item),
            )
            for item in _items(element, "NieuweProducten", "NieuwProduct")
        ],
    )


def _prestatie(element: Element) -> Prestatie:
    periode = _one(element, "ProductPeriode")
    tarief = _opt_str(element, "ProductTarief")
    return Prestatie(
        referentienummer=_str(_one(element, "ProductReferentie"), "ReferentieNummer"),
        toewijzingnummer=_str(element, "ToewijzingNummer"),
        product=Product(categorie=_str(element, "ProductCategorie"), code=_str(element, "ProductCode")),
        begindatum=_date(periode, "Begindatum"),
        einddatum=_date(periode, "Einddatum"),
        geleverd_volume=int(_str(element, "GeleverdVolume")),
        eenheid=_str(element, "Eenheid"),
        tarief=None if tarief is None else int(tarief),
        bedrag=_signed(_one(element, "IngediendBedrag"), "Bedrag"),
    )


# --- bodies per message number ----------------------------------------------------------


def _client_body(build: Callable[[Element], Client]) -> Callable[[Element], dict[str, Any]]:
    return lambda root: {"clients": [build(element) for element in _all(root, "Client")]}


def _body_323(root: Element) -> dict[str, Any]:
    element = _one(root, "Declaratie")
    periode = _one(element, "DeclaratiePeriode")
    declaratie = Declaratie(
        nummer=_str(element, "DeclaratieNummer"),
        begindatum=_date(periode, "Begindatum"),
        einddatum=_date(periode, "Einddatum"),
        dagtekening=_date(element, "DeclaratieDagtekening"),
        totaal_bedrag=_signed(_one(element, "TotaalIngediendBedrag"), "TotaalBedrag"),
    )
    clients = [
        Client(
            bsn=_str(client, "Bsn"),
            prestaties=[_prestatie(item) for item in _items(client, "Prestaties", "Prestatie")],
        )
        for client in _items(element, "Clienten", "Client")
    ]
    return {"declaratie": declaratie, "clients": clients}


def _body_319(root: Element) -> dict[str, Any]:
    element = _one(root, "Antwoord")
    return {
        "antwoord": Antwoord(
            referentie_aanbieder=_str(element, "ReferentieAanbieder"),
            verzoek_antwoord=_str(element, "VerzoekAntwoord"),
            reden_afwijzing=_opt_str(element, "RedenAfwijzingVerzoek"),
            woonplaatsbeginsel=_opt_str(_opt(element, "Woonplaatsbeginsel"), "Gemeente"),
        )
    }


# --- retour codes (302/306/308/316/318/320) ------------------------------------------------


def _codes(element: Element) -> tuple[str, ...]:
    return tuple(_text(code) for code in _items(element, "RetourCodes", "RetourCode"))


def item_key(element: Element) -> str | None:
    """The identifying value of a berichtklasse, by ``retourcodes.KEY_PATHS``."""
    for path in KEY_PATHS:
        found: Element | None = element
        for name in path:
            found = _opt(found, name)
        if found is not None:
            return _text(found)
    return None


def _retour_entries(parent: Element, bsn: str | None) -> list[RetourEntry]:
    entries: list[RetourEntry] = []
    seen: dict[str, int] = {}
    for child in parent:
        name = _local(child.tag)
        if name in ("Header", "RetourCodes"):
            continue
        seen[name] = seen.get(name, 0) + 1
        child_bsn = _opt_str(child, "Bsn") if name == "Client" else bsn
        if _opt(child, "RetourCodes") is not None:
            key = None if name == "Client" else item_key(child) or position_key(name, seen[name])
            entries.append(RetourEntry(element=name, bsn=child_bsn, key=key, codes=_codes(child)))
        entries.extend(_retour_entries(child, child_bsn))
    return entries


def _retour(root: Element, header: Element) -> Retour | None:
    if _opt(header, "IdentificatieRetour") is None:
        return None
    return Retour(
        identificatie=_str(header, "IdentificatieRetour"),
        dagtekening=_date(header, "DagtekeningRetour"),
        header=_codes(header),
        entries=_retour_entries(root, None),
    )


# A retour message (302 ...) has the structure of the message it answers plus retour codes, so
# it is read like that message, and its codes come in ``Message.retour``. Messages without a
# reader here (325) still validate; ``read`` then returns the header only.
_BODY_READERS: dict[str, Callable[[Element], dict[str, Any]]] = {
    "301": _client_body(
        lambda c: Client(
            bsn=_str(c, "Bsn"),
            toewijzingen=[_toewijzing(i) for i in _items(c, "ToegewezenProducten", "ToegewezenProduct")],
        )
    ),
    "305": _client_body(
        lambda c: Client(bsn=_str(c, "Bsn"), starts=[_start(i) for i in _items(c, "StartProducten", "StartProduct")])
    ),
    "307": _client_body(
        lambda c: Client(bsn=_str(c, "Bsn"), stops=[_stop(i) for i in _items(c, "StopProducten", "StopProduct")])
    ),
    "315": _client_body(
        lambda c: Client(
            bsn=_str(c, "Bsn"),
            aangevraagd=[_aangevraagd(i) for i in _items(c, "AangevraagdeProducten", "AangevraagdProduct")],
        )
    ),
    "317": _client_body(lambda c: Client(bsn=_str(c, "Bsn"), verzoek=_verzoek(_one(c, "Verzoek")))),
    "319": _body_319,
    "323": _body_323,
}
for _original, _retour_code in RETOUR_OF.items():
    _BODY_READERS[_retour_code] = _BODY_READERS[_original]
