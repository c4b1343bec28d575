import re
from dataclasses import replace
from datetime import date, time

import pytest
from lxml import etree

from istandaarden.kinds import MessageKind
from istandaarden.messages import Antwoord, Omvang, Product
from istandaarden.outgoing import (
    Adres,
    Beoordeling,
    Contact,
    Naam,
    OutgoingHeader,
    ToegewezenProduct,
    ToewijzingClient,
)
from istandaarden.reading import InvalidMessage, identify, read, validate
from istandaarden.schemas import SchemaSet
from istandaarden.writing import (
    MissingSchema,
    write_antwoord,
    write_declaratie_antwoord,
    write_retour,
    write_toewijzing,
)

HEADER = OutgoingHeader(
    afzender="0384", ontvanger="42420001", identificatie="GEM-301-0001", dagtekening=date(2025, 3, 1)
)
RETOUR_DAY = date(2025, 4, 10)

# --- builders -------------------------------------------------------------------------------


def toegewezen(nummer: str = "101", categorie: str = "02", **changes) -> ToegewezenProduct:
    product = ToegewezenProduct(
        toewijzingnummer=nummer,
        toewijzingsdatum=date(2025, 3, 1),
        toewijzingstijd=time(9, 30),
        ingangsdatum=date(2025, 3, 1),
        product=Product(categorie=categorie, code="02A01"),
        einddatum=date(2025, 12, 31),
        omvang=Omvang(volume=4, eenheid="04", frequentie="2"),
    )
    return replace(product, **changes)


def client(*producten: ToegewezenProduct, bsn: str = "999900006") -> ToewijzingClient:
    return ToewijzingClient(
        bsn=bsn,
        geboortedatum=date(1967, 8, 13),
        geslacht="2",
        naam=Naam(achternaam="Wit", voorvoegsel="de", voorletters="T"),
        contacten=(
            Contact(
                adres=Adres(
                    straatnaam="Dorpsstraat", huisnummer=12, postcode="9999XX", plaatsnaam="Plaats", landcode="NL"
                )
            ),
        ),
        producten=producten or (toegewezen(),),
    )


def to_jw(wmo_xml: bytes, code: str) -> bytes:
    """An iJw message with the structure of an iWmo example (jeugdhulp ambulant, category 45)."""
    wmo, jw = MessageKind("WMO", code), MessageKind("JW", code)
    xml = (
        wmo_xml.replace(wmo.namespace.encode(), jw.namespace.encode())
        .replace(wmo.basisschema_namespace.encode(), jw.basisschema_namespace.encode())
        .replace(f"BerichtCode>{wmo.berichtcode}<".encode(), f"BerichtCode>{jw.berichtcode}<".encode())
    )
    return re.sub(rb"(Categorie>)\d\d<", rb"\g<1>45<", xml)


def codes_at(xml: bytes, path: str) -> list[list[str]]:
    """The RetourCodes of every element at ``path`` (local names, '/'-separated, below the root)."""
    steps = "/".join(f"*[local-name()='{step}']" for step in path.split("/"))
    found = etree.fromstring(xml).xpath(f"/*/{steps}")
    return [[c.text for c in element.xpath("*[local-name()='RetourCodes']/*")] for element in found]


def jw302(jw301: bytes, product_codes: str = "0200", client_codes: str = "0200") -> bytes:
    """A retour on our 301 as an aanbieder would send it, built by text edits (not by the writer)."""
    xml = jw301.replace(b"/ijw/3_2/jw301/", b"/ijw/3_2/jw302/").replace(b"jw301:", b"jw302:")
    xml = xml.replace(b"xmlns:jw301=", b"xmlns:jw302=").replace(b"BerichtCode>436<", b"BerichtCode>437<")

    def retour_codes(*codes: str) -> bytes:
        return (
            b"<jw302:RetourCodes>"
            + b"".join(f"<jw302:RetourCode>{c}</jw302:RetourCode>".encode() for c in codes)
            + (b"</jw302:RetourCodes>")
        )

    header_extra = (
        b"<jw302:IdentificatieRetour>AGB-302-7</jw302:IdentificatieRetour>"
        b"<jw302:DagtekeningRetour>2025-03-02</jw302:DagtekeningRetour>"
        b"<jw302:XsdVersieRetour><ijw:BasisschemaXsdVersie>0.1.0</ijw:BasisschemaXsdVersie>"
        b"<ijw:BerichtXsdVersie>0.1.0</ijw:BerichtXsdVersie></jw302:XsdVersieRetour>" + retour_codes("0200")
    )
    xml = xml.replace(b"</jw302:Header>", header_extra + b"</jw302:Header>")
    xml = xml.replace(b"</jw302:Contact>", retour_codes("0200") + b"</jw302:Contact>")
    xml = xml.replace(
        b"</jw302:ToegewezenProduct>", retour_codes(*product_codes.split()) + b"</jw302:ToegewezenProduct>"
    )
    return xml.replace(b"</jw302:Client>", retour_codes(*client_codes.split()) + b"</jw302:Client>")


