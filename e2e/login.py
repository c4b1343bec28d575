"""Logging in through the real forms in a browser: the password, then the code an authenticator app shows.

The code is computed from the user's device key (accounts.testing.usable_code), exactly as the app on a phone
computes it; a user without a device gets one first, as if they had enrolled earlier.
"""

import re
from typing import Any

from accounts.models import User
from accounts.testing import device_for, usable_code

CODE_LABEL = "Code uit de authenticator-app"


def fill_password(page: Any, live_server: Any, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def fill_code(page: Any, username: str) -> None:
    """The second step; call after the password was accepted."""
    device = device_for(User.objects.get(username=username))
    page.wait_for_url(re.compile(r"/account/inloggen/code/"))
    page.get_by_label(CODE_LABEL).fill(usable_code(device))
    page.get_by_role("button", name="Bevestigen").click()


def log_in(page: Any, live_server: Any, username: str, password: str) -> None:
    """Both steps; the user ends up on the page the login leads to."""
    device_for(User.objects.get(username=username))  # enrolled before the password step sends them on
    fill_password(page, live_server, username, password)
    fill_code(page, username)
