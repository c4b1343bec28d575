"""Messages a provider sends (305, 307, 315), built for tests and validated against the XSD like real ones."""

from __future__ import annotations

from datetime import date

from django.conf import settings

from istandaarden.kinds import MessageKind
from istandaarden.rendering import Node, leaf, render_message, required_group, xsd_versie
from istandaarden.schemas import SchemaSet

_counter = iter(range(1, 10**9))


def schemas() -> SchemaSet:
    return SchemaSet(settings.ISTANDAARDEN_XSD_DIR)


def _header(kind: MessageKind, afzender: str, ontvanger: str, dagtekening: date, schema_set: SchemaSet) -> Node:
    return required_group(
        "Header",
        leaf("BerichtCode", kind.berichtcode),
        leaf("BerichtVersie", "3"),
        leaf("BerichtSubversie", "2"),
        leaf("Afzender", afzender),
        leaf("Ontvanger", ontvanger),
        required_group(
            "BerichtIdentificatie",
            leaf("Identificatie", f"T{next(_counter):08d}"),
            leaf("Dagtekening", dagtekening),
        ),
        xsd_versie("XsdVersie", kind, schema_set),
    )


def _client(bsn: str, geboortedatum: date, achternaam: str, *products: Node | None) -> Node:
    return required_group(
        "Client",
        leaf("Bsn", bsn),
        required_group("Geboortedatum", leaf("Datum", geboortedatum)),
        leaf("Geslacht", "0"),
        required_group("Naam", required_group("Geslachtsnaam", leaf("Achternaam", achternaam))),
        *products,
    )


def _product(categorie: str, code: str) -> Node:
    return required_group("Product", leaf("Categorie", categorie), leaf("Code", code))


def start_zorg(
    *,
    standard: str = "WMO",
    afzender: str,
    ontvanger: str,
    bsn: str,
    geboortedatum: date,
    achternaam: str,
    toewijzingnummer: str,
    categorie: str,
    code: str,
    toewijzing_ingangsdatum: date,
    begindatum: date,
) -> bytes:
    kind = MessageKind(standard, "305")
    schema_set = schemas()
    product = required_group(
        "StartProduct",
        leaf("ToewijzingNummer", toewijzingnummer),
        _product(categorie, code),
        leaf("ToewijzingIngangsdatum", toewijzing_ingangsdatum),
        leaf("Begindatum", begindatum),
        leaf("StatusAanlevering", "1"),
    )
    root = required_group(
        "Bericht",
        _header(kind, afzender, ontvanger, begindatum, schema_set),
        _client(bsn, geboortedatum, achternaam, required_group("StartProducten", product)),
    )
    return render_message(kind, root, schema_set)


def stop_zorg(
    *,
    standard: str = "WMO",
    afzender: str,
    ontvanger: str,
    bsn: str,
    geboortedatum: date,
    achternaam: str,
    toewijzingnummer: str,
    categorie: str,
    code: str,
    toewijzing_ingangsdatum: date,
    begindatum: date,
    einddatum: date,
    reden: str = "19",
) -> bytes:
    kind = MessageKind(standard, "307")
    schema_set = schemas()
    product = required_group(
        "StopProduct",
        leaf("ToewijzingNummer", toewijzingnummer),
        _product(categorie, code),
        leaf("ToewijzingIngangsdatum", toewijzing_ingangsdatum),
        leaf("Begindatum", begindatum),
        leaf("Einddatum", einddatum),
        leaf("RedenBeeindiging", reden),
        leaf("StatusAanlevering", "1"),
    )
    root = required_group(
        "Bericht",
        _header(kind, afzender, ontvanger, einddatum, schema_set),
        _client(bsn, geboortedatum, achternaam, required_group("StopProducten", product)),
    )
    return render_message(kind, root, schema_set)


def verzoek_om_toewijzing(
    *,
    standard: str = "WMO",
    afzender: str,
    ontvanger: str,
    bsn: str,
    geboortedatum: date,
    achternaam: str,
    referentie: str,
    categorie: str,
    code: str,
    ingangsdatum: date,
    einddatum: date | None,
    volume: int,
    eenheid: str,
    frequentie: str,
    dagtekening: date,
) -> bytes:
    kind = MessageKind(standard, "315")
    schema_set = schemas()
    product = required_group(
        "AangevraagdProduct",
        leaf("ReferentieAanbieder", referentie),
        _product(categorie, code),
        leaf("ToewijzingIngangsdatum", ingangsdatum),
        leaf("ToewijzingEinddatum", einddatum),
        required_group("Omvang", leaf("Volume", volume), leaf("Eenheid", eenheid), leaf("Frequentie", frequentie)),
        required_group("Verwijzer", leaf("Type", "02"), leaf("Naam", "Huisartsenpraktijk De Linde")),
    )
    root = required_group(
        "Bericht",
        _header(kind, afzender, ontvanger, dagtekening, schema_set),
        _client(bsn, geboortedatum, achternaam, required_group("AangevraagdeProducten", product)),
    )
    return render_message(kind, root, schema_set)
