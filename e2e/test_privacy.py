"""Issue 4 end to end in a browser, on the demo municipality, one browser context per person:
"erbij halen" for two sections and one week, sharing refused without consent, break-the-glass on the
review lists, the privacy officer's log search with the inzage export, and a tampered log row detected."""

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from accounts.models import User
from audit.models import AccessBasis, AccessLogEntry
from consent.models import BreakGlass, Consent, Consultation, Disclosure, ReviewItem, ReviewKind
from consent.services import household_members
from demo.logins import DEMO_PASSWORD
from dossiers.models import Dossier, InvolvementRole
from dossiers.selectors import dossier_access
from dossiers.transitions import Status
from e2e.login import log_in
from e2e.tabs import offered_tabs, open_tab
from residents.models import Inwoner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: The demo specialist's name, as the access history names him.
SPECIALIST_NAME = "Ruben Hoekstra"
PLAN = "Plan, doelen en acties"
ONDERZOEK = "Onderzoek en zelfredzaamheid"
BREAK_GLASS_REASON = "Crisismelding buiten kantoortijd, de regisseur is niet bereikbaar."


def _login(browser: Any, live_server: Any, username: str) -> Any:
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, username, DEMO_PASSWORD)
    page.wait_for_url(lambda url: "/account/inloggen/" not in url)
    return page


@pytest.fixture
def demo(reference_data: None) -> None:
    call_command("seed_demo", residents=400, seed=7, quiet=True)


def _open_dossier_of_sanne() -> tuple[Dossier, Inwoner]:
    """An open dossier where "generalist" is regisseur and "generalist2" and "specialist" have no access, with an adult
    who has a BSN."""
    sanne = User.objects.get(username="generalist")
    mohamed = User.objects.get(username="generalist2")
    today = timezone.localdate()
    candidates = (
        Dossier.objects.filter(
            involvements__user=sanne,
            involvements__role=InvolvementRole.REGISSEUR,
            involvements__end__isnull=True,
            status__in=[Status.IN_ONDERZOEK, Status.PLAN, Status.UITVOERING, Status.EVALUATIE],
        )
        # The demo gives the specialist a consultation of his own (demo/roles.py): not in this household.
        .exclude(consultations__specialist__username="specialist")
        .distinct()
        .order_by("pk")
    )
    for dossier in candidates:
        if dossier_access(mohamed, dossier) is not None:
            continue
        members = household_members(dossier).exclude(bsn__isnull=True).exclude(bsn="").order_by("pk")
        adult = next((member for member in members if member.age_on(today) >= 18), None)
        if adult is not None:
            return dossier, adult
    raise AssertionError("the demo has an open dossier of the generalist with an adult household member")


def _status(response: Any) -> int:
    assert response is not None
    return int(response.status)


def _record_consent_and_invite_specialist(page: Any, live_server: Any, dossier: Dossier, adult: Inwoner) -> None:
    """As the regisseur: consent for the specialist in the register, then "Erbij halen" for Plan and Onderzoek."""
    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/")
    open_tab(page, "Betrokkenen en privacy")
    page.get_by_role("link", name=re.compile(r"^Toestemmingen \(\d+\)")).click()
    page.wait_for_url(re.compile(rf"/toestemming/dossier/{dossier.pk}/$"))
    page.get_by_role("combobox", name=re.compile(r"^Van wie")).select_option(str(adult.pk))
    # The recipient is chosen, not typed (issue 12): the specialist himself, at his organisation.
    specialist = User.objects.get(username="specialist")
    page.get_by_role("combobox", name=re.compile(r"^Persoon bij deze organisatie")).select_option(str(specialist.pk))
    page.get_by_role("textbox", name=re.compile(r"^Doel")).fill("Advies over schulden en psychische klachten")
    page.get_by_label("Gegeven op").fill(timezone.localdate().isoformat())
    page.get_by_role("combobox", name=re.compile(r"^Hoe\b")).select_option("mondeling")
    page.get_by_label("Naam van wie toestemming gaf").fill(adult.full_name)
    page.get_by_label("In de hoedanigheid van").select_option("zelf")
    page.get_by_role("button", name="Vastleggen").click()
    page.wait_for_load_state("load")
    assert "De toestemming is vastgelegd." in page.inner_text("main")
    consent = Consent.objects.filter(inwoner=adult, recipient_person=specialist).latest("pk")
    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/")
    open_tab(page, "Betrokkenen en privacy")
    page.get_by_role("link", name="Erbij halen", exact=True).click()
    page.wait_for_url(re.compile(rf"/toestemming/dossier/{dossier.pk}/erbij-halen/$"))
    page.get_by_label("Wie haalt u erbij?").select_option(str(specialist.pk))
    page.get_by_label(PLAN).check()
    page.get_by_label(ONDERZOEK).check()
    page.get_by_label("Toegang tot en met").fill((timezone.localdate() + timedelta(days=7)).isoformat())
    page.get_by_label("Waarom haalt u deze persoon erbij?").fill("Advies over het plan en het onderzoek.")
    page.get_by_label("Toestemming van het huishouden").select_option(str(consent.pk))
    page.get_by_role("button", name="Uitnodigen").click()
    page.wait_for_url(re.compile(rf"/dossiers/{dossier.pk}/"))
    assert "kijkt nu mee in de gekozen onderdelen" in page.inner_text("main")
    who_looks_along = page.get_by_role("table", name="Consultaties en noodtoegang")
    assert SPECIALIST_NAME in who_looks_along.inner_text()
    assert "Loopt" in who_looks_along.inner_text()