# --- 301 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("standard", "categorie"), [("WMO", "02"), ("JW", "45")])
def test_written_toewijzing_is_valid_and_identified(schemas, standard, categorie):
    xml = write_toewijzing(standard, HEADER, client(toegewezen(categorie=categorie)), schemas=schemas)
    assert xml.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert identify(xml) == MessageKind(standard, "301")
    assert validate(xml, schemas) == []


def test_toewijzing_round_trip_keeps_every_allocation(schemas):
    producten = (
        toegewezen("101", reden_wijziging="04", referentie_aanbieder="REF-9"),
        toegewezen("102", einddatum=None, omvang=None, product=Product(categorie="07")),
    )
    message = read(write_toewijzing("WMO", HEADER, client(*producten), schemas=schemas), schemas)
    assert (message.header.afzender, message.header.ontvanger, message.header.berichtcode) == ("0384", "42420001", 414)
    [read_client] = message.clients
    assert read_client.bsn == "999900006"
    assert [
        (t.toewijzingnummer, t.product, t.ingangsdatum, t.einddatum, t.omvang, t.reden_wijziging)
        for t in read_client.toewijzingen
    ] == [(p.toewijzingnummer, p.product, p.ingangsdatum, p.einddatum, p.omvang, p.reden_wijziging) for p in producten]


def test_xsd_versie_comes_from_the_xsd_appinfo_per_standard(schemas):
    wmo = etree.fromstring(write_toewijzing("WMO", HEADER, client(), schemas=schemas))
    jw = etree.fromstring(write_toewijzing("JW", HEADER, client(toegewezen(categorie="45")), schemas=schemas))
    assert wmo.xpath("string(//*[local-name()='BerichtXsdVersie'])") == "1.0.0"
    assert jw.xpath("string(//*[local-name()='BerichtXsdVersie'])") == "0.1.0"


def test_elements_follow_the_xsd_sequence(schemas):
    product = etree.fromstring(write_toewijzing("WMO", HEADER, client(toegewezen(budget=500)), schemas=schemas)).xpath(
        "//*[local-name()='ToegewezenProduct']"
    )[0]
    assert [etree.QName(child).localname for child in product] == [
        "ToewijzingNummer",
        "Product",
        "Toewijzingsdatum",
        "Toewijzingstijd",
        "Ingangsdatum",
        "Einddatum",
        "Omvang",
        "Budget",
    ]


def test_bsn_of_eight_digits_is_refused_with_the_path(schemas):
    with pytest.raises(InvalidMessage) as excinfo:
        write_toewijzing("WMO", HEADER, client(bsn="99990000"), schemas=schemas)
    [reason] = excinfo.value.reasons
    assert reason.startswith("Ongeldig volgens WMO301.xsd: ")
    assert "wmo301:Client/wmo301:Bsn" in reason


def test_negative_volume_is_refused(schemas):
    with pytest.raises(InvalidMessage) as excinfo:
        write_toewijzing(
            "JW", HEADER, client(toegewezen(categorie="45", omvang=Omvang(-1, "04", "2"))), schemas=schemas
        )
    assert any("Volume" in reason for reason in excinfo.value.reasons)


def test_wmo_category_is_refused_in_a_jeugdwet_toewijzing(schemas):
    with pytest.raises(InvalidMessage, match="Categorie"):
        write_toewijzing("JW", HEADER, client(toegewezen(categorie="02")), schemas=schemas)


