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


#: The rows data migrations make that the demo builds on, as (migration module, function), in migration order.
#: Each function creates what is missing and leaves what is there (the decrees only when there are none).
MIGRATION_DATA = (
    ("assessments.migrations.0002_zrm_2017", "seed"),
    ("assessments.migrations.0004_instrument_descriptions", "describe"),
    ("reflection.migrations.0002_national_themes", "seed"),
    ("accounts.migrations.0002_functioneel_beheer_group", "create_group"),
    ("accounts.migrations.0004_functioneel_beheer_resets_second_factor", "grant"),
    ("decisions.migrations.0002_functioneel_beheer_configuration", "grant"),
    ("jobs.migrations.0002_functioneel_beheer_sees_runs", "grant"),
    ("reflection.migrations.0004_functioneel_beheer_edits_themes", "grant"),
    ("retention.migrations.0002_default_rules_and_beheer", "create_defaults"),
    ("deadlines.migrations.0003_known_decrees", "grant"),
    # Last: takes back what the grants above gave too much (and sets each app's models_module to None on the
    # way, which with the live app registry is put back after it).
    ("accounts.migrations.0006_functioneel_beheer_least_privilege", "forwards"),
)


@pytest.fixture
def migration_data(reference_data: None) -> None:
    """Restore every row the demo needs from data migrations: the ZRM, the national reflection themes, the
    beheerder's group and permissions, the default retention rules and the equated-day decrees.

    Without them (emptied by an earlier browser test) the demo has no reflection sessions and the beheerder no
    screens in /beheer/, so a test that walks the demo would reach fewer pages without noticing.
    """
    from importlib import import_module

    from django.apps import apps

    from deadlines.models import EquatedDayDecree

    models_modules = {config.label: config.models_module for config in apps.get_app_configs()}
    try:
        for module, function in MIGRATION_DATA:
            getattr(import_module(module), function)(apps, None)
    finally:
        for config in apps.get_app_configs():
            config.models_module = models_modules[config.label]
    if not EquatedDayDecree.objects.exists():
        import_module("deadlines.migrations.0003_known_decrees").ship_decrees(apps, None)