def _headings(page: Any) -> list[str]:
    return [" ".join(text.split()) for text in page.get_by_role("heading", level=2).all_inner_texts()]


def test_specialist_sees_only_the_two_invited_sections_until_the_week_ends(browser, live_server, demo) -> None:
    dossier, adult = _open_dossier_of_sanne()
    sanne = _login(browser, live_server, "generalist")
    _record_consent_and_invite_specialist(sanne, live_server, dossier, adult)
    consultation = Consultation.objects.get(dossier=dossier, specialist__username="specialist")
    assert sorted(consultation.sections) == ["onderzoek", "plan"]
    assert consultation.consent is not None and consultation.legal_ground == ""
    assert timezone.localdate(consultation.ends_at) == timezone.localdate() + timedelta(days=8)  # end of day 7

    ruben = _login(browser, live_server, "specialist")
    ruben.goto(f"{live_server.url}/toestemming/consultaties/")
    ruben.get_by_role("link", name=str(dossier)).click()
    ruben.wait_for_url(re.compile(rf"/dossiers/{dossier.pk}/$"))
    assert "U kijkt mee op uitnodiging van" in ruben.get_by_role("status").first.inner_text()
    offered = offered_tabs(ruben)
    assert offered == ["Overzicht", "Onderzoek en ZRM", "Plan", "Betrokkenen en privacy"], offered
    headings = []
    for name in offered:
        open_tab(ruben, name)
        headings += _headings(ruben)
        assert adult.bsn not in ruben.inner_text("main"), f"the household section (with BSNs) is not shared ({name})"
    assert "Onderzoek" in headings and "Plan" in headings
    for hidden in ("Meldingen", "Aanvragen en besluiten", "Tijdlijn", "Wie kijkt mee", "Termijnen", "Netwerk"):
        assert hidden not in headings, f"{hidden} is not one of the invited sections"
    assert not any(heading.startswith("Huishouden") for heading in headings)

    assert _status(ruben.goto(f"{live_server.url}/dossiers/{dossier.pk}/tijdlijn/")) == 404
    assert _status(ruben.goto(f"{live_server.url}/dossiers/{dossier.pk}/onderdeel/tijdlijn/")) == 403
    assert _status(ruben.goto(f"{live_server.url}/dossiers/{dossier.pk}/")) == 200

    # The week is over: the same page is gone, without anything having to run at the end date.
    Consultation.objects.filter(pk=consultation.pk).update(ends_at=timezone.now() - timedelta(minutes=1))
    assert _status(ruben.reload()) == 404
    ruben.goto(f"{live_server.url}/toestemming/consultaties/")
    # Only this consultation ended: the demo's own consultation of the specialist is still listed.
    assert ruben.get_by_role("link", name=str(dossier), exact=True).count() == 0
    sanne.goto(f"{live_server.url}/dossiers/{dossier.pk}/")
    open_tab(sanne, "Betrokkenen en privacy")
    assert "Verlopen" in sanne.get_by_role("table", name="Consultaties en noodtoegang").inner_text()


def test_the_default_dates_of_consent_and_consultation_reach_the_browser(browser, live_server, demo) -> None:
    dossier, _adult = _open_dossier_of_sanne()
    sanne = _login(browser, live_server, "generalist")
    sanne.goto(f"{live_server.url}/toestemming/dossier/{dossier.pk}/")
    assert sanne.get_by_label("Gegeven op").input_value() == timezone.localdate().isoformat(), "today by default"
    sanne.goto(f"{live_server.url}/toestemming/dossier/{dossier.pk}/erbij-halen/")
    week = (timezone.localdate() + timedelta(days=7)).isoformat()
    assert sanne.get_by_label("Toegang tot en met").input_value() == week, "a week by default"


