"""Issue 3 end to end in a browser, on the demo municipality: plan → aanvraag → beschikking (four eyes,
PDF letter) → 301 → 305/307 → a 315 answered → a bezwaar with its terms."""

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils.formats import date_format

from accounts.models import User
from allocations.models import Bericht, BerichtTaak, DeliveryStatus, Direction, Toewijzing
from catalogue.models import Aanbieder, Voorziening
from deadlines.calendar_source import current_calendar
from deadlines.terms import compute_deadline
from decisions.models import Beschikking, BeschikkingStatus, Bezwaar
from demo.logins import DEMO_PASSWORD
from dossiers.models import Dossier
from dossiers.transitions import Status
from e2e.login import log_in
from e2e.tabs import open_tab
from istandaarden.reading import read
from testsupport import provider_messages
from testsupport.istandaarden import requires_istandaarden

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    requires_istandaarden("WMO301", "WMO305", "WMO307", "WMO315", "JW315"),
]


START_PAGES = {"consulent": r"/besluiten/$", "teamleider": r"/start/team/$"}


def _login(browser: Any, live_server: Any, username: str) -> Any:
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, username, DEMO_PASSWORD)
    # Each role lands on its own start page (the consulent on the besluiten, the team leader on the team).
    page.wait_for_url(re.compile(START_PAGES[username]))
    return page


@pytest.fixture
def demo(reference_data: None) -> None:
    call_command("seed_demo", residents=400, seed=7, quiet=True)


