"""WCAG 2.1 AA checks with axe-core (from npm) on the key casework pages, in a real browser."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from accounts.models import Role
from dossiers import parts
from dossiers.models import Dossier
from dossiers.transitions import Status
from testsupport.factories import InwonerFactory, TeamFactory, UserFactory, dossier_for, member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _violations(page) -> list[str]:
    # The CSP allows no inline script, so axe comes in as a script of the page's own origin (served by the test).
    origin = "/".join(page.url.split("/")[:3]) if page.url.startswith("http") else ""
    # Checking the same page again (at another width) reuses the axe it already has.
    if page.evaluate("() => typeof axe === 'undefined'"):
        if origin:
            page.route(
                f"{origin}/__axe__.js", lambda route: route.fulfill(path=str(AXE), content_type="text/javascript")
            )
            page.add_script_tag(url=f"{origin}/__axe__.js")
        else:
            page.add_script_tag(path=str(AXE))
    result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['target']}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def test_login_page_has_no_serious_wcag_violations(page, live_server) -> None:
    page.goto(f"{live_server.url}/account/inloggen/")
    assert _violations(page) == []


@pytest.mark.parametrize("path", ["/dossiers/", "/dossiers/triage/", "/dossiers/melding/nieuw/", "/dossiers/zoeken/"])
def test_casework_pages_have_no_serious_wcag_violations(page, live_server, reference_data, path: str) -> None:
    team = TeamFactory()
    sanne = member_of(team, UserFactory(username="sanne", role=Role.GENERALIST))
    dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=sanne)
    dossier_for(team, status=Status.AANGEMELD)
    page.context.add_cookies(_session_cookie(live_server, sanne))
    page.goto(f"{live_server.url}{path}")
    assert _violations(page) == []


def test_triage_assign_page_has_no_serious_wcag_violations(page, live_server, reference_data) -> None:
    team = TeamFactory()
    sanne = member_of(team, UserFactory(username="sanne", role=Role.GENERALIST))
    dossier = dossier_for(team, status=Status.AANGEMELD)
    page.context.add_cookies(_session_cookie(live_server, sanne))
    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/toewijzen/")
    assert _violations(page) == []


def test_dossier_page_has_no_serious_wcag_violations(page, live_server, reference_data) -> None:
    team = TeamFactory()
    sanne = member_of(team, UserFactory(username="sanne", role=Role.GENERALIST))
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=sanne)
    dossier.huishouden.leden.create(inwoner=InwonerFactory(voornamen="Noor"), rol="kind")
    page.context.add_cookies(_session_cookie(live_server, sanne))
    tabs = [parts.tab_url(dossier.pk, tab) for tab in parts.tabs()]  # the overview and every other tab
    for path in (*tabs, f"/onderzoek/{dossier.pk}/", f"/plan/{dossier.pk}/"):
        page.goto(f"{live_server.url}{path}")
        assert _violations(page) == [], path


def _session_cookie(live_server, user) -> list[dict[str, object]]:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return [
        {
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            # A host-only cookie for the live server (no leading dot). The suite runs with secure cookies, so the
            # name carries the __Host- prefix, which needs Secure and path /; Chromium treats http://localhost as
            # a secure context and sends it back.
            "domain": urlsplit(live_server.url).hostname,
            "path": "/",
            "secure": settings.SESSION_COOKIE_SECURE,
        }
    ]


def test_the_axe_check_itself_reports_a_violation(page) -> None:
    """Guard against a silently passing check: a page with known problems must fail it."""
    page.set_content('<html><body><img src="x.png"><input type="text"></body></html>')
    violations = _violations(page)
    assert any(v.startswith("image-alt") for v in violations)


def test_decision_and_message_pages_have_no_serious_wcag_violations(page, live_server, reference_data) -> None:
    """The consulent's decision screens and the beheerder's exchange screen, with a sent decision in place."""
    from django.core.management import call_command

    from decisions.models import Beschikking

    call_command("seed_demo", residents=300, seed=5, quiet=True)
    from accounts.models import User

    # The sent showcase decision, with its letter (the demo's open decision work holds others).
    # The consulent's showcase decision, not the one of the portal's demo household (demo/portal.py).
    from demo.portal import showcase_resident

    beschikking = (
        Beschikking.objects.select_related("aanvraag__dossier")
        .filter(letters__isnull=False)
        .exclude(aanvraag__inwoner=showcase_resident())
        .distinct()
        .get()
    )
    consulent = User.objects.get(username="consulent")
    dossier = beschikking.aanvraag.dossier
    page.context.add_cookies(_session_cookie(live_server, consulent))
    for path in (
        "/besluiten/",
        f"/besluiten/dossier/{dossier.pk}/aanvraag/nieuw/",
        f"/besluiten/aanvraag/{beschikking.aanvraag.pk}/",
        f"/besluiten/beschikking/{beschikking.pk}/",
        f"/besluiten/beschikking/{beschikking.pk}/bezwaar/nieuw/",
        f"/besluiten/dossier/{dossier.pk}/budget/",
        f"/dossiers/{dossier.pk}/",
        parts.tab_url(dossier.pk, parts.BESLUITEN),
        "/berichten/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert _violations(page) == [], path
    page.context.clear_cookies()
    page.context.add_cookies(_session_cookie(live_server, User.objects.get(username="beheer")))
    page.goto(f"{live_server.url}/berichten/uitwisseling/")
    assert _violations(page) == []


def test_privacy_pages_have_no_serious_wcag_violations(page, live_server, reference_data) -> None:
    """Consent register, consultation and sharing forms, break-the-glass, review list, log search, retention."""
    from django.core.management import call_command

    from accounts.models import User

    call_command("seed_demo", residents=300, seed=5, quiet=True)
    generalist = User.objects.get(username="generalist")
    dossier = Dossier.objects.filter(regisseur=generalist).exclude(status=Status.AFGESLOTEN).order_by("pk").first()
    assert dossier is not None
    page.context.add_cookies(_session_cookie(live_server, generalist))
    for path in (
        f"/toestemming/dossier/{dossier.pk}/",
        f"/toestemming/dossier/{dossier.pk}/erbij-halen/",
        f"/toestemming/dossier/{dossier.pk}/delen/",
        "/toestemming/consultaties/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert _violations(page) == [], path
    page.context.clear_cookies()
    page.context.add_cookies(_session_cookie(live_server, User.objects.get(username="privacy")))
    for path in ("/privacy/logboek/", "/toestemming/review/", "/bewaartermijnen/"):
        page.goto(f"{live_server.url}{path}")
        assert _violations(page) == [], path
