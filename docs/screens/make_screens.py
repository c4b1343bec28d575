"""Screenshots for docs/screens/ (issue 12): each role's start page, a dossier and the plan PDF.

Self-contained: builds the demo municipality in a fresh SQLite database in a temporary folder (never the
project's own db.sqlite3), serves it on a free local port from a thread, logs in as each demo role through
the real login forms (password and the code of the demo's authenticator key) in Debian's Chromium, and
writes the PNGs next to this file. Run from the project folder:

    .venv/bin/python docs/screens/make_screens.py

It takes about a minute. See README.md beside this file for what each picture shows.
"""

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

SCREENS = Path(__file__).resolve().parent
PROJECT = SCREENS.parent.parent
WIDTHS = (390, 768, 1280)
#: A very long page is cut off here (CSS pixels), so no picture grows to megabytes.
MAX_HEIGHT = 3000
ROLES = ("generalist", "teamleider", "consulent", "privacy", "specialist", "beheer", "beleid")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking"]
#: Pixels per PDF point for the plan PDF: 150 dpi, sharp enough to read, small enough to commit.
PDF_SCALE = 150 / 72


def _set_up_django(database: Path) -> None:
    sys.path.insert(0, str(PROJECT))
    os.chdir(PROJECT)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    # DEBUG serves the static files from the source tree (no collectstatic needed), as `make run` does.
    os.environ["DEBUG"] = "true"
    os.environ.setdefault("SECRET_KEY", "screenshots-only-not-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Playwright's sync API runs an event loop in this thread; the ORM calls here are plain and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    import django

    django.setup()


def _build_demo() -> None:
    from django.core.management import call_command

    from core.translations import compile_catalogues

    compile_catalogues()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", residents=400, seed=7, quiet=True)


def _start_server() -> tuple[Any, str]:
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.test.testcases import LiveServerThread

    server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    return server, f"http://127.0.0.1:{server.port}"


def _log_in(page: Any, url: str, username: str) -> None:
    from accounts.models import User
    from core.bench import fresh_code
    from demo.logins import DEMO_PASSWORD

    page.goto(f"{url}/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/account/inloggen/code/**")
    page.get_by_label("Code uit de authenticator-app").fill(fresh_code(User.objects.get(username=username)))
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(lambda address: "/account/inloggen/" not in address)
    page.wait_for_load_state("load")


def _shoot(page: Any, name: str) -> None:
    """The page at each width, as a full page cut off at MAX_HEIGHT."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.reload()
        height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
        path = SCREENS / f"{name}-{width}.png"
        page.screenshot(path=str(path), full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height})
        print(f"  {path.relative_to(PROJECT)}")


def _the_dossier() -> int:
    """An open dossier of the demo generalist with the fullest plan: the one the pictures show."""
    from django.db.models import Count

    from dossiers.models import Dossier
    from dossiers.transitions import Status

    dossier = (
        Dossier.objects.filter(regisseur__username="generalist", plan__isnull=False)
        .exclude(status=Status.AFGESLOTEN)
        .annotate(goals=Count("plan__doelen"))
        .order_by("-goals", "pk")
        .first()
    )
    if dossier is None:
        raise SystemExit("The demo generalist has no open dossier with a plan.")
    return dossier.pk


def _plan_pdf_pages(content: bytes) -> None:
    import pypdfium2

    document = pypdfium2.PdfDocument(content)
    for index in range(min(len(document), 2)):
        path = SCREENS / ("plan-pdf.png" if index == 0 else f"plan-pdf-{index + 1}.png")
        document[index].render(scale=PDF_SCALE).to_pil().save(path, optimize=True)
        print(f"  {path.relative_to(PROJECT)}")
    document.close()


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="screens-") as folder:
        _set_up_django(Path(folder) / "demo.sqlite3")
        print("Building the demo municipality …")
        _build_demo()
        server, url = _start_server()
        dossier = _the_dossier()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for username in ROLES:
                    print(username)
                    context = browser.new_context(locale="nl-NL", viewport={"width": WIDTHS[-1], "height": 900})
                    page = context.new_page()
                    _log_in(page, url, username)
                    _shoot(page, f"{username}-start")
                    if username == "generalist":  # the regisseur of the dossier in the pictures
                        page.goto(f"{url}/dossiers/{dossier}/")
                        _shoot(page, "dossier")
                        response = context.request.get(f"{url}/plan/{dossier}/pdf/")
                        if response.status != 200:
                            raise SystemExit(f"The plan PDF answered {response.status}.")
                        _plan_pdf_pages(response.body())
                    context.close()
                browser.close()
        finally:
            server.terminate()


if __name__ == "__main__":
    main()
