"""Load test: a working day's mix of roles and pages against a running server (``make loadtest``).

    make serve                                  # or any gunicorn with DEMO_ENABLED=true on demo data
    make loadtest LOADTEST_HOST=http://127.0.0.1:8000 LOADTEST_USERS=50 LOADTEST_TIME=10m

Who does what (weights are simulated users, tasks within a user by how often a person does them):
generalists open their werkvoorraad and dossiers and search by name, BSN and postcode; the team leader
works the triage board and the team's werkvoorraad; the consulent checks besluiten and berichttaken; the
privacy officer searches the access log over a week or a month. Everyone pauses 1-5 s between pages.

Logging in is real: password, then the TOTP code of the demo account (the demo's keys are public by design,
demo/logins.py). A code works once per 30-second step and django-axes locks an account after 5 refused
codes, so the simulated users of one demo account share one logged-in session (like tabs of one browser)
instead of logging in one by one. The server must allow the demo accounts (DEMO_ENABLED=true): never point
this at real data, because every page view is written to the access log.

This file does not import Django: Locust runs it in its own process, usually on another machine.
"""

import time
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

import gevent.lock
from locust import HttpUser, between, task
from locust.clients import HttpSession
from openwijkteam_pages import (  # beside this file: Locust puts the locustfile's folder on sys.path
    CSRF_FIELD,
    DEMO_PASSWORD,
    DOSSIER_LINK,
    PATHS,
    TOTP_STEP,
    current_step,
    harvest_members,
    totp_code,
    totp_key,
)


class LoginRefused(Exception):
    pass


def _loopback_cookies(client: HttpSession) -> None:
    """Send the Secure (``__Host-``) cookies over plain HTTP to a server on this machine, as browsers do.

    Without DEBUG the session and CSRF cookies are Secure; browsers treat http://127.0.0.1 and localhost as
    a secure context and keep them, a requests cookie jar would not. Only for loopback hosts.
    """
    if urlsplit(str(client.base_url)).hostname in {"127.0.0.1", "localhost", "::1"}:
        for cookie in client.cookies:
            cookie.secure = False


def _post_form(client: HttpSession, path: str, data: dict[str, str], name: str) -> Any:
    form = client.get(path, name=name)
    _loopback_cookies(client)
    match = CSRF_FIELD.search(form.text)
    if match is None:
        raise LoginRefused(f"no form on {path} (status {form.status_code})")
    response = client.post(path, data={**data, "csrfmiddlewaretoken": match.group(1)}, allow_redirects=False, name=name)
    _loopback_cookies(client)
    return response


def log_in(client: HttpSession, username: str, *, used_steps: set[int]) -> dict[str, str]:
    """Password and TOTP code; returns the session's cookies. Waits for a fresh step rather than reuse a code."""
    response = _post_form(client, PATHS["login"], {"username": username, "password": DEMO_PASSWORD}, "login")
    if response.status_code != 302:
        raise LoginRefused(f"{username}: password step answered {response.status_code} (DEMO_ENABLED on?)")
    for _attempt in range(2):  # a code used moments ago by another run (e.g. the bench): the next step's code
        while current_step() in used_steps:
            gevent.sleep(TOTP_STEP - time.time() % TOTP_STEP + 0.5)
        step = current_step()
        used_steps.add(step)
        code = totp_code(totp_key(username), step)
        response = _post_form(client, PATHS["second_factor"], {"otp_token": code}, "login: code")
        if response.status_code == 302 and not response.headers.get("Location", "").startswith(PATHS["login"]):
            return {cookie.name: str(cookie.value) for cookie in client.cookies}
        if response.status_code != 200:
            break
    raise LoginRefused(f"{username}: second factor refused (status {response.status_code})")


class SharedLogins:
    """One logged-in session per demo account for all simulated users of that account (see the docstring)."""

    def __init__(self) -> None:
        self.cookies: dict[str, dict[str, str]] = {}
        self.locks: dict[str, gevent.lock.Semaphore] = {}
        self.used_steps: dict[str, set[int]] = {}

    def cookies_for(self, client: HttpSession, username: str) -> dict[str, str]:
        lock = self.locks.setdefault(username, gevent.lock.Semaphore())
        with lock:
            if username not in self.cookies:
                self.cookies[username] = log_in(
                    client, username, used_steps=self.used_steps.setdefault(username, set())
                )
            return self.cookies[username]

    def forget(self, username: str, cookies: dict[str, str]) -> None:
        if self.cookies.get(username) is cookies:
            del self.cookies[username]


