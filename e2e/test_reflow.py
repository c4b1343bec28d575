"""WCAG 2.1 AA 1.4.10 (reflow), issue 12: on a small phone (320), a phone (390) and a tablet (768 CSS pixels) no
page is wider than the screen.

Tables may scroll inside their own container (`.app-table-wrap`); the page itself may not. Such a container is a
focusable, named region, so a keyboard can scroll it. On a phone the main menu folds into a "Menu" disclosure; from
a tablet on the links show. Generalists work on tablets at kitchen tables.
"""

from typing import Any

import pytest
from django.core.management import call_command

from demo.logins import DEMO_PASSWORD
from dossiers import parts
from dossiers.models import Dossier
from e2e.login import log_in
from e2e.test_accessibility import _violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 390, 768)
TABLET = 768
ROLES = ("generalist", "teamleider", "consulent", "privacy", "specialist", "beheer", "beleid")

# Every scrolling table wrapper on the page that is wider than its box: can it take the focus, and has it a name?
UNREACHABLE_TABLES = """() => [...document.querySelectorAll('.app-table-wrap')]
  .filter(el => el.scrollWidth > el.clientWidth)
  .filter(el => el.tabIndex !== 0 || el.getAttribute('role') !== 'region'
    || !(el.getAttribute('aria-label') || document.getElementById(el.getAttribute('aria-labelledby') || '')))
  .map(el => el.outerHTML.slice(0, 120))"""


@pytest.fixture
def demo(reference_data: None) -> None:
    call_command("seed_demo", residents=400, seed=7, quiet=True)


def _measure(page: Any, live_server: Any, paths: list[str], too_wide: dict, unreachable: dict) -> None:
    for path in paths:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and response.status == 200, path
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                too_wide[f"{path} @ {width}"] = scroll_width
            if tables := page.evaluate(UNREACHABLE_TABLES):
                unreachable[f"{path} @ {width}"] = tables


def test_the_daily_pages_reflow_on_phone_and_tablet(browser: Any, live_server: Any, demo: None) -> None:
    dossier = Dossier.objects.filter(team__memberships__user__username="teamleider").order_by("pk").first()
    assert dossier is not None
    too_wide: dict[str, int] = {}
    unreachable: dict[str, list[str]] = {}
    for username in ROLES:
        context = browser.new_context(locale="nl-NL", viewport={"width": TABLET, "height": 800})
        page = context.new_page()
        page.set_default_timeout(15_000)
        log_in(page, live_server, username, DEMO_PASSWORD)
        page.wait_for_url(lambda url: "/account/inloggen/" not in url)
        start = page.url.removeprefix(live_server.url)
        paths = [start]
        if username == "teamleider":
            paths += [
                "/dossiers/",
                "/dossiers/triage/",
                "/dossiers/melding/nieuw/",
                "/besluiten/",
                "/berichten/",
                *(parts.tab_url(dossier.pk, tab) for tab in parts.tabs()),  # the overview and every other tab
                f"/onderzoek/{dossier.pk}/",
                f"/plan/{dossier.pk}/",
                "/toestemming/review/",
            ]
        _measure(page, live_server, paths, too_wide, unreachable)
        context.close()
    assert not too_wide, f"pages wider than the screen: {too_wide}"
    assert not unreachable, f"scrolling tables without focus or name: {unreachable}"


def test_the_menu_folds_on_a_phone_and_marks_the_current_page(browser: Any, live_server: Any, demo: None) -> None:
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, "generalist", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/dossiers/triage/")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    triage = menu.get_by_role("link", name="Triage")
    assert not triage.is_visible()  # folded away on a phone
    menu.get_by_text("Menu", exact=True).click()  # no JavaScript needed: a <details> disclosure
    assert triage.is_visible() and triage.get_attribute("aria-current") == "page"
    assert menu.get_by_role("link", name="Zoeken").get_attribute("aria-current") is None
    assert _violations(page) == []
    page.set_viewport_size({"width": TABLET, "height": 800})
    page.reload()
    assert menu.get_by_text("Menu", exact=True).is_hidden() and triage.is_visible()  # a tablet shows the links
    assert _violations(page) == []
    context.close()