def test_nothing_is_written_without_the_xsd(tmp_path):
    with pytest.raises(MissingSchema) as excinfo:
        write_toewijzing("WMO", HEADER, client(), schemas=SchemaSet(tmp_path))
    assert excinfo.value.reasons == [f"Geen XSD voor WMO301 in {tmp_path}; het bericht wordt niet gemaakt."]


# --- 319 ------------------------------------------------------------------------------------


@pytest.mark.parametrize("standard", ["WMO", "JW"])
@pytest.mark.parametrize(("antwoord", "reden"), [("1", "3"), ("2", None)])
def test_written_antwoord_is_valid_and_read_back(schemas, standard, antwoord, reden):
    xml = write_antwoord(standard, HEADER, Antwoord("REF-9", antwoord, reden), schemas=schemas)
    assert validate(xml, schemas) == []
    assert read(xml, schemas).antwoord == Antwoord("REF-9", antwoord, reden)


def test_jeugdwet_antwoord_may_name_the_woonplaatsbeginsel_gemeente(schemas):
    xml = write_antwoord("JW", HEADER, Antwoord("REF-9", "1", "8", woonplaatsbeginsel="0363"), schemas=schemas)
    assert read(xml, schemas).antwoord.woonplaatsbeginsel == "0363"
    with pytest.raises(InvalidMessage, match="Woonplaatsbeginsel"):
        write_antwoord("WMO", HEADER, Antwoord("REF-9", "1", "8", woonplaatsbeginsel="0363"), schemas=schemas)


def test_rejection_needs_a_reason_and_in_onderzoek_has_none(schemas):
    with pytest.raises(InvalidMessage, match="RedenAfwijzingVerzoek is verplicht"):
        write_antwoord("WMO", HEADER, Antwoord("REF-9", "1", None), schemas=schemas)
    with pytest.raises(InvalidMessage, match="moet leeg zijn"):
        write_antwoord("WMO", HEADER, Antwoord("REF-9", "2", "3"), schemas=schemas)


# --- retours the gemeente sends (306, 308, 316, 318) ------------------------------------------


@pytest.mark.parametrize(
    ("code", "beoordeling", "path", "expected"),
    [
        ("305", Beoordeling(), "Client/StartProducten/StartProduct", [["0200"], ["0200"]]),
        ("305", Beoordeling(items={"300202": ("9063",)}), "Client/StartProducten/StartProduct", [["0200"], ["9063"]]),
        (
            "307",
            Beoordeling(items={"300201": ("9414", "9415")}),
            "Client/StopProducten/StopProduct",
            [["9414", "9415"], ["0200"]],
        ),
        (
            "315",
            Beoordeling(items={"42420002": ("9357",)}),
            "Client/AangevraagdeProducten/AangevraagdProduct",
            [["0200"], ["9357"]],
        ),
        ("317", Beoordeling(items={"9003": ("9349",)}), "Client/Verzoek", [["9349"]]),
        (
            "317",
            Beoordeling(items={"10072": ("9351",)}),
            "Client/Verzoek/TeWijzigenProducten/TeWijzigenProduct",
            [["9351"]],
        ),
        (
            "317",
            Beoordeling(items={"NieuwProduct#1": ("9365",)}),
            "Client/Verzoek/NieuweProducten/NieuwProduct",
            [["9365"]],
        ),
        ("317", Beoordeling(clients={"999900006": ("9056",)}), "Client", [["9056"]]),
    ],
)
def test_retour_on_a_jeugdwet_message_is_valid_with_codes_per_class(
    schemas, example, code, beoordeling, path, expected
):
    original = to_jw(example(f"WMO{code}"), code)
    assert validate(original, schemas) == []
    xml = write_retour(original, beoordeling, schemas=schemas, identificatie="GEM-R-1", dagtekening=RETOUR_DAY)
    retour_kind = MessageKind("JW", str(int(code) + 1))
    assert identify(xml) == retour_kind
    assert validate(xml, schemas) == []
    assert codes_at(xml, path) == expected
    assert codes_at(xml, "Header") == [list(beoordeling.header)]


