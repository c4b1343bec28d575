"""Receiving provider messages: what each type changes, what is answered, and what is refused."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time

import pytest
from django.utils import translation
from django.utils.formats import date_format
from lxml import etree

from allocations import incoming
from allocations.answers import expect_retour
from allocations.declaraties import allowed_volume
from allocations.incoming import receive
from allocations.models import (
    Bericht,
    BerichtStatus,
    BerichtTaak,
    DeliveryStatus,
    Direction,
    TaakSoort,
    Toewijzing,
)
from allocations.received import codes_from_reasons, product_reason, schemas
from allocations.tasks import TaskError, allocate_request, answer_with_319
from catalogue.codes import Frequency, Law, Unit
from catalogue.models import Aanbieder, Voorziening
from deadlines.calendar_source import current_calendar
from deadlines.terms import compute_deadline
from dossiers.models import Dossier, TimelineEvent
from istandaarden.kinds import MessageKind
from istandaarden.messages import Omvang, Product
from istandaarden.outgoing import Beoordeling, Contact, Naam, OutgoingHeader, ToegewezenProduct, ToewijzingClient
from istandaarden.reading import read
from istandaarden.writing import write_retour, write_toewijzing
from organisation.models import Gemeente
from residents.models import Inwoner
from testsupport.decision_factories import AanbiederFactory, contracted
from testsupport.factories import InwonerFactory, TeamFactory, household_with
from testsupport.istandaarden import example, requires_istandaarden

PROVIDER = "65656055"  # the aanbieder of the example 305/307/317/323
REQUESTER = "42420001"  # the aanbieder of the example 315
CLIENT = "999900006"
OTHER_CLIENT = "999900018"

# --- builders shared by the allocation tests ---------------------------------------------------


def to_jw(wmo_xml: bytes, code: str) -> bytes:
    """The iJw message with the structure of an iWmo one (jeugdhulp ambulant, category 45)."""
    wmo, jw = MessageKind("WMO", code), MessageKind("JW", code)
    xml = (
        wmo_xml.replace(wmo.namespace.encode(), jw.namespace.encode())
        .replace(wmo.basisschema_namespace.encode(), jw.basisschema_namespace.encode())
        .replace(f"BerichtCode>{wmo.berichtcode}<".encode(), f"BerichtCode>{jw.berichtcode}<".encode())
    )
    return re.sub(rb"(Categorie>)\d\d<", rb"\g<1>45<", xml)


def replace(xml: bytes, old: str, new: str) -> bytes:
    assert old.encode() in xml, old
    return xml.replace(old.encode(), new.encode())


def with_identificatie(xml: bytes, identificatie: str) -> bytes:
    return re.sub(rb"(:Identificatie>)[^<]+(<)", rb"\g<1>" + identificatie.encode() + rb"\g<2>", xml, count=1)


@dataclass
class World:
    """A demo-like gemeente with the aanbieders, clients and toewijzingen of the example messages."""

    gemeente: Gemeente
    amsterdam: Gemeente
    provider: Aanbieder
    requester: Aanbieder
    client: Inwoner
    other_client: Inwoner
    dossier: Dossier
    producten: dict[str, Voorziening]

    def toewijzing(self, nummer: str, law: str = Law.WMO) -> Toewijzing:
        return Toewijzing.objects.get(nummer=nummer, law=law)


def voorziening(code: str, law: str = Law.WMO, categorie: str = "01") -> Voorziening:
    return Voorziening.objects.get_or_create(
        law=law,
        product_category=categorie,
        product_code=code,
        defaults={
            "name": f"Product {code}",
            "unit": Unit.UUR,
            "frequency": Frequency.PER_WEEK,
            "uitvoeringsvariant": "inspanning",
        },
    )[0]


def allocate(
    world: World,
    nummer: str,
    product: Voorziening,
    inwoner: Inwoner,
    *,
    gemeente: Gemeente | None = None,
    law: str = Law.WMO,
    start: date = date(2023, 1, 1),
    end: date | None = date(2023, 12, 31),
    volume: int | None = 4,
    frequency: str = Frequency.PER_WEEK,
    aanbieder: Aanbieder | None = None,
    **fields: object,
) -> Toewijzing:
    # The client's allocations belong to the client's dossier, as the services make them.
    fields.setdefault("dossier", world.dossier if inwoner == world.client else None)
    return Toewijzing.objects.create(
        gemeente=gemeente or world.gemeente,
        law=law,
        nummer=nummer,
        inwoner=inwoner,
        aanbieder=aanbieder or world.provider,
        voorziening=product,
        ingangsdatum=start,
        einddatum=end,
        volume=volume,
        unit=Unit.UUR if volume is not None else "",
        frequency=frequency if volume is not None else "",
        **fields,
    )


def build_world() -> World:
    gemeente = Gemeente.objects.create(name="Rozendaal", cbs_code="GM0384")
    amsterdam = Gemeente.objects.create(name="Amsterdam", cbs_code="GM0363")
    provider = AanbiederFactory(name="Thuiszorg De Linde", agb_code=PROVIDER)
    requester = AanbiederFactory(name="Begeleiding Noord", agb_code=REQUESTER)
    client = InwonerFactory(bsn=CLIENT, voornamen="Tim", tussenvoegsel="de", achternaam="Wit")
    other_client = InwonerFactory(bsn=OTHER_CLIENT, voornamen="Ella", achternaam="Bos")
    dossier = Dossier.objects.create(huishouden=household_with(client), team=TeamFactory(), status="uitvoering")
    producten = {code: voorziening(code) for code in ("01A11", "01A12", "01A03", "01A04")}
    world = World(gemeente, amsterdam, provider, requester, client, other_client, dossier, producten)
    # The example 305/307 are addressed to gemeente 0363, the others to 0384.
    for nummer, code in (("300201", "01A11"), ("300202", "01A12")):
        allocate(world, nummer, producten[code], client, gemeente=amsterdam, start=date(2025, 4, 1), end=None)
    allocate(world, "20072", producten["01A03"], client)
    allocate(world, "200730", producten["01A04"], client)
    allocate(world, "20074", producten["01A03"], other_client)
    allocate(world, "20073", producten["01A04"], other_client)
    return world


def our_301(world: World, toewijzing: Toewijzing, identificatie: str = "GEM301000001") -> Bericht:
    """A JW301 we sent (as the outgoing side would store it), with its RETOUR_VERWACHT task."""
    xml = write_toewijzing(
        "JW",
        OutgoingHeader(afzender="0384", ontvanger=PROVIDER, identificatie=identificatie, dagtekening=date(2025, 3, 1)),
        ToewijzingClient(
            bsn=CLIENT,
            geboortedatum=date(1980, 5, 17),
            geslacht="1",
            naam=Naam(achternaam="Wit", voorvoegsel="de"),
            contacten=(Contact(telefoon="0201234567"),),
            producten=(
                ToegewezenProduct(
                    toewijzingnummer=toewijzing.nummer,
                    toewijzingsdatum=date(2025, 3, 1),
                    toewijzingstijd=time(9, 0),
                    ingangsdatum=toewijzing.ingangsdatum,
                    einddatum=toewijzing.einddatum,
                    product=Product("45", toewijzing.voorziening.product_code),
                    omvang=Omvang(volume=4, eenheid="04", frequentie="2"),
                ),
            ),
        ),
        schemas=schemas(),
    )
    sent = Bericht.objects.create(
        direction=Direction.OUT,
        kind="JW301",
        file_name=f"JW301_{identificatie}.xml",
        content=xml,
        status=BerichtStatus.VERZONDEN,
        identificatie=identificatie,
        afzender="0384",
        ontvanger=PROVIDER,
        aanbieder=world.provider,
        inwoner=world.client,
    )
    expect_retour(sent, None)
    return sent


def jw_toewijzing(world: World, nummer: str = "500001", **fields: object) -> Toewijzing:
    product = voorziening("45A01", law=Law.JEUGDWET, categorie="45")
    return allocate(world, nummer, product, world.client, law=Law.JEUGDWET, **fields)


def snapshot() -> dict[str, object]:
    """Everything a received message may change, to show that a refused one changed nothing."""
    return {
        "toewijzingen": list(
            Toewijzing.objects.order_by("pk").values_list("status", "started_on", "stopped_on", "reden_beeindiging")
        ),
        "taken": list(BerichtTaak.objects.order_by("pk").values_list("pk", "done_at")),
        "uit": Bericht.objects.filter(direction=Direction.OUT).count(),
        "tijdlijn": TimelineEvent.objects.count(),
        "geaccepteerd": Bericht.objects.filter(status=BerichtStatus.GEACCEPTEERD).count(),
    }


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def retour_task(bericht: Bericht) -> BerichtTaak:
    return BerichtTaak.objects.get(bericht=bericht, soort=TaakSoort.RETOUR_STUREN)


def codes_in(xml: bytes, element: str) -> dict[str, list[str]]:
    """ToewijzingNummer/ReferentieNummer → RetourCodes of every ``element`` in a retour or 325."""
    found = {}
    for node in etree.fromstring(xml).iter():
        if etree.QName(node).localname != element:
            continue
        key = node.xpath(
            "string(*[local-name()='ToewijzingNummer'] | "
            "*[local-name()='ProductReferentie']/*[local-name()='ReferentieNummer'])"
        )
        found[key] = [c.text for c in node.xpath("*[local-name()='RetourCodes']/*")]
    return found


# --- 305 start zorg ----------------------------------------------------------------------------


def test_start_zorg_marks_the_toewijzing_started_and_tells_the_dossier(world):
    bericht = receive("WMO305.xml", example("WMO305"))

    assert bericht.status == BerichtStatus.GEACCEPTEERD, bericht.reasons
    assert (bericht.kind, bericht.aanbieder, bericht.inwoner) == ("WMO305", world.provider, world.client)
    first, second = world.toewijzing("300201"), world.toewijzing("300202")
    assert (first.status, first.started_on) == (DeliveryStatus.GESTART, date(2025, 4, 3))
    assert (second.status, second.started_on) == (DeliveryStatus.GESTART, date(2025, 4, 4))
    events = TimelineEvent.objects.filter(dossier=world.dossier, kind=TimelineEvent.Kind.TOEWIJZING)
    assert events.count() == 2
    assert "gestart" in events.first().summary
    assert bericht.summary == "Start zorg: 2 van 2 producten verwerkt."


def test_wmo_retour_that_cannot_be_written_stays_an_open_task_with_the_reason(world):
    bericht = receive("WMO305.xml", example("WMO305"))

    task = retour_task(bericht)
    assert task.is_open
    assert task.term_code == "ISTD_RETOUR"
    assert task.note.startswith("Retourbericht kan niet worden gemaakt: Geen XSD voor WMO306")
    assert task.due == compute_deadline("ISTD_RETOUR", incoming._today(), current_calendar()).due
    assert not Bericht.objects.filter(direction=Direction.OUT).exists()


def test_jw_start_zorg_is_answered_with_a_306_at_once(world):
    jw_toewijzing(world, "300201", gemeente=world.amsterdam, start=date(2025, 4, 1), end=None)
    xml = to_jw(replace(example("WMO305"), "300202", "300299"), "305")

    bericht = receive("JW305.xml", xml)

    assert bericht.status == BerichtStatus.GEACCEPTEERD, bericht.reasons
    assert world.toewijzing("300201", Law.JEUGDWET).status == DeliveryStatus.GESTART
    assert bericht.reasons == ["300299: toewijzing onbekend bij de gemeente voor deze aanbieder (retourcode 9019)"]
    task = retour_task(bericht)
    assert not task.is_open
    retour = task.answer
    assert (retour.kind, retour.status, retour.in_reply_to, retour.direction) == (
        "JW306",
        BerichtStatus.KLAAR,
        bericht,
        Direction.OUT,
    )
    decoded = read(bytes(retour.content), schemas())
    assert decoded.retour is not None and decoded.retour.identificatie == retour.identificatie
    assert codes_in(bytes(retour.content), "StartProduct") == {"300201": ["0200"], "300299": ["9019"]}


def test_a_withdrawn_start_puts_the_toewijzing_back(world):
    receive("WMO305.xml", example("WMO305"))
    xml = replace(
        with_identificatie(example("WMO305"), "INTREKKEN1"),
        "<wmo305:StatusAanlevering>1",
        "<wmo305:StatusAanlevering>3",
    )

    bericht = receive("WMO305-intrekken.xml", xml)

    assert bericht.status == BerichtStatus.GEACCEPTEERD
    first = world.toewijzing("300201")
    assert (first.status, first.started_on) == (DeliveryStatus.TOEGEWEZEN, None)


# --- 307 stop zorg -----------------------------------------------------------------------------


def test_stop_zorg_records_the_end_and_the_reason(world):
    receive("WMO305.xml", example("WMO305"))

    bericht = receive("WMO307.xml", example("WMO307"))

    assert bericht.status == BerichtStatus.GEACCEPTEERD, bericht.reasons
    stopped = world.toewijzing("300201")
    assert (stopped.status, stopped.stopped_on, stopped.reden_beeindiging) == (
        DeliveryStatus.GESTOPT,
        date(2025, 7, 18),
        "31",
    )
    assert TimelineEvent.objects.filter(dossier=world.dossier, summary__contains="verhuizing").count() == 2
    assert retour_task(bericht).is_open  # no WMO308 XSD


def test_stop_without_a_start_is_refused_for_that_product(world):
    bericht = receive("WMO307.xml", example("WMO307"))

    assert bericht.status == BerichtStatus.GEACCEPTEERD
    assert world.toewijzing("300201").status == DeliveryStatus.TOEGEWEZEN
    assert bericht.reasons == [
        "300201: er is geen startbericht voor deze toewijzing ontvangen (retourcode 9069)",
        "300202: er is geen startbericht voor deze toewijzing ontvangen (retourcode 9069)",
    ]


# --- 315 / 317 requests ------------------------------------------------------------------------


def test_verzoek_om_toewijzing_gets_an_answer_task_of_five_working_days(world, monkeypatch):
    # Received on Tuesday 29 April 2025: Bevrijdingsdag (5 May) is no working day.
    monkeypatch.setattr(incoming, "_today", lambda: date(2025, 4, 29))

    bericht = receive("WMO315.xml", example("WMO315"))

    assert bericht.status == BerichtStatus.GEACCEPTEERD, bericht.reasons
    assert (bericht.aanbieder, bericht.inwoner) == (world.requester, world.client)
    task = BerichtTaak.objects.get(bericht=bericht, soort=TaakSoort.ANTWOORD_VERZOEK)
    assert (task.term_code, task.due, task.inwoner) == ("ISTD_ANTWOORD_VERZOEK", date(2025, 5, 7), world.client)
    assert retour_task(bericht).due == date(2025, 5, 2)  # 316: three working days


def test_a_315_is_answered_with_a_319_within_its_term_and_the_320_closes_the_wait(world, generalist):
    xml = to_jw(example("WMO315"), "315")
    request = receive("JW315.xml", xml)
    assert retour_task(request).answer.kind == "JW316"
    task = BerichtTaak.objects.get(bericht=request, soort=TaakSoort.ANTWOORD_VERZOEK)

    answers = answer_with_319(task, generalist, verzoek_antwoord="1", reden_afwijzing="3")

    task.refresh_from_db()
    assert not task.is_open and task.done_at.date() <= task.due
    assert [a.kind for a in answers] == ["JW319", "JW319"]  # one per ReferentieAanbieder
    assert task.answer == answers[-1]
    antwoord = read(bytes(answers[0].content), schemas()).antwoord
    assert (antwoord.referentie_aanbieder, antwoord.verzoek_antwoord, antwoord.reden_afwijzing) == (
        "42420001",
        "1",
        "3",
    )
    waiting = BerichtTaak.objects.get(bericht=answers[0], soort=TaakSoort.RETOUR_VERWACHT)
    # The aanbieder's 320 on the first 319.
    retour = write_retour(
        bytes(answers[0].content),
        Beoordeling(),
        schemas=schemas(),
        identificatie="AGB320-1",
        dagtekening=date(2025, 4, 30),
    )

    bericht = receive("JW320.xml", retour)

    assert bericht.status == BerichtStatus.GEACCEPTEERD, bericht.reasons
    assert (bericht.in_reply_to, bericht.aanbieder, bericht.afzender) == (answers[0], world.requester, REQUESTER)
    waiting.refresh_from_db()
    assert not waiting.is_open and waiting.answer == bericht


def test_in_onderzoek_meets_the_term_and_opens_a_follow_up(world, generalist):
    request = receive("WMO315.xml", to_jw(example("WMO315"), "315"))
    task = BerichtTaak.objects.get(bericht=request, soort=TaakSoort.ANTWOORD_VERZOEK)

    answer_with_319(task, generalist, verzoek_antwoord="2")

    follow_up = BerichtTaak.objects.get(bericht=request, soort=TaakSoort.ANTWOORD_VERZOEK, done_at__isnull=True)
    assert follow_up.term_code == "AWB_BESCHIKKING"
    assert "in onderzoek" in follow_up.note


def test_a_wmo_319_is_refused_without_its_reason(world, generalist):
    request = receive("WMO315.xml", example("WMO315"))
    task = BerichtTaak.objects.get(bericht=request, soort=TaakSoort.ANTWOORD_VERZOEK)

    with pytest.raises(TaskError):
        answer_with_319(task, generalist, verzoek_antwoord="1")

    assert BerichtTaak.objects.get(pk=task.pk).is_open


def test_verzoek_om_wijziging_gets_an_answer_task_and_flags_unknown_toewijzingen(world):
    bericht = receive("WMO317.xml", example("WMO317"))

    assert bericht.status == BerichtStatus.GEACCEPTEERD, bericht.reasons
    assert BerichtTaak.objects.get(bericht=bericht, soort=TaakSoort.ANTWOORD_VERZOEK).is_open
    assert bericht.reasons == [
        "10072: te wijzigen toewijzing is niet actueel bekend (retourcode 9351)",
        "10071: ongewijzigde toewijzing is niet actueel bekend (retourcode 9350)",
    ]


def test_jw_317_gets_its_318_with_the_codes(world):
    jw_toewijzing(world, "10071")
    jw_toewijzing(world, "10072", start=date(2023, 1, 1))
    bericht = receive("JW317.xml", to_jw(example("WMO317"), "317"))

    assert bericht.reasons == []
    retour = retour_task(bericht).answer
    assert retour.kind == "JW318"
    assert codes_in(bytes(retour.content), "TeWijzigenProduct") == {"10072": ["0200"]}


# --- 323 declaratie ----------------------------------------------------------------------------


def test_declaratie_in_the_example_is_checked_per_prestatie(world):
    bericht = receive("WMO323.xml", example("WMO323"))

    assert bericht.status == BerichtStatus.GEACCEPTEERD, bericht.reasons
    assert bericht.reasons == []
    assert bericht.summary == "Declaratie DN001: 4 van 4 prestaties goedgekeurd, € 580,00 van € 580,00."
    task = BerichtTaak.objects.get(bericht=bericht, soort=TaakSoort.DECLARATIE)
    assert task.is_open and "Geen XSD voor WMO325" in task.note
    assert task.term_code == "ISTD_ANTWOORD_DECLARATIE"


def test_what_a_received_message_stores_is_dutch_whatever_the_screen_language(world):
    product = voorziening("45A03", law=Law.JEUGDWET, categorie="45")
    allocate(world, "20074", product, world.other_client, law=Law.JEUGDWET, start=date(2023, 4, 10))
    xml = re.sub(rb"ProductCode>01A", b"ProductCode>45A", to_jw(example("WMO323"), "323"))

    with translation.override("en"):
        bericht = receive("JW323.xml", xml)

    assert "RN003: toewijzing 20074: de periode begint vóór de ingangsdatum 10 april 2023 (retourcode 9307)" in (
        bericht.reasons
    )
    assert bericht.summary.startswith("Declaratie DN001: ")
    assert "gemaakt" in BerichtTaak.objects.get(bericht=bericht, soort=TaakSoort.DECLARATIE).note


def test_declaratie_rejects_what_the_toewijzing_does_not_cover_and_answers_with_a_325(world):
    product = voorziening("45A03", law=Law.JEUGDWET, categorie="45")
    other = voorziening("45A04", law=Law.JEUGDWET, categorie="45")
    allocate(world, "20072", product, world.client, law=Law.JEUGDWET)  # RN001: 4 uur, allowed 5 × 4: accepted
    allocate(world, "200730", other, world.client, law=Law.JEUGDWET, volume=3)  # RN002: 16 > 5 × 3
    allocate(world, "20074", product, world.other_client, law=Law.JEUGDWET, start=date(2023, 4, 10))  # RN003
    allocate(world, "20073", other, world.other_client, law=Law.JEUGDWET, status=DeliveryStatus.INGETROKKEN)
    xml = re.sub(rb"ProductCode>01A", b"ProductCode>45A", to_jw(example("WMO323"), "323"))

    bericht = receive("JW323.xml", xml)

    assert bericht.status == BerichtStatus.GEACCEPTEERD
    assert bericht.reasons == [
        "RN002: toewijzing 200730: geleverd volume 16 is meer dan toegewezen (15) (retourcode 9321)",
        f"RN003: toewijzing 20074: de periode begint vóór de ingangsdatum {date_format(date(2023, 4, 10))} (retourcode 9307)",
        "RN004: toewijzing 20073: de toewijzing is ingetrokken (retourcode 9384)",
    ]
    assert bericht.summary == "Declaratie DN001: 1 van 4 prestaties goedgekeurd, € 50,00 van € 580,00."
    task = BerichtTaak.objects.get(bericht=bericht, soort=TaakSoort.DECLARATIE)
    answer = task.answer
    assert not task.is_open and (answer.kind, answer.in_reply_to) == ("JW325", bericht)
    assert codes_in(bytes(answer.content), "Prestatie") == {
        "RN001": ["0200"],
        "RN002": ["9321"],
        "RN003": ["9307"],
        "RN004": ["9384"],
    }


def test_declaratie_for_an_unknown_client_or_other_product_is_refused_per_prestatie(world):
    Toewijzing.objects.filter(inwoner=world.other_client).delete()
    world.other_client.delete()
    xml = replace(
        example("WMO323"),
        "<wmo323:ProductCode>01A03</wmo323:ProductCode>",
        "<wmo323:ProductCode>01A11</wmo323:ProductCode>",
    )

    bericht = receive("WMO323.xml", xml)

    assert bericht.reasons == [
        "RN001: toewijzing 20072: productcode 01A11 wijkt af van de toewijzing (01A03) (retourcode 9340)",
        "RN003: toewijzing 20074: cliënt onbekend bij de gemeente (retourcode 8187)",
        "RN004: toewijzing 20073: cliënt onbekend bij de gemeente (retourcode 8187)",
    ]


@pytest.mark.parametrize(
    ("volume", "frequency", "begin", "end", "allowed"),
    [
        (2, Frequency.PER_DAG, date(2023, 4, 1), date(2023, 4, 30), 60),
        (4, Frequency.PER_WEEK, date(2023, 4, 1), date(2023, 4, 30), 20),  # 30 days: 5 started weeks
        (4, Frequency.PER_WEEK, date(2023, 4, 3), date(2023, 4, 9), 4),
        (10, Frequency.PER_MAAND, date(2023, 4, 1), date(2023, 4, 30), 10),
        (10, Frequency.PER_MAAND, date(2023, 4, 15), date(2023, 5, 14), 20),  # touches two months
        (40, Frequency.TOTAAL, date(2023, 4, 1), date(2023, 4, 30), 40),
        (40, "", date(2023, 4, 1), date(2023, 4, 30), None),
    ],
)
def test_allowed_volume_follows_the_frequency(volume, frequency, begin, end, allowed):
    assert allowed_volume(volume, frequency, begin, end) == allowed


def test_total_volume_counts_every_prestatie_of_the_declaratie(world):
    Toewijzing.objects.filter(nummer__in=["20072", "200730"]).update(frequency=Frequency.TOTAAL, volume=18)
    Toewijzing.objects.filter(nummer="200730").update(nummer="20072B")
    xml = replace(example("WMO323"), ">200730<", ">20072<")
    xml = replace(
        xml, "<wmo323:ProductCode>01A04</wmo323:ProductCode>", "<wmo323:ProductCode>01A03</wmo323:ProductCode>"
    )

    bericht = receive("WMO323.xml", xml)

    # RN001 (4) fits in 18; RN002 (16) on the same toewijzing makes 20; RN004 changed product code too.
    assert bericht.reasons[0] == (
        "RN002: toewijzing 20072: geleverd volume 20 is meer dan toegewezen (18) (retourcode 9321)"
    )


# --- 302 retour on our 301 ---------------------------------------------------------------------


@requires_istandaarden("JW301", "JW302")
def test_a_302_closes_the_wait_for_it_and_records_what_the_aanbieder_rejected(world):
    toewijzing = jw_toewijzing(world)
    sent = our_301(world, toewijzing)
    retour = write_retour(
        bytes(sent.content),
        Beoordeling(items={toewijzing.nummer: ("9332",)}),
        schemas=schemas(),
        identificatie="AGB302-1",
        dagtekening=date(2025, 3, 2),
    )

    bericht = receive("JW302.xml", retour)

    assert bericht.status == BerichtStatus.GEACCEPTEERD, bericht.reasons
    assert (bericht.identificatie, bericht.in_reply_to, bericht.inwoner) == ("AGB302-1", sent, world.client)
    assert bericht.reasons == ["ToegewezenProduct 500001: afgekeurd met retourcode 9332"]
    task = BerichtTaak.objects.get(bericht=sent, soort=TaakSoort.RETOUR_VERWACHT)
    assert not task.is_open and task.answer == bericht
    assert "afgekeurd" in bericht.summary


@requires_istandaarden("JW301", "JW302")
def test_a_302_on_a_message_we_never_sent_is_refused(world):
    sent = our_301(world, jw_toewijzing(world))
    retour = write_retour(
        bytes(sent.content), Beoordeling(), schemas=schemas(), identificatie="R1", dagtekening=date(2025, 3, 2)
    )
    sent.identificatie = "IETS-ANDERS"
    sent.save()

    bericht = receive("JW302.xml", retour)

    assert bericht.status == BerichtStatus.AFGEWEZEN
    assert "geen JW301 met identificatie GEM301000001" in bericht.reasons[0]
    assert BerichtTaak.objects.get(bericht=sent).is_open


# --- refused messages change nothing -----------------------------------------------------------

INVALID_305 = b"""<?xml version="1.0" encoding="UTF-8"?>
<wmo305:Bericht xmlns:wmo305="http://www.istandaarden.nl/iwmo/3_2/wmo305/schema">
  <wmo305:Header><wmo305:BerichtCode>418</wmo305:BerichtCode></wmo305:Header>