def test_sharing_with_an_external_party_without_consent_is_refused(browser, live_server, demo) -> None:
    dossier, _adult = _open_dossier_of_sanne()
    before = Disclosure.objects.count()
    sanne = _login(browser, live_server, "generalist")
    sanne.goto(f"{live_server.url}/dossiers/{dossier.pk}/")
    open_tab(sanne, "Betrokkenen en privacy")
    sanne.get_by_role("link", name="Gegevens delen met een externe partij").click()
    sanne.wait_for_url(re.compile(rf"/toestemming/dossier/{dossier.pk}/delen/$"))
    sanne.get_by_role("textbox", name=re.compile(r"^Ontvanger")).fill("Huisartsenpraktijk De Linde")
    sanne.get_by_role("textbox", name=re.compile(r"^Doel")).fill("Afstemming behandeling")
    sanne.get_by_label(PLAN).check()
    with sanne.expect_response(lambda response: response.request.method == "POST") as answer:
        sanne.get_by_role("button", name="Delen vastleggen").click()
    assert answer.value.status == 400
    sanne.wait_for_load_state("load")
    alert = sanne.get_by_role("alert").filter(has_text="Controleer de invoer").inner_text()
    assert "Delen met Huisartsenpraktijk De Linde voor 'Afstemming behandeling' mag niet" in alert
    assert "geen geldige toestemming" in alert
    assert Disclosure.objects.count() == before, "nothing was recorded"
    assert not ReviewItem.objects.filter(dossier=dossier).exists()