def test_retour_repeats_the_original_header_and_adds_its_own_identification(schemas, example):
    original = to_jw(example("WMO305"), "305")
    message = read(
        write_retour(original, Beoordeling(), schemas=schemas, identificatie="GEM-R-1", dagtekening=RETOUR_DAY), schemas
    )
    assert message.header.berichtcode == 439
    assert (message.header.afzender, message.header.identificatie) == ("65656055", "123456789013")
    assert (message.retour.identificatie, message.retour.dagtekening) == ("GEM-R-1", RETOUR_DAY)
    assert [s.toewijzingnummer for s in message.clients[0].starts] == ["300201", "300202"]


def test_rejected_header_returns_the_header_only(schemas, example):
    original = to_jw(example("WMO307"), "307")
    xml = write_retour(
        original, Beoordeling(header=("0001",)), schemas=schemas, identificatie="GEM-R-2", dagtekening=RETOUR_DAY
    )
    assert validate(xml, schemas) == []
    message = read(xml, schemas)
    assert message.retour.header == ("0001",)
    assert message.clients == []


def test_retour_refuses_a_code_outside_the_code_list(schemas, example):
    original = to_jw(example("WMO305"), "305")
    with pytest.raises(InvalidMessage, match="RetourCode"):
        write_retour(
            original,
            Beoordeling(items={"300201": ("1234",)}),
            schemas=schemas,
            identificatie="R",
            dagtekening=RETOUR_DAY,
        )


def test_retour_refuses_a_verdict_on_something_not_in_the_message(schemas, example):
    original = to_jw(example("WMO305"), "305")
    with pytest.raises(ValueError, match="999999999"):
        write_retour(
            original,
            Beoordeling(items={"999999999": ("9063",)}),
            schemas=schemas,
            identificatie="R",
            dagtekening=RETOUR_DAY,
        )


def test_wmo_retour_is_not_written_without_its_xsd(schemas, example):
    with pytest.raises(MissingSchema) as excinfo:
        write_retour(example("WMO305"), Beoordeling(), schemas=schemas, identificatie="R", dagtekening=RETOUR_DAY)
    assert excinfo.value.reasons == [f"Geen XSD voor WMO306 in {schemas.root}; het bericht wordt niet gemaakt."]


def test_no_retour_on_a_declaratie(schemas, example):
    with pytest.raises(ValueError, match="write_declaratie_antwoord"):
        write_retour(
            to_jw(example("WMO323"), "323"), Beoordeling(), schemas=schemas, identificatie="R", dagtekening=RETOUR_DAY
        )


# --- 325 ------------------------------------------------------------------------------------


def test_fully_granted_declaratie_gets_8001_and_the_full_amount(schemas, example):
    xml = write_declaratie_antwoord(
        to_jw(example("WMO323"), "323"), schemas=schemas, identificatie="GEM-325-1", dagtekening=RETOUR_DAY
    )
    assert identify(xml) == MessageKind("JW", "325")
    assert validate(xml, schemas) == []
    root = etree.fromstring(xml)
    assert root.xpath("string(//*[local-name()='TotaalToegekendBedrag']/*[local-name()='TotaalBedrag'])") == "58000"
    assert codes_at(xml, "DeclaratieAntwoord") == [["8001"]]
    assert codes_at(xml, "DeclaratieAntwoord/Clienten/Client/Prestaties/Prestatie") == [["0200"]] * 4
    header = read(xml, schemas).header
    assert (header.afzender, header.ontvanger, header.identificatie) == ("0384", "65656055", "GEM-325-1")
    assert (
        root.xpath("string(//*[local-name()='DeclaratieIdentificatie']/*[local-name()='Identificatie'])") == "765432198"
    )


