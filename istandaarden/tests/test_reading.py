from datetime import date

import pytest

from istandaarden.kinds import MessageKind
from istandaarden.reading import InvalidMessage, MalformedXml, UnknownMessageType, identify, read, validate

EXAMPLES = ["WMO301", "WMO305", "WMO307", "WMO315", "WMO317", "WMO319", "WMO323"]


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_official_example_is_valid(schemas, example, name):
    assert validate(example(name), schemas) == []


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_official_example_is_identified_by_its_namespace(example, name):
    assert identify(example(name)) == MessageKind.from_name(name)


@pytest.mark.parametrize(
    ("name", "berichtcode", "afzender", "ontvanger", "identificatie"),
    [
        ("WMO301", 414, "0384", "42420001", "123456789012"),
        ("WMO305", 418, "65656055", "0363", "123456789013"),
        ("WMO307", 420, "65656055", "0363", "123456789014"),
        ("WMO315", 444, "42420001", "0384", "123456789012"),
        ("WMO317", 480, "65656055", "0384", "987654321"),
        ("WMO319", 482, "0384", "65656055", "876543219"),
        ("WMO323", 484, "65656055", "0384", "765432198"),
    ],
)
def test_header_is_read(schemas, example, name, berichtcode, afzender, ontvanger, identificatie):
    message = read(example(name), schemas)
    assert message.kind.name == name
    assert message.header.berichtcode == berichtcode == message.kind.berichtcode
    assert message.header.versie == "3.2"
    assert (message.header.afzender, message.header.ontvanger) == (afzender, ontvanger)
    assert message.header.identificatie == identificatie


def test_301_toewijzing_is_read(schemas, example):
    message = read(example("WMO301"), schemas)
    assert message.header.dagtekening == date(2023, 8, 13)
    [client] = message.clients
    assert client.bsn == "999900006"
    [toewijzing] = client.toewijzingen
    assert toewijzing.toewijzingnummer == "101"
    assert (toewijzing.product.categorie, toewijzing.product.code) == ("01", "01A01")
    assert (toewijzing.ingangsdatum, toewijzing.einddatum) == (date(2023, 1, 1), date(2023, 12, 31))
    assert (toewijzing.omvang.volume, toewijzing.omvang.eenheid, toewijzing.omvang.frequentie) == (10, "01", "1")


def test_305_start_zorg_is_read(schemas, example):
    [client] = read(example("WMO305"), schemas).clients
    assert client.bsn == "999900006"
    assert [(s.toewijzingnummer, s.begindatum) for s in client.starts] == [
        ("300201", date(2025, 4, 3)),
        ("300202", date(2025, 4, 4)),
    ]
    assert client.starts[0].toewijzing_ingangsdatum == date(2025, 4, 1)
    assert client.starts[1].product.code == "01A12"


def test_307_stop_zorg_is_read_with_reden_beeindiging(schemas, example):
    [client] = read(example("WMO307"), schemas).clients
    assert client.bsn == "999900006"
    assert [(s.toewijzingnummer, s.begindatum, s.einddatum, s.reden_beeindiging) for s in client.stops] == [
        ("300201", date(2025, 4, 3), date(2025, 7, 18), "31"),
        ("300202", date(2025, 4, 15), date(2025, 7, 18), "31"),
    ]


def test_315_requested_products_are_read(schemas, example):
    [client] = read(example("WMO315"), schemas).clients
    assert client.bsn == "999900006"
    assert [(p.referentie_aanbieder, p.product.categorie, p.product.code) for p in client.aangevraagd] == [
        ("42420001", "01", "ABCDE"),
        ("42420002", "02", "BCDEF"),
    ]
    first = client.aangevraagd[0]
    assert (first.toewijzing_ingangsdatum, first.toewijzing_einddatum) == (date(2023, 6, 1), date(2023, 6, 30))
    assert (first.omvang.volume, first.omvang.eenheid, first.omvang.frequentie) == (4, "14", "4")


def test_317_change_request_is_read(schemas, example):
    [client] = read(example("WMO317"), schemas).clients
    assert client.bsn == "999900006"
    verzoek = client.verzoek
    assert (verzoek.referentie_aanbieder, verzoek.reden_verzoek) == ("9003", "1")
    assert verzoek.ongewijzigd == ["10071"]
    [te_wijzigen] = verzoek.te_wijzigen
    assert (te_wijzigen.toewijzingnummer, te_wijzigen.einddatum) == ("10072", date(2023, 12, 31))
    [nieuw] = verzoek.nieuw
    assert (nieuw.product.code, nieuw.gewenste_ingangsdatum, nieuw.omvang.volume) == ("01A12", date(2023, 4, 2), 20)


def test_319_answer_is_read(schemas, example):
    message = read(example("WMO319"), schemas)
    assert message.clients == []
    assert message.antwoord.referentie_aanbieder == "9003"
    assert (message.antwoord.verzoek_antwoord, message.antwoord.reden_afwijzing) == ("1", "7")


def test_323_declaration_is_read_per_client(schemas, example):
    message = read(example("WMO323"), schemas)
    declaratie = message.declaratie
    assert (declaratie.nummer, declaratie.totaal_bedrag) == ("DN001", 58000)
    assert (declaratie.begindatum, declaratie.einddatum) == (date(2023, 4, 1), date(2023, 4, 30))
    assert [c.bsn for c in message.clients] == ["999900006", "999900018"]
    first = message.clients[0].prestaties[0]
    assert (first.referentienummer, first.toewijzingnummer, first.product.code) == ("RN001", "20072", "01A03")
    assert (first.begindatum, first.einddatum) == (date(2023, 4, 1), date(2023, 4, 30))
    assert (first.geleverd_volume, first.eenheid, first.tarief, first.bedrag) == (4, "04", 1250, 5000)
    assert sum(p.bedrag for c in message.clients for p in c.prestaties) == declaratie.totaal_bedrag