def test_break_the_glass_review_and_the_privacy_officer_finds_every_access(browser, live_server, demo) -> None:
    dossier, adult = _open_dossier_of_sanne()
    sanne = _login(browser, live_server, "generalist")
    _record_consent_and_invite_specialist(sanne, live_server, dossier, adult)
    ruben = _login(browser, live_server, "specialist")
    ruben.goto(f"{live_server.url}/dossiers/{dossier.pk}/")
    open_tab(ruben, "Plan")
    assert "Plan" in _headings(ruben)

    # Break-the-glass: a colleague of the same team, not involved, finds the dossier by BSN.
    mohamed = _login(browser, live_server, "generalist2")
    assert _status(mohamed.goto(f"{live_server.url}/dossiers/{dossier.pk}/")) == 404
    mohamed.goto(f"{live_server.url}/dossiers/zoeken/")
    mohamed.get_by_label("Naam, BSN of postcode met huisnummer").fill(adult.bsn)
    mohamed.get_by_role("button", name="Zoeken").click()
    mohamed.wait_for_url(re.compile(r"/dossiers/zoeken/\?q="))
    offer = mohamed.get_by_role("region", name="Dossiers van uw team waarbij u niet betrokken bent")
    offer.get_by_role("listitem").filter(has_text=str(dossier)).get_by_role(
        "link", name="Noodtoegang aanvragen"
    ).click()
    mohamed.wait_for_url(re.compile(rf"/toestemming/noodtoegang/{dossier.pk}/$"))
    mohamed.get_by_label("Waarom heeft u nu toegang nodig?").fill(BREAK_GLASS_REASON)
    mohamed.get_by_role("button", name="Noodtoegang openen").click()
    mohamed.wait_for_url(re.compile(rf"/dossiers/{dossier.pk}/$"))
    banner = mohamed.get_by_role("alert").filter(has_text="U bent niet betrokken bij dit dossier")
    assert banner.is_visible()
    assert BREAK_GLASS_REASON in banner.inner_text()
    assert "Tijdlijn" in offered_tabs(mohamed), "emergency access opens the whole dossier"
    open_tab(mohamed, "Tijdlijn")
    assert "Tijdlijn" in _headings(mohamed)
    glass = BreakGlass.objects.get(dossier=dossier, user__username="generalist2")
    assert ReviewItem.objects.filter(kind=ReviewKind.BREAK_THE_GLASS, break_glass=glass).exists()

    for reviewer in ("teamleider", "privacy"):
        page = _login(browser, live_server, reviewer)
        page.goto(f"{live_server.url}/toestemming/review/")
        rows = page.get_by_role("table", name="Openstaande reviewpunten").get_by_role("row")
        row = rows.filter(has_text=BREAK_GLASS_REASON)
        assert row.count() == 1, f"the break-the-glass is on the review list of {reviewer}"
        assert "Noodtoegang" in row.inner_text() and str(dossier) in row.inner_text()

    # The privacy officer searches the log by the BSN of a household member: every access is there.
    privacy = page
    privacy.goto(f"{live_server.url}/privacy/logboek/")
    privacy.get_by_label("BSN").fill(adult.bsn)
    privacy.get_by_label("Aanleiding").select_option("inzageverzoek")
    privacy.get_by_label("Kenmerk van het verzoek").fill("INZ-2026-014")
    privacy.get_by_role("button", name="Zoeken").click()
    privacy.wait_for_url(re.compile(r"/privacy/logboek/\?.*persoon="))
    assert adult.bsn not in privacy.url, "the BSN never ends up in a URL"
    assert f"inwoner={adult.pk}" not in privacy.url, "no person numbers in URLs"
    log = privacy.get_by_role("table", name="Gevonden logregels, nieuwste eerst").inner_text()
    for who, basis in (
        ("Sanne de Vries (Generalist)", AccessBasis.REGISSEUR.label),
        ("Ruben Hoekstra (Specialist (consultatie))", AccessBasis.CONSULTATIE.label),
        ("Mohamed El Amrani (Generalist)", AccessBasis.BREAK_THE_GLASS.label),
    ):
        assert any(who in line and str(basis) in line for line in log.splitlines()), f"{who} with basis {basis}"

    privacy.get_by_role("link", name="Toegangshistorie en inzage-export van deze persoon").click()
    privacy.wait_for_url(re.compile(r"/privacy/persoon/[^/]+/$"))
    history = privacy.get_by_role("table", name="Toegangshistorie").inner_text()
    assert "Noodtoegang (break-the-glass)" in history and "Consultatie (erbij gehaald)" in history

    with privacy.expect_download() as download:
        privacy.get_by_role("link", name="Inzage-overzicht als JSON (machineleesbaar)").click()
    inzage = json.loads(download.value.path().read_bytes())
    assert inzage["persoon"]["bsn"] == adult.bsn
    names = {entry["medewerker"] for entry in inzage["toegangshistorie"]}
    assert {"Sanne de Vries", "Ruben Hoekstra", "Mohamed El Amrani"} <= names
    assert any(entry["grondslag"] == str(AccessBasis.BREAK_THE_GLASS.label) for entry in inzage["toegangshistorie"])
    # The PDF and the full history are made by a background job: ask, follow the status, download.
    # Without a broker (as here) the job runs when the request commits, so the click waits for the PDF.
    privacy.get_by_role("button", name="Inzage-overzicht aanvragen").click(timeout=60_000)
    privacy.wait_for_url(re.compile(r"/privacy/inzage/[0-9a-f-]+/$"), timeout=60_000)
    pdf_link = privacy.get_by_role("link", name="Inzage-overzicht als PDF (voor de inwoner)")
    pdf_link.wait_for(timeout=30_000)  # the status part refreshes itself while the job runs
    with privacy.expect_download() as download:
        pdf_link.click()
    assert download.value.path().read_bytes().startswith(b"%PDF")
    with privacy.expect_download() as download:
        privacy.get_by_role("link", name="Volledige toegangshistorie als CSV (hoort bij het overzicht)").click()
    history_csv = download.value.path().read_text(encoding="utf-8-sig")
    assert "Mohamed El Amrani" in history_csv


def test_tampering_with_one_audit_row_is_detected_by_the_verify_command(browser, live_server, demo) -> None:
    dossier, _adult = _open_dossier_of_sanne()
    sanne = _login(browser, live_server, "generalist")
    sanne.goto(f"{live_server.url}/dossiers/{dossier.pk}/")
    sanne.goto(f"{live_server.url}/dossiers/{dossier.pk}/tijdlijn/")
    call_command("audit_verify")  # intact before anyone touches it

    entry = AccessLogEntry.objects.filter(dossier_id=dossier.pk, user__username="generalist").order_by("id").first()
    assert entry is not None
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(AccessLogEntry._meta.db_table)
        cursor.execute(f"UPDATE {table} SET detail = %s WHERE id = %s", ["x", entry.pk])  # noqa: S608

    with pytest.raises((CommandError, SystemExit)) as failure:
        call_command("audit_verify")
    assert f"#{entry.pk} " in str(failure.value)
    assert "gewijzigd" in str(failure.value)
