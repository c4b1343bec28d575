"""Logging in through the real login form, in a browser."""

import pytest

from accounts.models import Role
from e2e.login import fill_password, log_in
from testsupport.factories import TeamFactory, UserFactory, member_of

PASSWORD = "geheim-wachtwoord-123"  # the factory's password

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill_login(page, live_server, username: str, password: str) -> None:
    """Password and code from the authenticator app (see e2e/login.py)."""
    log_in(page, live_server, username, password)


def test_generalist_logs_in_and_lands_on_mijn_werkvoorraad(page, live_server) -> None:
    member_of(TeamFactory(), UserFactory(username="sanne", role=Role.GENERALIST))

    _fill_login(page, live_server, "sanne", PASSWORD)

    page.wait_for_url(f"{live_server.url}/dossiers/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn werkvoorraad"


def test_wrong_password_shows_a_dutch_error(page, live_server) -> None:
    UserFactory(username="sanne", role=Role.GENERALIST)

    fill_password(page, live_server, "sanne", "verkeerd-wachtwoord")

    assert page.get_by_role("alert").inner_text().strip() == "Gebruikersnaam of wachtwoord is onjuist."
    assert page.url.startswith(f"{live_server.url}/account/inloggen/")


def test_login_page_loads_the_nl_design_system_css(page, live_server) -> None:
    """The Utrecht CSS comes from node_modules through staticfiles; without it the button is unstyled."""
    failed: list[str] = []
    page.on(
        "response",
        lambda response: failed.append(response.url) if "/static/" in response.url and response.status >= 400 else None,
    )

    page.goto(f"{live_server.url}/account/inloggen/")
    page.wait_for_load_state("load")

    assert failed == []
    button = page.get_by_role("button", name="Inloggen")
    # The design tokens give the primary button a coloured background; a browser default is transparent/grey.
    background = button.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in {"rgba(0, 0, 0, 0)", "rgb(239, 239, 239)", "rgb(240, 240, 240)"}
    assert page.evaluate("() => typeof window.htmx") == "object"


def test_beleidsmedewerker_lands_on_a_start_page_without_personal_data(page, live_server) -> None:
    UserFactory(username="ahmet", role=Role.BELEIDSMEDEWERKER)

    _fill_login(page, live_server, "ahmet", PASSWORD)

    page.wait_for_url(f"{live_server.url}/start/beleid/")
    assert page.get_by_role("heading", level=1).inner_text() == "Beleid"
    assert page.get_by_role("link", name="Mijn werkvoorraad").count() == 0


def test_demo_generalist_logs_in_with_the_documented_password_and_sees_dossiers(
    page, live_server, reference_data
) -> None:
    """The README promises these demo logins; a small demo municipality keeps the test quick."""
    from django.core.management import call_command

    from demo.logins import DEMO_PASSWORD

    call_command("seed_demo", residents=150, seed=2026, quiet=True, verbosity=0)

    _fill_login(page, live_server, "generalist", DEMO_PASSWORD)

    page.wait_for_url(f"{live_server.url}/dossiers/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn werkvoorraad"
    assert page.locator("tbody th a").count() > 0  # links to the generalist's own dossiers

    page.locator("tbody th a").first.click()
    page.wait_for_url(f"{live_server.url}/dossiers/*/")
    assert page.get_by_role("heading", level=1).is_visible()
