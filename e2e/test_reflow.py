"""WCAG 2.1 AA 1.4.10 (reflow): at 320 CSS pixels wide the daily pages need no horizontal scrolling.

Tables may scroll inside their own container (`.app-table-wrap`); the page itself may not. The main
menu wraps instead of running off the screen.
"""

from typing import Any

import pytest
from django.core.management import call_command

from demo.logins import DEMO_PASSWORD
from dossiers import parts
from dossiers.models import Dossier
from e2e.login import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 320, "height": 800}


@pytest.fixture
def demo(reference_data: None) -> None:
    call_command("seed_demo", residents=400, seed=7, quiet=True)


def test_the_daily_pages_reflow_at_320_pixels(browser: Any, live_server: Any, demo: None) -> None:
    dossier = Dossier.objects.filter(team__memberships__user__username="teamleider").order_by("pk").first()
    assert dossier is not None
    context = browser.new_context(locale="nl-NL", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, "teamleider", DEMO_PASSWORD)
    page.wait_for_url(lambda url: "/account/inloggen/" not in url)
    too_wide = {}
    for path in (
        "/dossiers/",
        "/dossiers/triage/",
        "/dossiers/melding/nieuw/",
        "/besluiten/",
        "/berichten/",
        *(parts.tab_url(dossier.pk, tab) for tab in parts.tabs()),  # the overview and every other tab
        f"/onderzoek/{dossier.pk}/",
        f"/plan/{dossier.pk}/",
        "/toestemming/review/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[path] = width
    context.close()
    assert not too_wide, f"pages wider than {PHONE['width']} px: {too_wide}"
