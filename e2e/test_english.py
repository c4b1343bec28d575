"""The whole UI in English and back, through the language switch in the header (issue 12), in a browser.

Dutch is the default; a staff member who reads English better presses "English" in the header and every page they
open after that reads English (`<html lang="en">`), until they press "Nederlands". A heading, menu item or tab that
still shows a Dutch text from a catalogue (one whose English differs or is missing) fails the test.
"""

import re
from typing import Any

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

from core.translations import catalogues
from demo.logins import DEMO_PASSWORD
from e2e.login import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "en" not in dict(settings.LANGUAGES), reason="English catalogues not compiled (make translations)"
    ),
]

#: The texts a person reads first on a page: its headings, the main menu and the dossier's tabs.
LABELS = """() => [...document.querySelectorAll('h1, h2, h3, .app-nav a, .app-tabs a')]
  .map(el => el.innerText.replace(/\\s+/g, ' ').trim())"""


def _dutch_texts() -> set[str]:
    """Every text of the English catalogues whose English is missing or different: seen on a page, it is Dutch."""
    texts = set()
    for path in catalogues():
        if path.parts[-3] == "en":
            texts |= {entry.msgid for entry in polib.pofile(str(path)) if entry.msgstr != entry.msgid}
    return texts


def _dutch_on(page: Any) -> list[str]:
    dutch = _dutch_texts()
    return [text for text in page.evaluate(LABELS) if text in dutch]


def _switch(page: Any, button: str, language: str) -> None:
    page.locator(".app-bar").get_by_role("button", name=button, exact=True).click()
    page.wait_for_selector(f'html[lang="{language}"]')


def test_the_ui_switches_to_english_and_back(page: Any, live_server: Any, reference_data: None) -> None:
    call_command("seed_demo", residents=150, seed=2026, quiet=True)
    log_in(page, live_server, "generalist", DEMO_PASSWORD)
    page.wait_for_url(f"{live_server.url}/dossiers/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn werkvoorraad"

    english = page.locator(".app-bar").get_by_role("button", name="English", exact=True)
    assert english.get_attribute("lang") == "en"  # a screen reader reads the word in English
    _switch(page, "English", "en")
    assert page.url == f"{live_server.url}/dossiers/"  # back on the page it was pressed on
    assert page.get_by_role("heading", level=1).inner_text() == "My worklist"
    menu = page.get_by_role("navigation", name="Main menu")
    for item in ("My worklist", "Triage", "New referral", "Search", "Decisions", "Reflection"):
        assert menu.get_by_role("link", name=item, exact=True).count() == 1, item
    assert page.get_by_role("button", name="Log out").is_visible()
    assert _dutch_on(page) == []

    page.locator("tbody th a").first.click()  # one of the generalist's own dossiers
    page.wait_for_url(re.compile(r"/dossiers/\d+/$"))
    assert page.locator("html").get_attribute("lang") == "en"
    tabs = page.get_by_role("navigation", name="Sections of the case")
    for tab in ("Overview", "Household and network", "Referrals", "Timeline"):
        assert tabs.get_by_role("link", name=tab, exact=True).count() == 1, tab
    assert page.get_by_role("heading", name="Deadlines", exact=True).is_visible()
    assert _dutch_on(page) == []

    _switch(page, "Nederlands", "nl")
    assert (
        page.get_by_role("navigation", name="Onderdelen van het dossier").get_by_role("link", name="Overzicht").count()
    )
    assert page.get_by_role("heading", name="Termijnen", exact=True).is_visible()
    page.goto(f"{live_server.url}/dossiers/")  # stays Dutch on the next page
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn werkvoorraad"
    assert page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Zoeken").count() == 1
