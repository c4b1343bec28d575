"""The dossier page's tab menu in a browser: open a tab the way a person does, and read which tabs it offers."""

from typing import Any

MENU = "Onderdelen van het dossier"


def open_tab(page: Any, name: str) -> None:
    """Click the tab in the menu and wait until the page shows it (the menu marks it as the current page)."""
    page.get_by_role("navigation", name=MENU).get_by_role("link", name=name, exact=True).click()
    page.locator('.app-tabs__link[aria-current="page"]', has_text=name).wait_for()


def offered_tabs(page: Any) -> list[str]:
    """The tabs the menu offers, in order."""
    return [
        " ".join(text.split())
        for text in page.get_by_role("navigation", name=MENU).get_by_role("link").all_inner_texts()
    ]