</wmo305:Bericht>"""


def _wrong_receiver() -> bytes:
    return replace(example("WMO305"), "<wmo305:Ontvanger>0363", "<wmo305:Ontvanger>0599")


def _unknown_provider() -> bytes:
    return replace(example("WMO305"), "<wmo305:Afzender>65656055", "<wmo305:Afzender>11112222")


def _unknown_client() -> bytes:
    return replace(example("WMO305"), "999900006", "999900031")


def _bad_bsn() -> bytes:
    return replace(example("WMO305"), "999900006", "999900007")


def _unknown_client_315() -> bytes:
    return replace(example("WMO315"), "999900006", "999900031")


@pytest.mark.parametrize(
    ("content", "kind", "reason"),
    [
        (lambda: b"<Bericht><niet-af>", "", "Geen geldige XML"),
        (lambda: b"<?xml version='1.0'?><bestelling><regel/></bestelling>", "", "Onbekend berichttype"),
        pytest.param(
            lambda: INVALID_305, "WMO305", "Ongeldig volgens WMO305.xsd", marks=requires_istandaarden("WMO305")
        ),
        (lambda: example("WMO301"), "WMO301", "Een WMO301 stuurt de gemeente zelf"),
        (_wrong_receiver, "WMO305", "gemeentecode 0599 is onbekend"),
        (_unknown_provider, "WMO305", "AGB-code 11112222) is geen bekende aanbieder"),
        (_unknown_client, "WMO305", "Cliënt onbekend bij de gemeente."),
        (_bad_bsn, "WMO305", "elfproef"),
        (_unknown_client_315, "WMO315", "Cliënt onbekend bij de gemeente."),
    ],
)
def test_a_refused_message_is_stored_with_its_reason_and_changes_nothing(world, content, kind, reason):
    before = snapshot()

    bericht = receive("bericht.xml", content())

    assert bericht.status == BerichtStatus.AFGEWEZEN
    assert bericht.kind == kind
    assert any(reason in r for r in bericht.reasons), bericht.reasons
    assert bytes(bericht.content) == content()
    assert snapshot() == before


def test_a_message_from_an_inactive_aanbieder_is_refused(world):
    Aanbieder.objects.filter(pk=world.provider.pk).update(active=False)
    before = snapshot()

    bericht = receive("WMO305.xml", example("WMO305"))

    assert bericht.status == BerichtStatus.AFGEWEZEN
    assert bericht.reasons == ["De afzender Thuiszorg De Linde (65656055) is niet meer actief als aanbieder."]
    assert snapshot() == before


def test_the_same_message_twice_is_refused_the_second_time(world):
    receive("WMO315.xml", example("WMO315"))
    before = snapshot()

    again = receive("WMO315-opnieuw.xml", example("WMO315"))

    assert again.status == BerichtStatus.AFGEWEZEN
    assert "al eerder ontvangen" in again.reasons[0]
    assert snapshot() == before


def test_a_file_over_25_mb_is_refused_without_keeping_it(world):
    before = snapshot()

    bericht = receive("groot.xml", b"<a>" + b" " * incoming.MAX_FILE_SIZE + b"</a>")

    assert bericht.status == BerichtStatus.AFGEWEZEN
    assert bericht.reasons == [
        "Het bestand is 25,1 MB; een bericht mag ten hoogste 25 MB zijn. De inhoud is niet bewaard."
    ]
    assert bytes(bericht.content) == b""
    assert snapshot() == before


def test_rejection_reasons_round_trip_to_retour_codes():
    reasons = [product_reason("RN1", "toewijzing 12: te veel", "9321"), "Zonder code", product_reason("7", "x", "9019")]

    assert codes_from_reasons(reasons) == {"RN1": ("9321",), "7": ("9019",)}


# --- answering a request with a toewijzing -----------------------------------------------------


def contracted_products(world: World) -> None:
    """The products of the example 315 in the catalogue, contracted with the requesting aanbieder."""
    for categorie, code in (("01", "ABCDE"), ("02", "BCDEF")):
        product, _ = Voorziening.objects.get_or_create(
            law=Law.WMO,
            product_category=categorie,
            product_code=code,
            defaults={"name": f"Product {code}", "unit": "14", "frequency": "4", "uitvoeringsvariant": "output"},
        )
        contracted(world.requester, product)


def test_a_315_is_answered_by_allocating_what_was_asked(world, consulent):
    contracted_products(world)
    request = receive("WMO315.xml", example("WMO315"))
    task = BerichtTaak.objects.get(bericht=request, soort=TaakSoort.ANTWOORD_VERZOEK)

    berichten = allocate_request(task, consulent)

    allocated = Toewijzing.objects.filter(aanbieder=world.requester).order_by("nummer")
    assert [(t.voorziening.product_code, t.volume, t.unit, t.frequency) for t in allocated] == [
        ("ABCDE", 4, "14", "4"),
        ("BCDEF", 4, "14", "4"),
    ]
    assert [t.referentie_aanbieder for t in allocated] == ["42420001", "42420002"]
    assert all(t.gemeente == world.gemeente for t in allocated)
    assert [b.kind for b in berichten] == ["WMO301"]
    assert berichten[0].in_reply_to == request
    task.refresh_from_db()
    assert not task.is_open and task.answer == berichten[0]


def test_a_315_without_a_contract_is_refused_and_changes_nothing(world, consulent):
    request = receive("WMO315.xml", example("WMO315"))
    contracted_products(world)
    Voorziening.objects.filter(product_code="BCDEF").first().contracts.all().delete()
    task = BerichtTaak.objects.get(bericht=request, soort=TaakSoort.ANTWOORD_VERZOEK)

    with pytest.raises(TaskError, match="geen \\(actief\\) contract"):
        allocate_request(task, consulent)

    assert not Toewijzing.objects.filter(aanbieder=world.requester).exists()
    assert BerichtTaak.objects.get(pk=task.pk).is_open


def test_a_317_is_answered_by_changing_the_toewijzing(world, consulent):
    product = voorziening("01A12")
    contracted(world.provider, product)
    allocate(world, "10071", world.producten["01A11"], world.client)
    changed = allocate(world, "10072", voorziening("01A09"), world.client, end=date(2023, 6, 30))
    xml = re.sub(rb"<wmo317:NieuweProducten>.*</wmo317:NieuweProducten>", b"", example("WMO317"), flags=re.S)
    request = receive("WMO317.xml", xml)
    task = BerichtTaak.objects.get(bericht=request, soort=TaakSoort.ANTWOORD_VERZOEK)

    berichten = allocate_request(task, consulent)

    changed.refresh_from_db()
    assert (changed.einddatum, changed.reden_wijziging, changed.referentie_aanbieder) == (
        date(2023, 12, 31),
        "12",
        "9003",
    )
    assert berichten[0].kind == "WMO301" and berichten[0].in_reply_to == request