def test_consulent_takes_a_household_from_plan_to_allocation_and_objection(browser, live_server, demo) -> None:
    consulent = User.objects.get(username="consulent")
    dossier = Dossier.objects.filter(status=Status.PLAN, involvements__user=consulent).order_by("pk").first()
    assert dossier is not None, "the demo has a dossier in plan for the consulent"
    begeleiding = Voorziening.objects.get(name="Begeleiding individueel")
    page = _login(browser, live_server, "consulent")

    # Aanvraag from the dossier page: the Wmo term of two weeks starts.
    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/")
    open_tab(page, "Besluiten en voorzieningen")
    page.get_by_role("link", name="Aanvraag registreren").click()
    page.get_by_role("combobox", name="Voor wie").select_option(index=1)
    page.get_by_role("combobox", name="Wet", exact=True).select_option("wmo")
    page.get_by_label(re.compile(r"Wmo 2015: Begeleiding individueel")).check()
    page.get_by_label("Wat vraagt het huishouden").fill("Begeleiding bij geldzaken en post, het netwerk kan dit niet.")
    page.get_by_label("Consulent die beslist").select_option(str(consulent.pk))
    page.get_by_role("button", name="Aanvraag registreren").click()
    page.wait_for_url(re.compile(r"/besluiten/aanvraag/\d+/$"))
    due = compute_deadline("WMO_BESCHIKKING", date.today(), current_calendar()).due
    assert date_format(due) in page.inner_text("main")

    # A beschikking above the consulent's mandate (€ 25.000): 12 hours a week for a year.
    page.get_by_role("link", name="Beschikking voorbereiden").click()
    page.get_by_label("Omvang").fill("12")
    page.get_by_label("Einddatum").fill((date.today() + timedelta(days=364)).isoformat())
    zorggroep = Aanbieder.objects.get(name="Zorggroep Voorbeeldstad")
    page.get_by_label("Aanbieder (ZIN)").select_option(str(zorggroep.pk))
    page.get_by_role("textbox", name="Motivering", exact=True).fill(
        "Het onderzoek laat zien dat de inwoner zonder wekelijkse begeleiding de schulden niet kan stabiliseren."
    )
    page.get_by_role("button", name="Concept opslaan").click()
    page.wait_for_url(re.compile(r"/besluiten/beschikking/\d+/$"))
    # The one just prepared (the demo's open decision work may hold others on this dossier).
    beschikking = Beschikking.objects.get(pk=int(page.url.rstrip("/").rsplit("/", 1)[-1]))
    assert "Uw mandaat dekt dit besluit niet" in page.inner_text("main")
    page.get_by_role("button", name="Ondertekenen").click()
    page.wait_for_load_state("load")
    assert "Vier ogen" in page.inner_text("main")
    assert page.get_by_role("button", name="Brief vastleggen en verzenden").count() == 0
    beschikking.refresh_from_db()
    assert beschikking.status == BeschikkingStatus.TWEEDE_HANDTEKENING

    # The team leader signs second; then the consulent sends the letter.
    leader = _login(browser, live_server, "teamleider")
    leader.goto(f"{live_server.url}/besluiten/")
    leader.get_by_role("link", name=beschikking.number).click()
    leader.get_by_role("button", name="Als tweede ondertekenen").click()
    leader.wait_for_load_state("load")
    beschikking.refresh_from_db()
    assert beschikking.status == BeschikkingStatus.VASTGESTELD

    page.reload()
    page.get_by_role("button", name="Brief vastleggen en verzenden").click()
    page.wait_for_load_state("load")
    beschikking.refresh_from_db()
    assert beschikking.status == BeschikkingStatus.VERZONDEN
    assert beschikking.objection_until is not None
    with page.expect_download() as download:
        page.get_by_role("link", name="Brief downloaden").click()
    assert download.value.path().read_bytes().startswith(b"%PDF")

    # The allocation goes out as a 301 that validates against the XSD.
    toewijzing = Toewijzing.objects.get(regel__beschikking=beschikking)
    assert toewijzing.voorziening == begeleiding
    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/")
    open_tab(page, "Besluiten en voorzieningen")
    page.get_by_role("button", name=re.compile("Toewijzingen versturen")).click()
    page.wait_for_load_state("load")
    sent = Bericht.objects.get(direction=Direction.OUT, kind="WMO301", inwoner=toewijzing.inwoner)
    message = read(bytes(sent.content), provider_messages.schemas())
    assert [t.toewijzingnummer for t in message.clients[0].toewijzingen] == [toewijzing.nummer]

    # The provider starts and later stops the care: the functioneel beheerder reads in their 305 and 307.
    inwoner = toewijzing.inwoner
    gemeentecode = dossier.team.gemeente.cbs_code[2:]
    agb = toewijzing.aanbieder.agb_code
    client_data = {
        "afzender": agb,
        "ontvanger": gemeentecode,
        "bsn": inwoner.bsn,
        "geboortedatum": inwoner.geboortedatum,
        "achternaam": inwoner.achternaam,
    }
    product = {
        "toewijzingnummer": toewijzing.nummer,
        "categorie": begeleiding.product_category,
        "code": begeleiding.product_code,
        "toewijzing_ingangsdatum": toewijzing.ingangsdatum,
    }
    started = toewijzing.ingangsdatum
    beheer = _login_to(browser, live_server, "beheer", "/beheer/")
    _upload(
        beheer,
        live_server,
        "WMO305_start.xml",
        provider_messages.start_zorg(**client_data, **product, begindatum=started),
    )
    toewijzing.refresh_from_db()
    assert toewijzing.status == DeliveryStatus.GESTART and toewijzing.started_on == started
    stopped = started + timedelta(days=20)
    stop = provider_messages.stop_zorg(**client_data, **product, begindatum=started, einddatum=stopped, reden="23")
    _upload(beheer, live_server, "WMO307_stop.xml", stop)
    toewijzing.refresh_from_db()
    assert toewijzing.status == DeliveryStatus.GESTOPT and toewijzing.stopped_on == stopped
    assert toewijzing.reden_beeindiging == "23"

    # A provider asks for an allocation (315); the consulent answers it within five working days.
    huishoudelijk = Voorziening.objects.get(name="Huishoudelijke ondersteuning")
    request = provider_messages.verzoek_om_toewijzing(
        **{**client_data, "afzender": "99990011"},
        referentie="LB-2026-17",
        categorie=huishoudelijk.product_category,
        code=huishoudelijk.product_code,
        ingangsdatum=date.today() + timedelta(days=7),
        einddatum=date.today() + timedelta(days=7 + 90),
        volume=2,
        eenheid="04",
        frequentie="2",
        dagtekening=date.today(),
    )
    _upload(beheer, live_server, "WMO315_verzoek.xml", request)
    # The request just uploaded: the demo's open message tasks (older, so lower ids) may hold one for this client.
    task = BerichtTaak.objects.filter(soort="antwoord_verzoek", inwoner=inwoner).latest("pk")
    assert task.due == compute_deadline("ISTD_ANTWOORD_VERZOEK", date.today(), current_calendar()).due
    page.goto(f"{live_server.url}/berichten/")
    page.locator(f'a[href="/berichten/taak/{task.pk}/"]').click()
    page.get_by_role("button", name="Toewijzen", exact=True).click()
    page.wait_for_load_state("load")
    task.refresh_from_db()
    assert task.done_at is not None and task.done_at.date() <= task.due
    answer = Toewijzing.objects.get(inwoner=inwoner, voorziening=huishoudelijk)
    assert answer.referentie_aanbieder == "LB-2026-17"
    reply = Bericht.objects.filter(direction=Direction.OUT, kind="WMO301", in_reply_to__isnull=False).get()
    assert read(bytes(reply.content), provider_messages.schemas()).clients[0].toewijzingen

    # The resident objects: the decision term runs six weeks from the end of the objection term.
    page.goto(f"{live_server.url}/besluiten/beschikking/{beschikking.pk}/")
    page.get_by_role("link", name="Bezwaar registreren").click()
    page.get_by_label("Ingediend door").fill(f"{inwoner.voornamen} {inwoner.achternaam}")
    page.get_by_label("Gronden van het bezwaar").fill("Twaalf uur is te weinig; ik heb ook hulp nodig bij de post.")
    page.get_by_role("button", name="Bezwaar registreren").click()
    page.wait_for_url(re.compile(r"/besluiten/bezwaar/\d+/$"))
    bezwaar = Bezwaar.objects.get(beschikking=beschikking)
    expected = compute_deadline("AWB_BESLISSING_OP_BEZWAAR", beschikking.objection_until, current_calendar()).due
    assert bezwaar.deadline is not None and bezwaar.deadline.due == expected
    assert date_format(expected) in page.inner_text("main")


def _login_to(browser: Any, live_server: Any, username: str, landing: str) -> Any:
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, username, DEMO_PASSWORD)
    page.wait_for_load_state("load")
    return page


def _upload(page: Any, live_server: Any, name: str, content: bytes) -> None:
    page.goto(f"{live_server.url}/berichten/uitwisseling/")
    page.get_by_label("Berichtbestanden (.xml)").set_input_files(
        files=[{"name": name, "mimeType": "application/xml", "buffer": content}]
    )
    page.get_by_role("button", name="Inlezen").click()
    page.wait_for_load_state("load")
    result = page.locator("main table").first.inner_text()
    assert "geaccepteerd" in result, result
