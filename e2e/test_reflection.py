"""Issue 5 end to end in a browser: a facilitator runs a kwaliteitsscan with three participants on their own
phones (separate browser contexts), watches the live results, puts a statement to the room, records a note
and an action, downloads the PDF report, and a follow-up session shows the change per theme."""

import re
from datetime import date, timedelta
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.utils.formats import date_format
from playwright.sync_api import expect

from e2e.login import log_in
from organisation.models import Team
from reflection import services
from reflection.models import Action, Session, Stage, Theme, ThemeNote
from testsupport.factories import TeamFactory, UserFactory, member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "geheim-wachtwoord-123"
LIVE = 10_000  # ms: htmx polls every 3 s (facilitator) and 4 s (phone)
THEMES = ["Botsende waarden", "Dwingende systemen", "Heilige huisjes"]


@pytest.fixture
def themes(reference_data: None) -> None:
    """The nine national themes come from a data migration, which a transactional test empties."""
    import_module("reflection.migrations.0002_national_themes").seed(apps, None)


@pytest.fixture
def facilitator(themes: None) -> Any:
    team = TeamFactory(name="Wijkteam Noord")
    return member_of(team, UserFactory(username="begeleider"))


def _facilitator_page(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server, "begeleider", PASSWORD)
    page.wait_for_url(lambda url: "/account/inloggen" not in url)
    return page


def _phone(browser: Any) -> Any:
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def _create_session(page: Any, live_server: Any, title: str) -> tuple[int, str]:
    page.goto(f"{live_server.url}/reflectie/nieuw/")
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Team").select_option(label="Wijkteam Noord")
    page.get_by_label("Vorm").select_option("kwaliteitsscan")
    for name in THEMES:
        page.get_by_label(name, exact=True).check()
    # The prefilled date does not reach the browser (see test_new_session_form_prefills_today): fill it in.
    page.get_by_label("Datum").fill(date.today().isoformat())
    page.get_by_role("button", name="Sessie aanmaken").click()
    page.wait_for_url(re.compile(r"/reflectie/sessie/\d+/$"))
    expect(page.get_by_text("De sessie is aangemaakt.")).to_be_visible()
    pk = int(re.search(r"/sessie/(\d+)/$", page.url).group(1))  # type: ignore[union-attr]
    code_text = page.locator(".app-join-code").text_content() or ""
    code = re.search(r"\b([A-Z2-9]{6})\b", code_text).group(1)  # type: ignore[union-attr]
    return pk, code


def _join(phone: Any, live_server: Any, code: str, perspective: str, name: str = "") -> None:
    phone.goto(f"{live_server.url}/reflectie/deelnemen/")
    phone.get_by_label("Deelnamecode").fill(code)
    phone.get_by_label("Uw perspectief").select_option(perspective)
    if name:
        phone.get_by_label("Naam").fill(name)
    phone.get_by_role("button", name="Deelnemen").click()
    phone.wait_for_url(re.compile(r"/reflectie/scoren/$"))


def _score(phone: Any, scores: dict[str, int]) -> None:
    for theme_name, value in scores.items():
        group = phone.get_by_role("group", name=theme_name)
        group.get_by_label(re.compile(rf"^{value}(\s|$)")).check()
    phone.get_by_role("button", name="Scores opslaan").click()
    expect(phone.get_by_text("Uw scores zijn opgeslagen.")).to_be_visible()


def _article(page: Any, heading: str) -> Any:
    return page.locator("article").filter(has=page.get_by_role("heading", name=heading, exact=True))