def test_credit_amounts_are_negative(schemas, example):
    xml = example("WMO323").replace(
        b"<iwmo:DebetCredit>D</iwmo:DebetCredit>", b"<iwmo:DebetCredit>C</iwmo:DebetCredit>"
    )
    message = read(xml, schemas)
    assert message.declaratie.totaal_bedrag == -58000
    assert message.clients[0].prestaties[0].bedrag == -5000


def test_jeugdwet_message_is_read_with_the_jw_schema(schemas, example):
    # The iJw 305 has the same structure as the iWmo 305; only namespaces and BerichtCode differ.
    xml = (
        example("WMO305")
        .replace(b"/iwmo/3_2/wmo305/", b"/ijw/3_2/jw305/")
        .replace(b"/iwmo/3_2/basisschema/", b"/ijw/3_2/basisschema/")
        .replace(b"<wmo305:BerichtCode>418<", b"<wmo305:BerichtCode>438<")
        .replace(b"<iwmo:Categorie>01<", b"<iwmo:Categorie>45<")  # jeugdhulp ambulant
    )
    assert identify(xml) == MessageKind("JW", "305")
    message = read(xml, schemas)
    assert message.header.berichtcode == 438
    assert [s.toewijzingnummer for s in message.clients[0].starts] == ["300201", "300202"]
    assert message.clients[0].starts[0].product.categorie == "45"


def test_wmo_product_category_is_rejected_by_the_jw_schema(schemas, example):
    xml = (
        example("WMO305")
        .replace(b"/iwmo/3_2/wmo305/", b"/ijw/3_2/jw305/")
        .replace(b"/iwmo/3_2/basisschema/", b"/ijw/3_2/basisschema/")
        .replace(b"<wmo305:BerichtCode>418<", b"<wmo305:BerichtCode>438<")
    )
    reasons = validate(xml, schemas)
    assert len(reasons) == 2
    assert all("Categorie" in reason for reason in reasons)


def test_letter_in_bsn_is_rejected_with_the_path(schemas, example):
    xml = example("WMO301").replace(b"<wmo301:Bsn>999900006<", b"<wmo301:Bsn>99990000X<")
    [reason] = validate(xml, schemas)
    assert reason.startswith("Ongeldig volgens WMO301.xsd: ")
    assert "wmo301:Client/wmo301:Bsn" in reason
    assert "99990000X" in reason or "[0-9]{9}" in reason


def test_impossible_date_is_rejected(schemas, example):
    xml = example("WMO307").replace(b"<wmo307:Einddatum>2025-07-18<", b"<wmo307:Einddatum>2025-02-30<", 1)
    reasons = validate(xml, schemas)
    assert len(reasons) == 1
    assert "wmo307:Einddatum" in reasons[0]


def test_missing_required_element_is_rejected(schemas, example):
    xml = example("WMO301").replace(b"<wmo301:Ingangsdatum>2023-01-01</wmo301:Ingangsdatum>", b"")
    [reason] = validate(xml, schemas)
    assert "wmo301:ToegewezenProduct" in reason
    assert "Ingangsdatum" in reason


def test_wrong_berichtcode_for_the_namespace_is_rejected(schemas, example):
    xml = example("WMO305").replace(b"<wmo305:BerichtCode>418<", b"<wmo305:BerichtCode>414<")
    [reason] = validate(xml, schemas)
    assert "wmo305:BerichtCode" in reason


def test_read_refuses_an_invalid_message(schemas, example):
    xml = example("WMO301").replace(b"<wmo301:Bsn>999900006<", b"<wmo301:Bsn>99990000X<")
    with pytest.raises(InvalidMessage) as excinfo:
        read(xml, schemas)
    assert excinfo.value.reasons == validate(xml, schemas)


def test_malformed_xml_is_rejected_with_one_reason(schemas, example):
    reasons = validate(example("WMO301")[:-30], schemas)
    assert len(reasons) == 1
    assert reasons[0].startswith("Geen geldige XML: ")
    with pytest.raises(MalformedXml):
        identify(b"geen xml")


def test_entities_are_refused(schemas):
    xml = b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'
    [reason] = validate(xml, schemas)
    assert reason.startswith("Geen geldige XML: ")


@pytest.mark.parametrize(
    "xml",
    [
        b'<Bericht xmlns="urn:iets-anders"/>',
        b'<Bericht xmlns="http://www.istandaarden.nl/iwmo/3_2/jw301/schema"/>',
        b"<Bericht/>",
    ],
)
def test_unknown_message_type_is_rejected(schemas, xml):
    [reason] = validate(xml, schemas)
    assert reason.startswith("Onbekend berichttype: ")
    with pytest.raises(UnknownMessageType):
        read(xml, schemas)


def test_message_type_without_xsd_is_rejected(schemas):
    xml = b'<Bericht xmlns="http://www.istandaarden.nl/iwmo/3_2/wmo302/schema"/>'
    assert identify(xml) == MessageKind("WMO", "302")
    [reason] = validate(xml, schemas)
    assert reason.startswith("Onbekend berichttype: WMO302")


def test_message_kind_from_name():
    assert MessageKind.from_name("JW325") == MessageKind("JW", "325")
    assert MessageKind("WMO", "323").berichtcode == 484
    with pytest.raises(ValueError, match="Onbekend berichttype"):
        MessageKind.from_name("WMO3011")
