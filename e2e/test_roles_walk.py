"""Each role from the login form to its own start page, and axe on every page a role reaches (issue 12).

"Done when" of issue 12: a browser test walks each role from login to its start page without a 403, and axe finds
no serious or critical violation on any page at a phone (390), tablet (768) and desktop (1280 CSS pixels) width.

The pages a role reaches are its start page, every page its start page links to (the main menu included), and for
the casework roles every tab of one dossier they work on, with its onderzoek, a ZRM chart and its plan. Pages that differ only in
their numbers (another dossier, another filter value) are one page: the first link of each URL pattern is checked,
once for all roles. Downloads (PDF, CSV, letters) are no HTML pages and are left out.
"""

from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

from accounts.models import User
from demo.logins import DEMO_PASSWORD
from dossiers import parts
from dossiers.models import Dossier
from dossiers.transitions import Status
from e2e.login import log_in
from e2e.test_accessibility import _violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Each demo role's start page and the heading it opens with.
START_PAGES = {
    "generalist": ("/dossiers/", "Mijn werkvoorraad"),
    "teamleider": ("/start/team/", "Mijn team"),
    "consulent": ("/besluiten/", "Besluiten: aanvragen, handtekeningen en bezwaren"),
    "privacy": ("/toestemming/review/", "Reviewlijst privacy"),
    "specialist": ("/toestemming/consultaties/", "Mijn consultaties"),
    "beheer": ("/start/beheer/", "Beheer"),
    "beleid": ("/start/beleid/", "Beleid"),
}
#: The roles that open dossiers in their daily work.
CASEWORK = ("generalist", "teamleider", "consulent")
WIDTHS = (1280, 768, 390)

#: Every link on the page, as the browser resolved it, and whether it asks for a download.
LINKS = "() => [...document.querySelectorAll('a[href]')].map(a => [a.href, a.hasAttribute('download')])"
NOT_A_PAGE = (".pdf", ".csv", "/pdf/", "/csv/", "/export", "/uitloggen", "/static/", "/media/")


@pytest.fixture
def demo(migration_data: None) -> None:
    call_command("seed_demo", residents=400, seed=7, quiet=True)


def _new_page(browser: Any) -> tuple[Any, Any]:
    context = browser.new_context(locale="nl-NL", viewport={"width": WIDTHS[0], "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _log_in(page: Any, live_server: Any, username: str) -> list[tuple[str, int]]:
    """Log in through the forms; returns every page (path, status) the browser was sent to on the way."""
    documents: list[tuple[str, int]] = []
    page.on(
        "response",
        lambda response: (
            documents.append((urlsplit(response.url).path, response.status))
            if response.request.resource_type == "document"
            else None
        ),
    )
    log_in(page, live_server, username, DEMO_PASSWORD)
    page.wait_for_url(lambda url: "/account/inloggen/" not in url)
    page.wait_for_load_state("load")
    return documents


def test_each_role_logs_in_and_lands_on_its_own_start_page(browser: Any, live_server: Any, demo: None) -> None:
    for username, (start, heading) in START_PAGES.items():
        context, page = _new_page(browser)
        documents = _log_in(page, live_server, username)
        assert urlsplit(page.url).path == start, username
        assert documents[-1] == (start, 200), username
        assert all(status != 403 for _path, status in documents), (username, documents)
        assert page.get_by_role("heading", level=1).inner_text() == heading
        assert page.get_by_role("heading", name="Geen toegang").count() == 0
        context.close()


def _pattern(path_and_query: str) -> tuple[str, frozenset[str]] | None:
    """One key for the pages that differ only in their numbers or filter values; None for no page of this site."""
    url = urlsplit(path_and_query)
    try:
        match = resolve(url.path)
    except Resolver404:
        return None
    if match.namespace == "admin":  # the admin's lists, forms and indexes share one template each
        return f"admin:{match.url_name.rsplit('_', 1)[-1]}", frozenset()
    words = [f"{key}={value}" for key, value in match.kwargs.items() if not isinstance(value, int)]  # a tab's name
    return " ".join([match.route, *words]), frozenset(key for key, _value in parse_qsl(url.query) if key != "page")


def _linked_pages(page: Any, origin: str) -> list[str]:
    pages = []
    for href, download in page.evaluate(LINKS):
        url = urlsplit(href)
        if download or f"{url.scheme}://{url.netloc}" != origin:
            continue
        path = url.path + (f"?{url.query}" if url.query else "")
        if not any(part in url.path for part in NOT_A_PAGE):
            pages.append(path)
    return pages


def _dossier_pages(username: str) -> list[str]:
    """Every tab of one open dossier the role works on, its onderzoek, a member's ZRM chart and its plan."""
    from assessments.models import Score

    user = User.objects.get(username=username)
    dossiers = Dossier.objects.exclude(status=Status.AFGESLOTEN).order_by("pk")
    dossier = (
        dossiers.filter(regisseur=user, scores__isnull=False).first()  # one with a ZRM chart, when there is one
        or dossiers.filter(regisseur=user).first()
        or dossiers.filter(team__memberships__user=user).first()
    )
    if dossier is None:
        return []
    tabs = [parts.tab_url(dossier.pk, tab) for tab in parts.tabs()]
    pages = [*tabs, f"/onderzoek/{dossier.pk}/", f"/plan/{dossier.pk}/"]
    if scored := Score.objects.filter(dossier=dossier).values_list("inwoner_id", flat=True).first():
        pages.append(f"/onderzoek/{dossier.pk}/zrm/{scored}/verloop/")
    return pages


def test_no_page_a_role_reaches_has_serious_wcag_violations(browser: Any, live_server: Any, demo: None) -> None:
    seen: set[tuple[str, frozenset[str]]] = set()
    violations: dict[str, list[str]] = {}
    refused: dict[str, int] = {}
    for username, (start, _heading) in START_PAGES.items():
        context, page = _new_page(browser)
        _log_in(page, live_server, username)
        to_check = [start, *_linked_pages(page, live_server.url)]
        if username in CASEWORK:
            to_check += _dossier_pages(username)
        for path in to_check:
            key = _pattern(path)
            if key is None or key in seen:
                continue
            seen.add(key)
            page.set_viewport_size({"width": WIDTHS[0], "height": 900})
            response = page.goto(f"{live_server.url}{path}")
            if response is None or response.status != 200:
                refused[f"{username} {path}"] = response.status if response else 0
                continue
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                if found := _violations(page):
                    violations[f"{username} {path} @ {width}"] = found
        context.close()
    print(sorted(seen), len(seen))  # DEBUG
    reached = {route for route, _query in seen}
    # The walk reached the pages, not only the start pages: also the admin's lists and a reflection session.
    assert len(seen) > 30 and {"admin:changelist", "reflectie/sessie/<int:pk>/"} <= reached, sorted(reached)
    assert not refused, f"links on a start page that do not open: {refused}"
    assert not violations, "\n".join(f"{where}: {found}" for where, found in violations.items())