LOGINS = SharedLogins()


class StaffUser(HttpUser):
    """A staff member with a logged-in browser session; subclasses say which accounts and pages."""

    abstract = True
    wait_time = between(1, 5)
    #: Demo accounts of this role; simulated users take them in turn.
    accounts: tuple[str, ...] = ()
    _next_account = 0

    def on_start(self) -> None:
        cls = type(self)
        self.username = cls.accounts[cls._next_account % len(cls.accounts)]
        cls._next_account += 1
        self.client.cookies.clear()
        self.cookies = LOGINS.cookies_for(self.client, self.username)
        self.client.cookies.clear()
        for name, value in self.cookies.items():
            self.client.cookies.set(name, value)

    def page(self, path: str, name: str | None = None) -> str:
        """GET a page; anything but a 200 without a detour to the login page is a failure."""
        with self.client.get(path, name=name or path, catch_response=True, allow_redirects=False) as response:
            if response.status_code == 200:
                response.success()
                return str(response.text)
            location = response.headers.get("Location", "")
            response.failure(f"status {response.status_code}{' -> ' + location if location else ''}")
            if location.startswith(PATHS["login"]):
                LOGINS.forget(self.username, self.cookies)  # the session ended: the next user logs in again
                self.on_start()
        return ""

    def search(self, query: str, kind: str) -> None:
        self.page(f"{PATHS['search']}?q={query.replace(' ', '+')}", name=f"{PATHS['search']}?q=[{kind}]")


class Generalist(StaffUser):
    weight = 6
    accounts = ("generalist", "generalist2", "generalist_noord")

    def on_start(self) -> None:
        super().on_start()
        self.dossiers: list[int] = []
        self.members: list[dict[str, str]] = []
        self.werkvoorraad()

    @task(5)
    def werkvoorraad(self) -> None:
        html = self.page(PATHS["werkvoorraad"])
        self.dossiers = [int(pk) for pk in dict.fromkeys(DOSSIER_LINK.findall(html))] or self.dossiers

    @task(5)
    def dossier(self) -> None:
        if not self.dossiers:
            return
        pk = self.dossiers[int(time.time() * 1000) % len(self.dossiers)]
        self.page(PATHS["dossier"].format(pk=pk), name=PATHS["dossier"].format(pk="[id]"))
        # The members are on the household tab: the names, BSNs and postcodes the searches type come from there.
        html = self.page(PATHS["household"].format(pk=pk), name=PATHS["household"].format(pk="[id]"))
        self.members = harvest_members(html) or self.members

    @task(2)
    def search_by_name(self) -> None:
        surnames = [member["surname"] for member in self.members if member["surname"]]
        self.search(surnames[0] if surnames else "Jansen", "naam")

    @task(1)
    def search_by_bsn(self) -> None:
        numbers = [member["bsn"] for member in self.members if member["bsn"]]
        if numbers:
            self.search(numbers[0], "bsn")

    @task(1)
    def search_by_postcode(self) -> None:
        addresses = [member["postcode"] for member in self.members if member["postcode"]]
        if addresses:
            self.search(addresses[0], "postcode")


class TeamLeader(StaffUser):
    weight = 1
    accounts = ("teamleider",)

    @task(4)
    def triage(self) -> None:
        self.page(PATHS["triage"])

    @task(1)
    def triage_next_page(self) -> None:
        self.page(PATHS["triage"] + "?pagina=2", name=PATHS["triage"] + "?pagina=[n]")

    @task(2)
    def team_werkvoorraad(self) -> None:
        self.page(PATHS["werkvoorraad"] + "?team=on", name=PATHS["werkvoorraad"] + "?team=on")


class Consulent(StaffUser):
    weight = 2
    accounts = ("consulent",)

    @task(3)
    def besluiten(self) -> None:
        self.page(PATHS["besluiten"])

    @task(3)
    def berichttaken(self) -> None:
        self.page(PATHS["berichttaken"])


class PrivacyOfficer(StaffUser):
    weight = 1
    accounts = ("privacy",)

    def log_search(self, days: int) -> None:
        today = date.today()
        since = (today - timedelta(days=days - 1)).isoformat()
        self.page(
            f"{PATHS['logboek']}?van={since}&tot={today.isoformat()}", name=f"{PATHS['logboek']}?van&tot ({days} d)"
        )

    @task(2)
    def log_search_week(self) -> None:
        self.log_search(7)

    @task(1)
    def log_search_month(self) -> None:
        self.log_search(31)
