"""Write the iWmo/iJw messages the gemeente sends: 301, 319, the retours 306/308/316/318 and 325.

Every function returns UTF-8 XML with declaration that has been validated against the XSD of
the configured ``SchemaSet``; without that XSD (``MissingSchema``) or when the XSD refuses the
content (``reading.InvalidMessage``, with readable reasons) nothing is returned. Element order
and namespaces come from the XSD (see ``rendering``), so the code here only says what goes in.

A retour echoes the message it answers, with the retour header fields and RetourCodes on every
class the retour XSD asks for (see ``outgoing.Beoordeling`` for how codes are assigned). It is
built from the original bytes, not from a decoded ``Message``, because the echo must contain
everything that was received, also what the reader does not map.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from xmlschema.validators import XsdElement

from istandaarden.kinds import STANDARDS, MessageKind
from istandaarden.messages import Antwoord, Omvang, Product
from istandaarden.outgoing import Beoordeling, Contact, Naam, OutgoingHeader, ToegewezenProduct, ToewijzingClient
from istandaarden.reading import InvalidMessage, MessageError, identify, parse_valid
from istandaarden.rendering import (
    MissingSchema,
    Node,
    child_declarations,
    from_element,
    group,
    leaf,
    render_message,
    require_schema,
    required_group,
    xsd_versie,
)
from istandaarden.retourcodes import (
    DECLARATIE_VOLLEDIG_TOEGEKEND,
    GEEN_OPMERKING,
    KEY_PATHS,
    is_accepted,
    is_rejected,
    position_key,
)
from istandaarden.schemas import SchemaSet

__all__ = [
    "MissingSchema",
    "write_antwoord",
    "write_declaratie_antwoord",
    "write_retour",
    "write_toewijzing",
]

VERZOEK_AFGEWEZEN = "1"
VERZOEK_IN_ONDERZOEK = "2"


# --- 301 Toewijzing -----------------------------------------------------------------------


def write_toewijzing(standard: str, header: OutgoingHeader, client: ToewijzingClient, *, schemas: SchemaSet) -> bytes:
    """A 301 (WMO301 or JW301) with all current and changed allocations of one client."""
    kind = _kind(standard, "301", schemas)
    body = required_group(
        "Client",
        leaf("Bsn", client.bsn),
        required_group("Geboortedatum", leaf("Datum", client.geboortedatum)),
        leaf("Geslacht", client.geslacht),
        _naam(client.naam),
        leaf("JuridischeStatus", client.juridische_status),
        leaf("WettelijkeVertegenwoordiging", client.wettelijke_vertegenwoordiging),
        leaf("Commentaar", client.commentaar),
        required_group("Contactgegevens", *(_contact(contact) for contact in client.contacten)),
        required_group("ToegewezenProducten", *(_toegewezen(product) for product in client.producten)),
    )
    return render_message(kind, Node("Bericht", children=[_header(kind, header, schemas), body]), schemas)


def _naam(naam: Naam) -> Node:
    partner = None
    if naam.partner_achternaam is not None:
        partner = required_group(
            "Partnernaam", leaf("Achternaam", naam.partner_achternaam), leaf("Voorvoegsel", naam.partner_voorvoegsel)
        )
    return required_group(
        "Naam",
        required_group("Geslachtsnaam", leaf("Achternaam", naam.achternaam), leaf("Voorvoegsel", naam.voorvoegsel)),
        partner,
        leaf("Voornamen", naam.voornamen),
        leaf("Voorletters", naam.voorletters),
        leaf("NaamGebruik", naam.naamgebruik),
    )


def _contact(contact: Contact) -> Node:
    adres = None
    if contact.adres is not None:
        a = contact.adres
        huis = None
        if a.huisnummer is not None or a.huisletter is not None or a.huisnummer_toevoeging is not None:
            huis = required_group(
                "Huis",
                leaf("Huisnummer", a.huisnummer),
                leaf("Huisletter", a.huisletter),
                leaf("HuisnummerToevoeging", a.huisnummer_toevoeging),
            )
        adres = group(
            "Adres",
            huis,
            leaf("Postcode", a.postcode),
            leaf("Straatnaam", a.straatnaam),
            leaf("Plaatsnaam", a.plaatsnaam),
            leaf("LandCode", a.landcode),
        )
    telefoon = None
    if contact.telefoon is not None:
        telefoon = required_group(
            "Telefoon",
            required_group(
                "Telefoon01", leaf("Telefoonnummer", contact.telefoon), leaf("Landnummer", contact.telefoon_landnummer)
            ),
        )
    return required_group(
        "Contact",
        leaf("Soort", contact.soort),
        adres,
        leaf("Organisatie", contact.organisatie),
        telefoon,
        leaf("Emailadres", contact.emailadres),
    )


def _product(product: Product | None) -> Node | None:
    if product is None:
        return None
    return required_group("Product", leaf("Categorie", product.categorie), leaf("Code", product.code))


def _omvang(omvang: Omvang | None) -> Node | None:
    if omvang is None:
        return None
    return required_group(
        "Omvang", leaf("Volume", omvang.volume), leaf("Eenheid", omvang.eenheid), leaf("Frequentie", omvang.frequentie)
    )


def _toegewezen(product: ToegewezenProduct) -> Node:
    return required_group(
        "ToegewezenProduct",
        leaf("ToewijzingNummer", product.toewijzingnummer),
        leaf("ReferentieAanbieder", product.referentie_aanbieder),
        _product(product.product),
        leaf("Toewijzingsdatum", product.toewijzingsdatum),
        leaf("Toewijzingstijd", product.toewijzingstijd),
        leaf("Ingangsdatum", product.ingangsdatum),
        leaf("Einddatum", product.einddatum),
        leaf("RedenWijziging", product.reden_wijziging),
        _omvang(product.omvang),
        leaf("Budget", product.budget),
        leaf("Commentaar", product.commentaar),
    )


# --- 319 Antwoord -------------------------------------------------------------------------


def write_antwoord(standard: str, header: OutgoingHeader, antwoord: Antwoord, *, schemas: SchemaSet) -> bytes:
    """A 319: the answer on a 315/317 that is not (yet) a 301: 1 afgewezen, 2 in onderzoek.

    A rejection needs a RedenAfwijzingVerzoek (WJ759) and "in onderzoek" must not have one; the
    XSD cannot express that, so it is checked here.
    """
    kind = _kind(standard, "319", schemas)
    if antwoord.verzoek_antwoord == VERZOEK_AFGEWEZEN and antwoord.reden_afwijzing is None:
        raise InvalidMessage(["RedenAfwijzingVerzoek is verplicht als het verzoek is afgewezen (VerzoekAntwoord 1)."])
    if antwoord.verzoek_antwoord == VERZOEK_IN_ONDERZOEK and antwoord.reden_afwijzing is not None:
        raise InvalidMessage(
            ["RedenAfwijzingVerzoek moet leeg zijn als het verzoek in onderzoek is (VerzoekAntwoord 2)."]
        )
    body = required_group(
        "Antwoord",
        leaf("ReferentieAanbieder", antwoord.referentie_aanbieder),
        leaf("VerzoekAntwoord", antwoord.verzoek_antwoord),
        leaf("RedenAfwijzingVerzoek", antwoord.reden_afwijzing),
        group("Woonplaatsbeginsel", leaf("Gemeente", antwoord.woonplaatsbeginsel)),
    )
    return render_message(kind, Node("Bericht", children=[_header(kind, header, schemas), body]), schemas)


# --- retour on a received message (306, 308, 316, 318; 302 and 320 for tests/simulators) --


def write_retour(
    original: bytes,
    beoordeling: Beoordeling,
    *,
    schemas: SchemaSet,
    identificatie: str,
    dagtekening: date,
) -> bytes:
    """The retour on ``original`` (a 305 gives a 306 ...), with the codes of ``beoordeling``.

    ``identificatie``/``dagtekening`` identify the retour itself (IdentificatieRetour,
    DagtekeningRetour); the header otherwise repeats the original's. When the header is
    rejected the retour holds the header only.
    """
    kind = identify(original)
    retour_kind = kind.retour
    if retour_kind is None:
        hint = " (gebruik write_declaratie_antwoord)" if kind.code == "323" else ""
        raise MessageError([f"Op een {kind} hoort geen retourbericht{hint}."])
    require_schema(retour_kind, schemas)
    root = from_element(parse_valid(original, schemas)[1])
    header = _child(root, "Header")
    _child(header, "BerichtCode").text = str(retour_kind.berichtcode)
    header.children += [
        _leaf("IdentificatieRetour", identificatie),
        _leaf("DagtekeningRetour", dagtekening),
        xsd_versie("XsdVersieRetour", retour_kind, schemas),
        _retour_codes(beoordeling.header),
    ]
    if not is_accepted(beoordeling.header):
        root.children = [header]
    else:
        used: set[str] = set()
        declaration = schemas.schema(retour_kind).elements["Bericht"]
        _add_codes(root, declaration, beoordeling, None, used)
        _refuse_unknown(set(beoordeling.clients) | set(beoordeling.items), used)
    return render_message(retour_kind, root, schemas)


def _add_codes(node: Node, declaration: XsdElement, beoordeling: Beoordeling, bsn: str | None, used: set[str]) -> None:
    """Give every class below ``node`` whose retour type has RetourCodes its codes."""
    children = child_declarations(declaration)
    seen: dict[str, int] = {}
    for child in list(node.children):
        child_declaration = children.get(child.name)
        if child.name == "Header" or child_declaration is None:
            continue
        seen[child.name] = seen.get(child.name, 0) + 1
        child_bsn = child.value("Bsn") if child.name == "Client" else bsn
        _add_codes(child, child_declaration, beoordeling, child_bsn, used)
        if "RetourCodes" not in child_declarations(child_declaration):
            continue
        if child.name == "Client":
            keys = [child_bsn or ""]
            given = beoordeling.clients
        else:
            keys = [k for k in (_item_key(child), position_key(child.name, seen[child.name])) if k is not None]
            given = beoordeling.items
        codes = next((given[k] for k in keys if k in given), (GEEN_OPMERKING,))
        used.update(keys)
        child.children.append(_retour_codes(codes))


def _item_key(node: Node) -> str | None:
    for path in KEY_PATHS:
        value = node.value(*path)
        if value is not None:
            return value
    return None


def _refuse_unknown(named: set[str], used: set[str]) -> None:
    unknown = sorted(named - used)
    if unknown:
        raise ValueError(f"De beoordeling noemt onderdelen die niet in het bericht staan: {', '.join(unknown)}")


# --- 325 Declaratie-antwoord ----------------------------------------------------------------


def write_declaratie_antwoord(
    declaratie: bytes,
    *,
    schemas: SchemaSet,
    identificatie: str,
    dagtekening: date,
    afgewezen: Mapping[str, tuple[str, ...]] | None = None,
    header_codes: tuple[str, ...] = (GEEN_OPMERKING,),
) -> bytes:
    """The 325 on a 323: every prestatie with its verdict, and the amount granted.

    ``afgewezen`` maps the ReferentieNummer of each rejected prestatie to its retour codes
    (e.g. {"RN001": ("0611",)}: tarief wijkt af); all other prestaties are accepted ("0200").
    TotaalToegekendBedrag is the sum of the accepted prestaties. A rejected header
    (``header_codes`` e.g. ("0001",)) rejects the whole declaratie: the 325 then has no
    DeclaratieAntwoord.
    """
    kind = identify(declaratie)
    if kind.code != "323":
        raise MessageError([f"Een declaratie-antwoord hoort op een declaratie (323), niet op een {kind}."])
    antwoord_kind = MessageKind(kind.standard, "325")
    require_schema(antwoord_kind, schemas)
    afgewezen = dict(afgewezen or {})
    not_rejecting = sorted(ref for ref, codes in afgewezen.items() if not is_rejected(codes))
    if not_rejecting:
        raise ValueError(f"Geen afwijzingscode voor prestatie(s): {', '.join(not_rejecting)}")
    original = from_element(parse_valid(declaratie, schemas)[1])
    received = _child(original, "Header")
    header = required_group(
        "Header",
        _leaf("BerichtCode", antwoord_kind.berichtcode),
        _leaf("BerichtVersie", "3"),
        _leaf("BerichtSubversie", "2"),
        _leaf("Afzender", received.value("Ontvanger")),
        _leaf("Ontvanger", received.value("Afzender")),
        required_group(
            "BerichtIdentificatie", _leaf("Identificatie", identificatie), _leaf("Dagtekening", dagtekening)
        ),
        xsd_versie("XsdVersie", antwoord_kind, schemas),
        Node("DeclaratieIdentificatie", children=_child(received, "BerichtIdentificatie").children),
        Node("XsdVersieDeclaratie", children=_child(received, "XsdVersie").children),
        _retour_codes(header_codes),
    )
    root = Node("Bericht", children=[header])
    if is_accepted(header_codes):
        root.children.append(_declaratie_antwoord(_child(original, "Declaratie"), afgewezen))
    return render_message(antwoord_kind, root, schemas)


def _declaratie_antwoord(declaratie: Node, afgewezen: dict[str, tuple[str, ...]]) -> Node:
    toegekend = 0
    used: set[str] = set()
    clients = []
    for client in _child(declaratie, "Clienten").children:
        prestaties = _child(client, "Prestaties")
        for prestatie in prestaties.children:
            referentie = prestatie.value("ProductReferentie", "ReferentieNummer") or ""
            used.add(referentie)
            codes = afgewezen.get(referentie, (GEEN_OPMERKING,))
            if referentie not in afgewezen:
                bedrag = int(prestatie.value("IngediendBedrag", "Bedrag") or 0)
                toegekend += -bedrag if prestatie.value("IngediendBedrag", "DebetCredit") == "C" else bedrag
            prestatie.children.append(_retour_codes(codes))
        clients.append(required_group("Client", _child(client, "Bsn"), prestaties, _retour_codes((GEEN_OPMERKING,))))
    _refuse_unknown(set(afgewezen), used)
    return required_group(
        "DeclaratieAntwoord",
        _child(declaratie, "DeclaratieNummer"),
        _child(declaratie, "TotaalIngediendBedrag"),
        required_group(
            "TotaalToegekendBedrag",
            _leaf("TotaalBedrag", abs(toegekend)),
            _leaf("DebetCredit", "C" if toegekend < 0 else "D"),
        ),
        required_group("Clienten", *clients),
        _retour_codes((DECLARATIE_VOLLEDIG_TOEGEKEND,) if not afgewezen else (GEEN_OPMERKING,)),
    )


# --- shared -------------------------------------------------------------------------------


def _kind(standard: str, code: str, schemas: SchemaSet) -> MessageKind:
    if standard not in STANDARDS:
        raise ValueError(f"Onbekende standaard {standard!r}; kies uit {', '.join(STANDARDS)}")
    kind = MessageKind(standard, code)
    require_schema(kind, schemas)
    return kind


def _header(kind: MessageKind, header: OutgoingHeader, schemas: SchemaSet) -> Node:
    return required_group(
        "Header",
        _leaf("BerichtCode", kind.berichtcode),
        _leaf("BerichtVersie", "3"),
        _leaf("BerichtSubversie", "2"),
        _leaf("Afzender", header.afzender),
        _leaf("Ontvanger", header.ontvanger),
        required_group(
            "BerichtIdentificatie",
            _leaf("Identificatie", header.identificatie),
            _leaf("Dagtekening", header.dagtekening),
        ),
        xsd_versie("XsdVersie", kind, schemas),
    )


def _leaf(name: str, value: str | int | date | None) -> Node:
    """A required text element; an absent value becomes empty text, which the XSD then refuses."""
    return leaf(name, value) or Node(name, text="")


def _child(node: Node, name: str) -> Node:
    found = node.child(name)
    if found is None:  # the XSD of the validated original guarantees it
        raise InvalidMessage([f"Ongeldig bericht: {name} ontbreekt in {node.name}"])
    return found


def _retour_codes(codes: tuple[str, ...]) -> Node:
    return Node("RetourCodes", children=[Node("RetourCode", text=code) for code in codes])