def test_facilitator_runs_a_kwaliteitsscan_with_three_phones_and_a_follow_up(
    browser: Any, live_server: Any, facilitator: Any, tmp_path: Path
) -> None:
    page = _facilitator_page(browser, live_server)

    # 1. The session, with three chosen themes; the join code is on the page.
    pk, code = _create_session(page, live_server, "Kwaliteitsscan voorjaar")
    session = Session.objects.get(pk=pk)
    assert session.join_code == code
    assert [
        t.name for t in Theme.objects.filter(session_themes__session=session).order_by("session_themes__order")
    ] == THEMES
    results = page.locator("#resultaten")
    expect(results).to_contain_text("Aantal antwoorden: 0")
    page.evaluate("window.__noReload = true")

    # 2. Three phones join with the code, each from a different perspective, one with a name.
    phones = [_phone(browser) for _ in range(3)]
    _join(phones[0], live_server, code, "professional", name="Fatima")
    _join(phones[1], live_server, code, "beleid")
    _join(phones[2], live_server, code, "management_bestuur")
    assert sorted(session.participants.values_list("display_name", flat=True)) == ["", "", "Fatima"]
    _score(phones[0], {"Botsende waarden": 8, "Dwingende systemen": 4, "Heilige huisjes": 6})
    _score(phones[1], {"Botsende waarden": 7, "Dwingende systemen": 5, "Heilige huisjes": 5})
    _score(phones[2], {"Botsende waarden": 9, "Dwingende systemen": 3})  # Heilige huisjes: only two answers

    # 3. Live distribution and ranking on the facilitator's screen, without a reload.
    botsend = _article(page, "Botsende waarden")
    expect(botsend).to_contain_text("Aantal antwoorden: 3", timeout=LIVE)
    expect(botsend.locator("dl")).to_contain_text("8,0")  # median and mean 8,0
    distribution = botsend.get_by_role("table", name=re.compile("Verdeling van de scores voor Botsende waarden"))
    for score in (7, 8, 9):
        expect(distribution.get_by_role("row", name=re.compile(rf"^{score} 1\b"))).to_be_visible()
    expect(_article(page, "Dwingende systemen")).to_contain_text("Aantal antwoorden: 3", timeout=LIVE)
    expect(results.locator("ol > li")).to_have_text(THEMES)  # highest mean first, the small group last
    huisjes = _article(page, "Heilige huisjes")
    expect(huisjes).to_contain_text("Aantal antwoorden: 2")
    expect(huisjes).to_contain_text("te weinig antwoorden")
    expect(huisjes.locator("dl")).to_have_count(0)
    expect(huisjes.get_by_role("table", name=re.compile("Verdeling"))).to_have_count(0)
    assert page.evaluate("window.__noReload") is True

    # 4. A statement to the room: only the count until the facilitator reveals the spread.
    page.get_by_role("link", name="Botsende waarden").click()
    page.wait_for_url(re.compile(r"/thema/\d+/$"))
    statement = page.locator("#stellingen-lijst article").first
    statement_text = (statement.get_by_role("heading").text_content() or "").strip()
    statement.get_by_role("button", name="Stelling openen").click()
    expect(page.get_by_text("De stelling staat open")).to_be_visible()
    page.evaluate("window.__noReload = true")
    for phone, position in zip(phones, ["eens", "eens", "helemaal oneens"], strict=True):
        block = phone.locator("#stelling")
        expect(block).to_contain_text(statement_text, timeout=LIVE)  # the phone polls for the open statement
        block.get_by_label(position, exact=True).check()
        block.get_by_role("button", name="Standpunt opslaan").click()
        expect(phone.get_by_text("Uw standpunt is opgeslagen.")).to_be_visible()
    statement = page.locator("#stellingen-lijst article").first
    expect(statement).to_contain_text("Staat open · 3 antwoorden", timeout=LIVE)
    expect(statement.get_by_role("table")).to_have_count(0)
    assert page.evaluate("window.__noReload") is True
    statement.get_by_role("button", name="Spreiding tonen").click()
    spread = page.get_by_role("table", name="Spreiding van de standpunten")
    expect(spread.get_by_role("row", name=re.compile(r"^eens 2$"))).to_be_visible()
    expect(spread.get_by_role("row", name=re.compile(r"^helemaal oneens 1$"))).to_be_visible()
    expect(spread.get_by_role("row", name=re.compile(r"^neutraal 0$"))).to_be_visible()

    # 5. A note and an action; scoring closes; the PDF report.
    page.get_by_role("textbox", name="Notitie").fill("Beleid en uitvoering wegen kosten en wat nodig is anders.")
    page.get_by_role("button", name="Notitie bewaren").click()
    expect(page.get_by_text("De notitie is bewaard.")).to_be_visible()
    expect(page.locator("#notities")).to_contain_text("Beleid en uitvoering wegen kosten")
    due = date.today() + timedelta(days=30)
    page.get_by_role("textbox", name="Wat gaan we doen?").fill("Casusoverleg over botsende waarden met beleid")
    page.get_by_role("textbox", name="Wie pakt het op?").fill("Teamleider Noord")
    page.get_by_label("Klaar op").fill(due.isoformat())
    page.get_by_role("combobox", name="Fase").select_option("do")
    page.get_by_role("button", name="Actie vastleggen").click()
    expect(page.get_by_text("De actie is vastgelegd.")).to_be_visible()
    action_row = page.get_by_role("table", name=re.compile("Afgesproken acties")).get_by_role(
        "row", name=re.compile("Casusoverleg")
    )
    expect(action_row).to_contain_text("Teamleider Noord")
    expect(action_row).to_contain_text(date_format(due))
    expect(action_row).to_contain_text("Do")
    assert ThemeNote.objects.filter(session=session).count() == 1
    action = Action.objects.get(session=session)
    assert (action.owner, action.due_on, action.stage) == ("Teamleider Noord", due, Stage.DO)

    page.get_by_role("link", name="Terug naar de sessie").click()
    page.get_by_role("button", name="Scoren sluiten").click()
    expect(page.get_by_text("Het scoren is gesloten.").first).to_be_visible()
    phones[0].reload()
    expect(phones[0].get_by_text("Het scoren is gesloten voor deze sessie.")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="als PDF").click()
    pdf = tmp_path / "rapport.pdf"
    download_info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")

    # 6. A follow-up session (the form has no previous-session field: linked through the ORM).
    follow_pk, follow_code = _create_session(page, live_server, "Kwaliteitsscan najaar")
    Session.objects.filter(pk=follow_pk).update(previous_session=session)
    _join(phones[0], live_server, follow_code, "professional", name="Fatima")
    _join(phones[1], live_server, follow_code, "beleid")
    _join(phones[2], live_server, follow_code, "management_bestuur")
    _score(phones[0], {"Botsende waarden": 5, "Dwingende systemen": 6, "Heilige huisjes": 4})
    _score(phones[1], {"Botsende waarden": 4, "Dwingende systemen": 6, "Heilige huisjes": 4})
    _score(phones[2], {"Botsende waarden": 6, "Dwingende systemen": 6, "Heilige huisjes": 7})
    page.reload()
    page.get_by_role("link", name="Vergelijking met de vorige sessie").click()
    page.wait_for_url(re.compile(rf"/sessie/{follow_pk}/vervolg/$"))
    table = page.get_by_role("table", name="Mediaan en gemiddelde per thema, eerder en nu")
    cells = {
        name: [
            c.strip() for c in table.get_by_role("row", name=re.compile(rf"^{name}")).locator("td").all_text_contents()
        ]
        for name in THEMES
    }
    assert cells["Botsende waarden"] == ["8,0", "5,0", "-3,0", "8,0", "5,0", "-3,0"]
    assert cells["Dwingende systemen"] == ["4,0", "6,0", "+2,0", "4,0", "6,0", "+2,0"]
    # Before, Heilige huisjes had two answers: no values then, so no difference now.
    assert cells["Heilige huisjes"] == ["te weinig antwoorden", "4,0", "–", "te weinig antwoorden", "5,0", "–"]

    for phone in phones:
        phone.context.close()
    page.context.close()


def test_session_page_title_is_the_session_title(browser: Any, live_server: Any, facilitator: Any) -> None:
    session = services.create_session(
        title="Kwaliteitsscan titel",
        gemeente=Team.objects.get(name="Wijkteam Noord").gemeente,
        team=None,
        facilitator=facilitator,
        themes=list(Theme.objects.filter(gemeente=None)[:2]),
        date=date.today(),
        mode="kwaliteitsscan",
    )
    page = _facilitator_page(browser, live_server)
    page.goto(f"{live_server.url}/reflectie/sessie/{session.pk}/")
    try:
        assert page.title() == "Kwaliteitsscan titel – Open Wijkteam"
    finally:
        page.context.close()


def test_new_session_form_prefills_today(browser: Any, live_server: Any, facilitator: Any) -> None:
    page = _facilitator_page(browser, live_server)
    page.goto(f"{live_server.url}/reflectie/nieuw/")
    try:
        assert page.get_by_label("Datum").input_value() == date.today().isoformat()
    finally:
        page.context.close()