def test_rejected_prestatie_is_not_granted(schemas, example):
    xml = write_declaratie_antwoord(
        to_jw(example("WMO323"), "323"),
        schemas=schemas,
        identificatie="GEM-325-2",
        dagtekening=RETOUR_DAY,
        afgewezen={"RN001": ("0611",)},
    )
    assert validate(xml, schemas) == []
    root = etree.fromstring(xml)
    assert root.xpath("string(//*[local-name()='TotaalIngediendBedrag']/*[local-name()='TotaalBedrag'])") == "58000"
    assert root.xpath("string(//*[local-name()='TotaalToegekendBedrag']/*[local-name()='TotaalBedrag'])") == "53000"
    assert codes_at(xml, "DeclaratieAntwoord") == [["0200"]]
    assert codes_at(xml, "DeclaratieAntwoord/Clienten/Client/Prestaties/Prestatie") == [
        ["0611"],
        ["0200"],
        ["0200"],
        ["0200"],
    ]


def test_rejected_declaratie_header_has_no_antwoord(schemas, example):
    xml = write_declaratie_antwoord(
        to_jw(example("WMO323"), "323"),
        schemas=schemas,
        identificatie="G",
        dagtekening=RETOUR_DAY,
        header_codes=("9338",),
    )
    assert validate(xml, schemas) == []
    assert etree.fromstring(xml).xpath("//*[local-name()='DeclaratieAntwoord']") == []


def test_declaratie_antwoord_needs_rejection_codes_for_known_prestaties(schemas, example):
    declaratie = to_jw(example("WMO323"), "323")
    with pytest.raises(ValueError, match="Geen afwijzingscode"):
        write_declaratie_antwoord(
            declaratie, schemas=schemas, identificatie="G", dagtekening=RETOUR_DAY, afgewezen={"RN001": ("0200",)}
        )
    with pytest.raises(ValueError, match="RN999"):
        write_declaratie_antwoord(
            declaratie, schemas=schemas, identificatie="G", dagtekening=RETOUR_DAY, afgewezen={"RN999": ("0611",)}
        )


def test_wmo_declaratie_antwoord_is_not_written_without_its_xsd(schemas, example):
    with pytest.raises(MissingSchema, match="Geen XSD voor WMO325"):
        write_declaratie_antwoord(example("WMO323"), schemas=schemas, identificatie="G", dagtekening=RETOUR_DAY)


# --- reading the retours the gemeente receives (302, 320) -------------------------------------


def test_302_is_read_with_its_codes_per_client_and_product(schemas):
    jw301 = write_toewijzing("JW", HEADER, client(toegewezen("101", categorie="45")), schemas=schemas)
    xml = jw302(jw301, product_codes="9332 9365", client_codes="0200")
    assert validate(xml, schemas) == []
    message = read(xml, schemas)
    assert message.kind == MessageKind("JW", "302")
    assert message.header.identificatie == "GEM-301-0001"  # the 301 this retour answers
    assert [t.toewijzingnummer for t in message.clients[0].toewijzingen] == ["101"]
    retour = message.retour
    assert (retour.identificatie, retour.dagtekening, retour.header) == ("AGB-302-7", date(2025, 3, 2), ("0200",))
    assert retour.clients == {"999900006": ("0200",)}
    assert retour.items == {"101": ("9332", "9365"), "Contact#1": ("0200",)}
    assert [(e.element, e.key, e.codes) for e in retour.rejected] == [("ToegewezenProduct", "101", ("9332", "9365"))]


def test_accepted_302_has_nothing_rejected(schemas):
    jw301 = write_toewijzing("JW", HEADER, client(toegewezen("101", categorie="45")), schemas=schemas)
    assert read(jw302(jw301), schemas).retour.rejected == []


def test_320_written_as_an_aanbieder_would_is_read_with_its_codes(schemas):
    jw319 = write_antwoord("JW", HEADER, Antwoord("REF-9", "2", None), schemas=schemas)
    # the writer's retour on our own 319 stands in for the aanbieder's 320
    xml = write_retour(
        jw319,
        Beoordeling(items={"REF-9": ("9357",)}),
        schemas=schemas,
        identificatie="AGB-320-1",
        dagtekening=RETOUR_DAY,
    )
    assert validate(xml, schemas) == []
    message = read(xml, schemas)
    assert message.kind == MessageKind("JW", "320")
    assert message.antwoord == Antwoord("REF-9", "2", None)
    assert message.retour.items == {"REF-9": ("9357",)}
    assert message.retour.header == ("0200",)


def test_non_retour_message_has_no_retour(schemas, example):
    assert read(example("WMO301"), schemas).retour is None
