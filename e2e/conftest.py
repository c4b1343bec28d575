"""Browser tests: a real headless Chromium (Debian's package) against pytest-django's live server.

When chromium is not installed the tests are skipped with a visible reason (pytest runs with -rs),
so a green run never hides that the browser tests did not run.
"""

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run next to one
# unless told it is safe (it is: the test and the live server use their own connections).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    if os.path.exists("/usr/bin/chromium"):
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    if executable is None:
        pytest.skip("chromium not installed: browser tests skipped")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright not installed: browser tests skipped")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def reference_data(transactional_db: None) -> None:
    """Restore the rows data migrations create (the ZRM instrument).

    Browser tests need ``transaction=True`` (the live server runs in another thread), and Django
    empties every table after such a test, including rows that came from data migrations.
    """
    from importlib import import_module

    from django.apps import apps

    import_module("assessments.migrations.0002_zrm_2017").seed(apps, None)
